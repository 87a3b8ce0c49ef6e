package dev.tether.core.internal;

import dev.tether.core.CloseReason;
import dev.tether.core.annotations.ThreadSafe;

/**
 * The per-target connection cap (docs/behaviour.md E3): a new connection is counted in the target's
 * open count ({@link TargetPool#tryReserveOpen}) before it is opened; at the cap, the target's least recently parked
 * connection (any key, any loop) is closed to make room.
 *
 * <p>Thread safety: stateless; the open count is reserved with compare-and-set; loop locks are only
 * try-locked, one at a time.
 */
@ThreadSafe
final class Capacity {
    private static final int ATTEMPTS = 4;

    private Capacity() {
    }

    /** Counts a new connection in the target's open count; false if the cap leaves no room. */
    static boolean reserve(TargetPool pool) {
        int cap = pool.limits.maxConnectionsPerTarget();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (pool.tryReserveOpen(cap)) {
                return true;
            }
            if (!closeLeastRecentlyParked(pool)) {
                return false;
            }
        }
        return false;
    }

    /** Closes the target's least recently parked connection (TARGET_CAP); false if none was parked. */
    private static boolean closeLeastRecentlyParked(TargetPool pool) {
        LoopPool best = null;
        long bestParkedAt = 0;
        for (LoopPool lp : pool.loops) {
            if (lp.stripe.parked() == 0 || !lp.lock.tryLock()) {
                continue;
            }
            try {
                Conn head = lp.lruHead();
                if (head != null && (best == null || head.parkedAtNanos - bestParkedAt < 0)) {
                    best = lp;
                    bestParkedAt = head.parkedAtNanos;
                }
            } finally {
                lp.lock.unlock();
            }
        }
        if (best == null || !best.lock.tryLock()) {
            return false;
        }
        try {
            return best.closeLruHeadLocked(CloseReason.TARGET_CAP);
        } finally {
            best.lock.unlock();
        }
    }
}
