package dev.tether.core.sim;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectionState;
import dev.tether.core.FailureClass;
import dev.tether.core.Mux;
import dev.tether.core.Outcome;
import dev.tether.core.ReleaseResult;

import static dev.tether.core.ConnectionState.AVAILABLE;
import static dev.tether.core.ConnectionState.CLOSED;
import static dev.tether.core.ConnectionState.EXCLUSIVE;
import static dev.tether.core.ConnectionState.IDLE;
import static dev.tether.core.ConnectionState.PRIVATE_BUSY;
import static dev.tether.core.ConnectionState.PRIVATE_IDLE;
import static dev.tether.core.ConnectionState.SAFE;
import static dev.tether.core.ConnectionState.SESSION_RESERVED;

/**
 * {@code release} in the {@link ReuseModel}: detach, failure class (R71), placement of a connection
 * that keeps streams (R42), private idle and the session limit (R35, R43), parking and its refusal
 * reasons (R37, R41, R44, R50–R53).
 *
 * <p>Readings this model takes: reusability comes from the mux facts (R39, R40, D2): {@link
 * Outcome#FAILED} makes an HTTP/1 connection not reusable (its framing is unknown, R40 "error,
 * abort"), while on HTTP/2 it fails only the stream and leaves the connection usable, as in HAProxy; a latched connection closes with the
 * reason of its first latch; a connection that never became ready is closed {@code ERROR} before any
 * parking clause (§1.1, T11: it is a failed connection); the other clauses of R50 are checked in
 * their order and the first failing one gives the reason.
 *
 * <p>Thread safety: not thread safe.
 */
final class ModelRelease {
    private final ReuseModel model;

    ModelRelease(ReuseModel model) {
        this.model = model;
    }

    /**
     * Releases {@code l}.
     *
     * @param detachFlags what the fake mux's detach returns ({@link Mux#RESPONSE_STARTED}, ...)
     * @param incomplete an HTTP/1 exchange detached before completion (poisons the fake mux)
     */
    ReleaseResult release(ModelLease l, Outcome outcome, int detachFlags, boolean incomplete) {
        ReleaseResult r = detachAndPlace(l, outcome, detachFlags, incomplete);
        model.capacity(l.conn.target); // E3: a stream of the target was released
        return r;
    }

    private ReleaseResult detachAndPlace(ModelLease l, Outcome outcome, int detachFlags, boolean incomplete) {
        ModelConn c = l.conn;
        ModelTarget t = c.target;
        FailureClass fc = outcome == Outcome.FAILED ? classify(detachFlags, l.reused) : null;
        if (fc != null) {
            t.failureClasses[fc.ordinal()]++;
        }
        if (!c.isOpen()) {
            return ReleaseResult.of(CLOSED, c.closeReason, fc);
        }
        c.streams--; // FakeMux.detach
        c.lastWasFirst = l.exchange == 1;
        if (!c.muxInstalled) {
            c.latch(CloseReason.ERROR); // R27, R50.7: released before its handshake completed
        }
        if (!c.h2 && incomplete && c.unusable == null) {
            c.unusable = CloseReason.ERROR;
        }
        c.touch(); // R39: the facts after the detach
        if (outcome == Outcome.FAILED && !c.h2) {
            c.latch(CloseReason.ERROR); // R40: a failed HTTP/1 exchange leaves the framing unknown
        }
        if (c.unusable != null) {
            c.latch(c.unusable); // R40: not reusable
        }
        model.expiredOnTouch(c); // E1: latches TTL (the connection is busy, never closed here)
        if (c.streams > 0) {
            placeBusy(c); // R42
            return ReleaseResult.of(c.state, null, fc);
        }
        if (c.latched()) {
            model.close(c, c.latch); // R40: closed with its latch's reason
            return ReleaseResult.of(CLOSED, c.closeReason, fc);
        }
        if (!c.ready) {
            model.close(c, CloseReason.ERROR); // §1.1, T11: a never-ready connection is a failed one
            return ReleaseResult.of(CLOSED, CloseReason.ERROR, fc);
        }
        return c.priv ? privateIdle(c, fc) : park(c, c.h2 || !c.lastWasFirst ? SAFE : IDLE, fc); // R41
    }

    /** R71: first match wins. */
    static FailureClass classify(int detachFlags, boolean reused) {
        if ((detachFlags & Mux.NOT_PROCESSED) != 0) {
            return FailureClass.NOT_PROCESSED;
        }
        if ((detachFlags & Mux.RESPONSE_STARTED) != 0) {
            return FailureClass.RESPONSE_STARTED;
        }
        return reused ? FailureClass.REPLAY_SAFE : FailureClass.FRESH_FAILURE;
    }

    /** R42: streams remain. */
    private void placeBusy(ModelConn c) {
        if (c.state == PRIVATE_BUSY || c.state == SESSION_RESERVED) {
            return;
        }
        boolean shareable = !c.latched() && c.available() > 0;
        if (shareable && c.state == EXCLUSIVE) {
            c.state = AVAILABLE;
            c.target.available.get(c.home).add(c);
        } else if (!shareable && c.state == AVAILABLE) {
            model.toExclusive(c);
        }
    }

    /** R35, R43: a private connection's last stream ended and it is reusable. */
    private ReleaseResult privateIdle(ModelConn c, FailureClass fc) {
        CloseReason refusal = null;
        if (c.target.draining) {
            refusal = CloseReason.DRAINED;
        } else if (c.owner.idleCount() >= model.config.maxIdlePerSession) {
            refusal = CloseReason.SESSION_LIMIT; // R36: only the newly idle one
        }
        if (refusal != null) {
            model.close(c, refusal);
            return ReleaseResult.of(CLOSED, refusal, fc);
        }
        c.state = PRIVATE_IDLE;
        c.parkedAt = model.now;
        return ReleaseResult.of(PRIVATE_IDLE, null, fc);
    }

    /** R37, R44, R50, R51: offered for parking as {@code cls}; refusal closes it (R53). */
    ReleaseResult park(ModelConn c, ConnectionState cls, FailureClass fc) {
        ModelTarget t = c.target;
        CloseReason refusal = refusal(c, cls);
        if (c.state == SESSION_RESERVED) {
            c.owner.remove(c); // R37: leaves the session's list, owner cleared
            c.owner = null;
        }
        if (refusal != null) {
            model.close(c, refusal);
            return ReleaseResult.of(CLOSED, refusal, fc);
        }
        t.unlist(c);
        c.state = cls;
        c.parkSeq = model.nextParkSeq();
        c.parkedAt = model.now;
        t.parked.get(c.home).add(c); // R51: the home loop's LRU tail
        if (!t.deadlineArmed) { // R54
            t.deadlineArmed = true;
            t.deadline = model.now + t.purgeDelayNanos;
        }
        return ReleaseResult.of(cls, null, fc);
    }

    /** R50 clauses in order, R53 reasons; "loop lists" are those of the connection's home loop. */
    private CloseReason refusal(ModelConn c, ConnectionState cls) {
        ModelTarget t = c.target;
        if (t.purgeDelayNanos == 0) {
            return CloseReason.POOL_FULL; // 1
        }
        if (t.draining) {
            return CloseReason.DRAINED; // 2
        }
        if (t.effectivelyNever()) {
            return CloseReason.POOL_FULL; // 3: unreachable, such connections are private
        }
        if (!model.belowHigh()) {
            return CloseReason.BUDGET; // 4
        }
        if (t.maxIdlePerTarget != -1 && t.parkedCount() >= t.maxIdlePerTarget) {
            return CloseReason.POOL_FULL; // 5
        }
        long used = t.used(); // counts this connection
        long parked = t.parkedCount();
        boolean loopEmpty = !t.hasParked(c.home, SAFE) && (cls == SAFE || !t.hasParked(c.home, IDLE));
        boolean belowLow = model.belowLow();
        if (!loopEmpty && !(belowLow && used + parked <= Math.max(used, t.estimatedNeed) + t.lowIdle)) {
            return belowLow ? CloseReason.OVER_ESTIMATE : CloseReason.BUDGET; // 6
        }
        if (c.available() < 1) {
            return c.unusable != null ? c.unusable : CloseReason.ERROR; // 7
        }
        return null;
    }
}
