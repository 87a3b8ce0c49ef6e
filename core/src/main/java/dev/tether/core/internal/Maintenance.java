package dev.tether.core.internal;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectionState;
import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.ThreadSafe;

/**
 * {@code maintain(now)}: the purge passes (docs/behaviour.md R54–R57), lifetimes and idle timeouts
 * (E1, E2), waiter timeouts (E3), leak reports (E5) and pre-connect (E6); and the next deadline.
 *
 * <p>Thread safety: may run on any thread, concurrently with the loops. A purge pass takes all of
 * a target's loop locks in index order (no other code holds two of them), closes transports only
 * after releasing them all.
 */
@ThreadSafe
final class Maintenance {
    private final DefaultReuseEngine engine;

    Maintenance(DefaultReuseEngine engine) {
        this.engine = engine;
    }

    /** Runs what is due at {@code now}; returns the nanoseconds to the next deadline, or −1. */
    long maintain(long now) {
        long next = TargetPool.NO_DEADLINE;
        for (TargetPool pool : engine.targets()) {
            long deadline = pool.purgeDeadline.get();
            if (deadline != TargetPool.NO_DEADLINE && deadline - now <= 0) {
                purgePass(pool, now);
            }
            next = earliest(next, pool.purgeDeadline.get());
            if (pool.limits.maxLifetimeNanos() > 0 || pool.limits.parkedIdleTimeoutNanos() > 0) {
                for (LoopPool lp : pool.loops) {
                    next = earliest(next, expire(lp, now));
                }
            }
            next = earliest(next, pool.waiters.expire(now));
            engine.preconnects().topUp(pool, now);
        }
        next = earliest(next, engine.leaks().scan(now));
        return next == TargetPool.NO_DEADLINE ? -1 : Math.max(0, next - now);
    }

    static long earliest(long a, long b) {
        if (a == TargetPool.NO_DEADLINE) {
            return b;
        }
        if (b == TargetPool.NO_DEADLINE) {
            return a;
        }
        return b - a < 0 ? b : a;
    }

    /** One purge pass over all loops of {@code pool} (R55, D7). */
    void purgePass(TargetPool pool, long now) {
        PurgeEvent event = FlightEvents.beginPurge();
        LoopPool[] loops = pool.loops;
        long parked;
        long estimate;
        long closed = 0;
        for (LoopPool lp : loops) {
            lp.lock.lock();
        }
        try {
            parked = pool.parkedSum();
            if (parked == 0) {
                pool.purgeDeadline.set(TargetPool.NO_DEADLINE);  // R55.1
                return;
            }
            long used = pool.usedSum();
            long peak = pool.peakUsed.get();
            long need = pool.estimatedNeed.get();
            long excess = used + parked - Math.max(peak, need);  // R55.2
            long toKill = excess > 0 ? (excess + 1) / 2 : 0;
            estimate = Math.max(peak, (need + peak) / 2);
            pool.estimatedNeed.set(estimate);                    // R55.3
            pool.peakUsed.set(used);
            if (toKill > 0) {
                for (LoopPool lp : loops) {
                    long parkedHere = lp.stripe.parked();
                    long quota = Math.min(parkedHere, toKill * parkedHere / parked + 1); // R55.4
                    closed += closeLeastRecentlyParked(lp, quota);
                }
            }
            for (LoopPool lp : loops) {
                lp.index.sweepEmpty();
            }
            pool.purgeDeadline.set(pool.parkedSum() > 0 ? now + pool.limits.purgeDelayNanos() : TargetPool.NO_DEADLINE);
        } finally {
            for (int i = loops.length - 1; i >= 0; i--) {
                loops[i].lock.unlock();
            }
            for (LoopPool lp : loops) {
                lp.flushClosing();
            }
        }
        FlightEvents.purged(event, pool, parked, closed, estimate);
    }

    /** Closes up to {@code quota} of {@code lp}'s parked connections, least recently parked first; returns how many. */
    @GuardedBy("lp.lock")
    private long closeLeastRecentlyParked(LoopPool lp, long quota) {
        Preconnects pre = engine.preconnects();
        Node n = lp.lru.head();
        long closed = 0;
        while (closed < quota && n != null) {
            Conn c = n.conn;
            n = n.next;
            if (pre.protectsLocked(lp.pool, c)) {
                continue; // E6: purge keeps a pre-connected key at its count
            }
            lp.closeLocked(c, CloseReason.PURGED);
            closed++;
        }
        return closed;
    }

    /** E1 and E2 on one loop; returns the loop's earliest next expiry. */
    private long expire(LoopPool lp, long now) {
        long next = TargetPool.NO_DEADLINE;
        long idleTimeout = lp.pool.limits.parkedIdleTimeoutNanos();
        lp.lock.lock();
        try {
            for (Node n = lp.all.head(); n != null; ) {
                Conn c = n.conn;
                n = n.next;
                if (Expiry.expiredLocked(lp, c, now)) {
                    continue;
                }
                next = earliest(next, Expiry.deadline(c));
                ConnectionState s = c.state;
                if (idleTimeout > 0 && (s.isParked() || s == ConnectionState.PRIVATE_IDLE)) {
                    long due = c.parkedAtNanos + idleTimeout;
                    if (due - now <= 0) {
                        lp.closeLocked(c, CloseReason.IDLE_TIMEOUT); // E2
                    } else {
                        next = earliest(next, due);
                    }
                }
            }
        } finally {
            lp.unlock();
        }
        return next;
    }
}
