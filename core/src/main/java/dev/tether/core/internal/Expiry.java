package dev.tether.core.internal;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectionState;
import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.ThreadSafe;

/**
 * The lifetime extension (docs/behaviour.md E1): a connection whose age reaches {@code maxLifetime}
 * latches {@code noNewStreams} (TTL) at the next engine touch; if it is idle it is closed at once,
 * if it is AVAILABLE it leaves the list.
 *
 * <p>Thread safety: stateless; runs under the connection's home loop lock.
 */
@ThreadSafe
final class Expiry {
    private Expiry() {
    }

    /** True if {@code c} reached its lifetime (and was latched, and closed when idle). */
    @GuardedBy("home.lock")
    static boolean expiredLocked(LoopPool home, Conn c, long now) {
        long ttl = home.pool.limits.maxLifetimeNanos();
        if (ttl == 0 || now - c.createdAtNanos < ttl) {
            return false;
        }
        c.latch(CloseReason.TTL);
        ConnectionState s = c.state;
        if (s.isParked() || s == ConnectionState.PRIVATE_IDLE) {
            home.closeLocked(c, CloseReason.TTL);
        } else if (s == ConnectionState.AVAILABLE) {
            home.moveLocked(c, ConnectionState.EXCLUSIVE, null, now);
        }
        return true;
    }

    /** When {@code c} expires, or {@link TargetPool#NO_DEADLINE} when E1 is off or it is latched. */
    static long deadline(Conn c) {
        long ttl = c.pool.limits.maxLifetimeNanos();
        return ttl == 0 || c.noNewStreams ? TargetPool.NO_DEADLINE : c.createdAtNanos + ttl;
    }
}
