package dev.tether.core.internal;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectionState;
import dev.tether.core.annotations.ThreadSafe;

/**
 * {@code maintain(now)}: what is due on every target (its purge pass, docs/behaviour.md R54–R57, run
 * by {@link TargetPool#purge}), lifetimes and idle timeouts (E1, E2), waiter timeouts (E3), leak
 * reports (E5) and pre-connect (E6); and the next deadline.
 *
 * <p>Thread safety: stateless; may run on any thread, concurrently with the loops.
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
            long deadline = pool.purgeDeadline();
            if (deadline != TargetPool.NO_DEADLINE && deadline - now <= 0) {
                pool.purge(now, engine.preconnects());
            }
            next = earliest(next, pool.purgeDeadline());
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

    /** E1: when {@code c} expires, or {@link TargetPool#NO_DEADLINE} when E1 is off or it is latched. */
    private static long expiresAt(Conn c) {
        long ttl = c.pool.limits.maxLifetimeNanos();
        return ttl == 0 || c.noNewStreams() ? TargetPool.NO_DEADLINE : c.createdAtNanos + ttl;
    }

    /** E1 and E2 on one loop; returns the loop's earliest next expiry. */
    private static long expire(LoopPool lp, long now) {
        long next = TargetPool.NO_DEADLINE;
        long idleTimeout = lp.pool.limits.parkedIdleTimeoutNanos();
        lp.lock.lock();
        try {
            for (Node n = lp.lists.all.head(); n != null; ) {
                Conn c = n.conn;
                n = n.next;
                if (lp.expireLocked(c, now)) {
                    continue;
                }
                next = earliest(next, expiresAt(c));
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
            lp.lock.unlock();
        }
        return next;
    }
}
