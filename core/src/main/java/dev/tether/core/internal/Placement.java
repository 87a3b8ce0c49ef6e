package dev.tether.core.internal;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectionState;
import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.ThreadSafe;

import static dev.tether.core.ConnectionState.AVAILABLE;
import static dev.tether.core.ConnectionState.EXCLUSIVE;
import static dev.tether.core.ConnectionState.IDLE;
import static dev.tether.core.ConnectionState.PRIVATE_IDLE;
import static dev.tether.core.ConnectionState.SAFE;

/**
 * The second decision: where a connection goes once a stream ended, decided once, in core, from the
 * mux's facts (docs/behaviour.md R39–R44, R35, R37; D2).
 *
 * <p>Thread safety: stateless; every method runs under the connection's home loop lock.
 */
@ThreadSafe
final class Placement {
    private Placement() {
    }

    /**
     * Places {@code c} after a stream detached; {@code unusable} is the mux's reason it can carry no
     * further exchange (or null), {@code firstExchange} the mux's fact for the parking class.
     */
    @GuardedBy("home.lock")
    static void afterDetachLocked(DefaultReuseEngine engine, LoopPool home, Conn c, CloseReason unusable,
                                  boolean firstExchange, long now) {
        if (unusable != null) {
            c.latch(unusable);                                   // R40
        }
        Expiry.expiredLocked(home, c, now);                      // E1: latches TTL
        if (c.streams > 0) {
            streamsRemainLocked(home, c, now);                   // R42
        } else {
            idleLocked(engine, home, c, c.multiplexed || !firstExchange, now); // R41
        }
    }

    /** R42: streams remain; private and reserved stay; others are AVAILABLE only with a free slot. */
    @GuardedBy("home.lock")
    static void streamsRemainLocked(LoopPool home, Conn c, long now) {
        ConnectionState s = c.state;
        boolean shareable = c.available > 0 && !c.noNewStreams;
        if (s == EXCLUSIVE && shareable) {
            home.moveLocked(c, AVAILABLE, null, now);
        } else if (s == AVAILABLE && !shareable) {
            home.moveLocked(c, EXCLUSIVE, null, now);
        }
    }

    /**
     * No stream rides {@code c} any more: closes it if latched (R40) or never ready (R50.7); a
     * private one becomes PRIVATE_IDLE or closes (R35, R43); others are offered for parking with
     * the class of R41 (reserved ones as SAFE, R37) and closed on refusal (R44, R53).
     */
    @GuardedBy("home.lock")
    static void idleLocked(DefaultReuseEngine engine, LoopPool home, Conn c, boolean safeClass, long now) {
        if (c.noNewStreams) {
            home.closeLocked(c, c.latchReason);
        } else if (!c.ready) {
            home.closeLocked(c, CloseReason.ERROR);
        } else if (c.privateLatch) {
            privateIdleLocked(engine, home, c, now);
        } else {
            boolean asSafe = safeClass || c.state == ConnectionState.SESSION_RESERVED;
            CloseReason refusal = Parking.refusal(engine, home, c, asSafe);
            if (refusal == null) {
                home.moveLocked(c, asSafe ? SAFE : IDLE, null, now);
            } else {
                home.closeLocked(c, refusal);
            }
        }
    }

    /** R35: a private connection's last stream ended and it is reusable. */
    @GuardedBy("home.lock")
    private static void privateIdleLocked(DefaultReuseEngine engine, LoopPool home, Conn c, long now) {
        SessionImpl owner = c.owner;
        if (home.pool.draining) {
            home.closeLocked(c, CloseReason.DRAINED);
        } else if (owner.closed) {
            home.closeLocked(c, CloseReason.SESSION_CLOSED);
        } else if (owner.idleCount.get() >= engine.settings.maxIdlePerSession) {
            home.closeLocked(c, CloseReason.SESSION_LIMIT);     // R36: only the newly idle one
        } else {
            home.moveLocked(c, PRIVATE_IDLE, null, now);
        }
    }
}
