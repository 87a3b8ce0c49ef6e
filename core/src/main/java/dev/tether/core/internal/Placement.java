package dev.tether.core.internal;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectionState;
import dev.tether.core.ReusePolicy;
import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.ThreadSafe;

import static dev.tether.core.ConnectionState.AVAILABLE;
import static dev.tether.core.ConnectionState.EXCLUSIVE;
import static dev.tether.core.ConnectionState.SESSION_RESERVED;

/**
 * Where a connection goes, decided once, in core, from the mux's facts (D2): a new connection
 * (R26, R27), a picked parked one (R18), one whose stream ended (R39–R44, R35, R37) and whether it may
 * park (R50, R53). It decides; the connection's {@link LoopPool} performs the move.
 *
 * <p>Thread safety: stateless; the {@code …Locked} methods run under the connection's home loop lock,
 * which makes this loop's counts exact; other loops' counts are read without their locks
 * (approximate, as in HAProxy).
 */
@ThreadSafe
final class Placement {
    private Placement() {
    }

    /** R26, R27: where a new connection starts ({@code lease} null for pre-connect). */
    static ConnectionState initial(TargetPool pool, Conn c, LeaseImpl lease) {
        if (c.isPrivate()) {
            return ConnectionState.PRIVATE_BUSY;
        }
        if (lease == null || c.mux() == null) {
            return EXCLUSIVE;
        }
        if (pool.policy == ReusePolicy.ALWAYS && c.available() > 0 && !c.noNewStreams()) {
            return AVAILABLE;
        }
        if (pool.policy == ReusePolicy.SAFE && c.multiplexed()) {
            return SESSION_RESERVED;
        }
        return EXCLUSIVE;
    }

    /** R18: where a connection picked from a parked list goes. */
    static ConnectionState afterPick(TargetPool pool, Conn c) {
        if (pool.policy == ReusePolicy.SAFE && c.multiplexed()) {
            return SESSION_RESERVED;
        }
        return c.available() >= 2 && !c.nextStreamIsLast() ? AVAILABLE : EXCLUSIVE;
    }

    /**
     * Places {@code c} after a stream detached; {@code unusable} is the mux's reason it can carry no
     * further exchange (or null), {@code firstExchange} the mux's fact for the parking class.
     */
    @GuardedBy("home.lock")
    static void afterDetachLocked(LoopPool home, Conn c, CloseReason unusable, boolean firstExchange, long now) {
        if (unusable != null) {
            home.latchLocked(c, unusable);                       // R40
        }
        home.expireLocked(c, now);                               // E1: latches TTL (c is busy: never closes it)
        if (c.streams() > 0) {
            streamsRemainLocked(home, c, now);                   // R42
        } else {
            idleLocked(home, c, c.multiplexed() || !firstExchange, now); // R41
        }
    }

    /** R42: streams remain; private and reserved stay; others are AVAILABLE only with a free slot. */
    @GuardedBy("home.lock")
    private static void streamsRemainLocked(LoopPool home, Conn c, long now) {
        boolean shareable = c.available() > 0 && !c.noNewStreams();
        if (c.state == EXCLUSIVE && shareable) {
            home.shareLocked(c, now);
        } else if (!shareable) {
            home.unshareLocked(c, now);
        }
    }

    /**
     * No stream rides {@code c} any more: closes it if latched (R40) or never ready (R50.7); a
     * private one becomes PRIVATE_IDLE or closes (R35, R43); others are offered for parking with
     * the class of R41 (reserved ones as SAFE, R37) and closed on refusal (R44, R53).
     */
    @GuardedBy("home.lock")
    static void idleLocked(LoopPool home, Conn c, boolean safeClass, long now) {
        if (c.noNewStreams()) {
            home.closeLocked(c, c.latchReason());
        } else if (!c.ready()) {
            home.closeLocked(c, CloseReason.ERROR);
        } else if (c.isPrivate()) {
            privateIdleLocked(home, c, now);
        } else {
            boolean asSafe = safeClass || c.state == SESSION_RESERVED;
            CloseReason refusal = parkingRefusal(home, c, asSafe);
            if (refusal == null) {
                home.parkLocked(c, asSafe, now);
            } else {
                home.closeLocked(c, refusal);
            }
        }
    }

    /** R35: a private connection's last stream ended and it is reusable. */
    @GuardedBy("home.lock")
    private static void privateIdleLocked(LoopPool home, Conn c, long now) {
        SessionImpl owner = c.owner;
        if (home.pool.isDraining()) {
            home.closeLocked(c, CloseReason.DRAINED);
        } else if (owner.isClosed()) {
            home.closeLocked(c, CloseReason.SESSION_CLOSED);
        } else if (owner.idleCount() >= home.pool.engine.settings.maxIdlePerSession) {
            home.closeLocked(c, CloseReason.SESSION_LIMIT);     // R36: only the newly idle one
        } else {
            home.privateIdleLocked(c, now);
        }
    }

    /**
     * R50: null if {@code c} may be parked with the given class, else the reason to close it (R53).
     * {@code used} still counts {@code c}.
     */
    @GuardedBy("home.lock")
    static CloseReason parkingRefusal(LoopPool home, Conn c, boolean safeClass) {
        TargetPool pool = home.pool;
        EngineSettings settings = pool.engine.settings;
        if (pool.limits.purgeDelayNanos() == 0) {
            return CloseReason.POOL_FULL;                       // R50.1
        }
        if (pool.isDraining()) {
            return CloseReason.DRAINED;                         // R50.2
        }
        if (pool.policy == ReusePolicy.NEVER) {
            return CloseReason.POOL_FULL;                       // R50.3: unreachable, NEVER keeps all private
        }
        boolean budget = settings.budgetEnabled();
        long inUse = budget ? settings.budget.inUse() : 0;
        if (budget && inUse >= settings.budgetHigh) {
            return CloseReason.BUDGET;                          // R50.4
        }
        int maxIdle = pool.limits.maxIdlePerTarget();
        if (maxIdle != -1 && pool.parkedSum() >= maxIdle) {
            return CloseReason.POOL_FULL;                       // R50.5
        }
        boolean firstOnLoop = home.stripe.safe == 0 && (safeClass || home.stripe.idle == 0);
        boolean belowLow = !budget || inUse < settings.budgetLow;
        if (!firstOnLoop) {
            long need = pool.estimatedNeed();
            long lowIdle = pool.limits.lowIdle();
            // used + parked ≤ open, so R50.6 holds when open ≤ need + lowIdle: then the other loops'
            // stripes (a cache miss each, their threads keep writing them) need not be summed.
            if (!(belowLow && pool.openCount() <= need + lowIdle)) {
                long used = pool.usedSum();
                long parked = pool.parkedSum();
                if (!(belowLow && used + parked <= Math.max(used, need) + lowIdle)) {
                    return belowLow ? CloseReason.OVER_ESTIMATE : CloseReason.BUDGET; // R50.6, R53
                }
            }
        }
        if (!c.ready() || c.noNewStreams() || c.streams() != 0 || c.available() < 1) {
            return c.latchReason() != null ? c.latchReason() : CloseReason.ERROR; // R50.7
        }
        return null;
    }
}
