package dev.tether.core.sim;

import dev.tether.core.AcquireFailure;
import dev.tether.core.CloseReason;
import dev.tether.core.ConnectReason;
import dev.tether.core.ConnectionState;
import dev.tether.core.RequestTraits;
import dev.tether.core.ReusePolicy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.tether.core.ConnectionState.AVAILABLE;
import static dev.tether.core.ConnectionState.EXCLUSIVE;
import static dev.tether.core.ConnectionState.IDLE;
import static dev.tether.core.ConnectionState.PRIVATE_BUSY;
import static dev.tether.core.ConnectionState.PRIVATE_IDLE;
import static dev.tether.core.ConnectionState.SAFE;
import static dev.tether.core.ConnectionState.SESSION_RESERVED;

/**
 * A plain, slow model of the reuse engine with one event loop, written from docs/behaviour.md and not
 * from the implementation: the lookup of §2.3–§2.4 and the creation of §2.5 live here, release and
 * parking in {@link ModelRelease}, events, drain, sessions and purge in {@link ModelEvents}, reasons in
 * {@link ModelReasons}.
 *
 * <p>Invariants: every connection is on at most one of its target's lists or its owner's list, the
 * one its state names (§1.1); a private connection is only ever on its owner's list (R31); a latched
 * connection is never on IDLE, SAFE, AVAILABLE or as PRIVATE_IDLE (§1.2).
 *
 * <p>Thread safety: not thread safe; one simulation thread.
 */
final class ReuseModel {
    /** What {@link #acquire} gave: a failure or a lease. */
    static final class Acquired {
        final AcquireFailure failure;
        final ModelLease lease;

        Acquired(AcquireFailure failure, ModelLease lease) {
            this.failure = failure;
            this.lease = lease;
        }
    }

    final SimConfig config;
    final ModelTarget[] targets;
    final Map<Integer, ModelSession> sessions = new HashMap<>();
    final List<ModelConn> conns = new ArrayList<>();
    /** Connections closed during the current step (so the checker compares their final state). */
    final List<ModelConn> closedThisStep = new ArrayList<>();
    final ModelRelease releases = new ModelRelease(this);
    final ModelEvents events = new ModelEvents(this);
    long now;
    private long parkSeq;
    /** Whether the connection the current acquire creates gets its mux later (R27). */
    private boolean pendingDefer;

    ReuseModel(SimConfig config, long now) {
        this.config = config;
        this.now = now;
        targets = new ModelTarget[config.targets.length];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = new ModelTarget(i, config.targets[i]);
        }
    }

    ModelTarget targetOf(int key) {
        return targets[config.keyTarget[key]];
    }

    long nextParkSeq() {
        return ++parkSeq;
    }

    /**
     * {@code acquire(session, target, key, traits)}: R10–R27 and E4.
     *
     * @param connectorRefuses the fake connector refuses the next connect (R24)
     * @param newReady whether a new connection is ready at once
     * @param deferMux whether a new connection's mux is installed only later (R27)
     */
    Acquired acquire(int stepId, ModelSession s, int key, RequestTraits traits, boolean connectorRefuses, boolean newReady,
                     boolean deferMux) {
        pendingDefer = deferMux;
        ModelTarget t = targetOf(key);
        if (t.draining) {
            return new Acquired(AcquireFailure.TARGET_DRAINING, null); // R67
        }
        if (traits.contains(RequestTraits.UPGRADE_NEEDS_OTHER_PROTOCOL)) {
            return create(stepId, s, t, key, connectorRefuses, newReady, ConnectReason.UPGRADE); // R11
        }
        if (traits.contains(RequestTraits.FRESH_ONLY)) {
            return create(stepId, s, t, key, connectorRefuses, newReady, ConnectReason.STALE_RETRY); // R12
        }
        boolean first = traits.isFirst();
        ModelConn picked = null;
        for (ModelConn c : s.list(t)) { // R13: step 1, every policy, on the published value (R21)
            if (c.key == key && c.ready && !c.latched() && c.published > 0) {
                picked = c;
                break;
            }
        }
        if (picked == null && !t.effectivelyNever()) {
            for (ModelConn c : t.available) { // R14: step 2
                if (c.key == key) {
                    picked = c;
                    break;
                }
            }
        }
        boolean abandoned = false;
        if (picked != null) {
            if (picked.available() > 0) { // R19: the live value before attaching
                return reuse(stepId, s, picked);
            }
            abandon(picked);
            abandoned = true;
        } else if (!t.effectivelyNever() && t.maxIdlePerTarget != 0 && t.parkedCount() > 0) { // R15: step 3
            for (ConnectionState list : parkedOrder(t.policy, first)) {
                ModelConn c = t.firstParked(list, key);
                if (c == null) {
                    continue;
                }
                if (claimParked(s, c)) {
                    return reuse(stepId, s, c);
                }
                abandoned = true; // R19: reuse abandoned for this request
                break;
            }
        }
        ConnectReason reason = ModelReasons.reason(s, t, key, first, abandoned);
        return create(stepId, s, t, key, connectorRefuses, newReady, reason);
    }

    /** R15, R16 with one loop: the parked lists a request may search, in order. */
    static ConnectionState[] parkedOrder(ReusePolicy policy, boolean first) {
        switch (policy) {
            case NEVER:
                return new ConnectionState[0];
            case SAFE:
                return first ? new ConnectionState[0] : new ConnectionState[] {IDLE, SAFE};
            case AGGRESSIVE:
                return first ? new ConnectionState[] {SAFE} : new ConnectionState[] {IDLE, SAFE};
            default:
                return first ? new ConnectionState[] {SAFE, IDLE} : new ConnectionState[] {IDLE, SAFE};
        }
    }

    /**
     * R18, R19: takes {@code c} from its parked list ({@code used} +1) and places it; if it has no free
     * slot, abandons it (latched and closed, it has no stream) and returns false.
     */
    private boolean claimParked(ModelSession s, ModelConn c) {
        ModelTarget t = c.target;
        t.parked.remove(c);
        c.state = EXCLUSIVE;
        t.raiseAfterUsedIncrement(); // R18
        if (c.available() <= 0) { // R19: the live value before attaching
            abandon(c);
            return false;
        }
        if (t.policy == ReusePolicy.SAFE && c.h2) {
            c.state = SESSION_RESERVED;
            c.owner = s;
            s.add(c);
        } else if (c.published >= 2) { // R18 on the published value (R21)
            c.state = AVAILABLE;
            t.available.add(c);
        }
        return true;
    }

    /**
     * R19: a picked connection without a free slot gets {@code noNewStreams}, leaves AVAILABLE, and
     * is closed if no stream rides it. R19 names GOAWAY, MAX_REUSE or ERROR; reading taken (the
     * engine's): a pick that would have carried the last stream {@code maxReuse} allows closes
     * MAX_REUSE, otherwise the mux's reason, else ERROR.
     */
    private void abandon(ModelConn c) {
        ModelTarget t = c.target;
        boolean lastAllowed = t.maxReuse >= 0 && c.opened + 1 >= t.maxReuse + 1;
        c.latch(lastAllowed ? CloseReason.MAX_REUSE : c.unusable != null ? c.unusable : CloseReason.ERROR);
        c.touch();
        if (c.streams == 0) {
            close(c, c.latch);
        } else if (c.state == AVAILABLE) {
            toExclusive(c);
        }
    }

    private Acquired reuse(int stepId, ModelSession s, ModelConn c) {
        boolean anticipated = !c.ready; // R20
        if (c.state == PRIVATE_IDLE) {
            c.state = PRIVATE_BUSY; // R13
        }
        int exchange = attach(c);
        c.target.reuse++;
        return new Acquired(null, new ModelLease(stepId, s, c, exchange, true, anticipated, null));
    }

    /** Attaches a stream; R49 latches at the last allowed stream; R19, R65 move a full AVAILABLE one. */
    private int attach(ModelConn c) {
        ModelTarget t = c.target;
        c.streams++;
        c.opened++;
        if (t.maxReuse >= 0 && c.opened >= t.maxReuse + 1) {
            c.latch(CloseReason.MAX_REUSE);
        }
        if (c.h2 && c.streamsLeft != Integer.MAX_VALUE && --c.streamsLeft == 0) {
            c.unusable = CloseReason.MAX_REUSE; // FakeMux: identifiers exhausted
            c.latch(CloseReason.MAX_REUSE); // R48: reaching 0 latches
        }
        c.touch();
        if (c.state == AVAILABLE && (c.latched() || c.available() <= 0)) {
            toExclusive(c);
        }
        return c.opened;
    }

    /** R22–R27: a new connection for the request, placed with its first stream attached. */
    private Acquired create(int stepId, ModelSession s, ModelTarget t, int key, boolean refuses, boolean ready,
                            ConnectReason reason) {
        if (refuses) {
            return new Acquired(AcquireFailure.RESOURCE, null); // R24: nothing changed
        }
        boolean priv = t.effectivelyNever(); // R23
        ModelConn c = new ModelConn(conns.size(), t, key, t.h2, stepId, ready);
        conns.add(c);
        t.live.add(c);
        t.connect++; // R25
        t.connectReasons[reason.ordinal()]++;
        c.priv = priv;
        c.creator = s;
        c.state = priv ? PRIVATE_BUSY : EXCLUSIVE;
        if (pendingDefer) {
            return createDeferred(stepId, s, c, reason);
        }
        int exchange = attach(c);
        if (t.policy == ReusePolicy.ALWAYS && !priv && !c.latched() && c.available() > 0) {
            c.state = AVAILABLE; // R26 (a)
            t.available.add(c);
        } else if (priv || (t.policy == ReusePolicy.SAFE && c.h2)) {
            c.state = priv ? PRIVATE_BUSY : SESSION_RESERVED; // R26 (b)
            c.owner = s;
            s.add(c);
        }
        if (!priv) {
            t.raiseAfterUsedIncrement(); // R25
        }
        c.touch();
        return new Acquired(null, new ModelLease(stepId, s, c, exchange, false, false, reason));
    }

    /**
     * R27: the mux is installed only after the handshake; until then the connection is PRIVATE_BUSY if
     * private, else EXCLUSIVE, with its stream pending. Reading taken (the engine's): under
     * {@code maxReuse = 0} the pending stream is the last allowed one and latches at once (R49).
     */
    private Acquired createDeferred(int stepId, ModelSession s, ModelConn c, ConnectReason reason) {
        ModelTarget t = c.target;
        c.muxInstalled = false;
        c.ready = false;
        c.streams = 1;
        if (t.maxReuse == 0) {
            c.latch(CloseReason.MAX_REUSE);
        }
        if (c.priv) {
            c.owner = s;
            s.add(c);
        } else {
            t.raiseAfterUsedIncrement(); // R25
        }
        c.touch();
        return new Acquired(null, new ModelLease(stepId, s, c, 1, false, false, reason));
    }

    /** R26 at the moment the mux is installed (R27), with the pending stream attached. */
    void placeAtInstall(ModelConn c) {
        ModelTarget t = c.target;
        if (c.state != EXCLUSIVE) {
            return;
        }
        if (c.creator.closed) {
            c.latch(CloseReason.SESSION_CLOSED); // R26: it never joins a closed session's list
        } else if (t.policy == ReusePolicy.ALWAYS && !c.latched() && c.published > 0) {
            c.state = AVAILABLE;
            t.available.add(c);
        } else if (t.policy == ReusePolicy.SAFE && c.h2) {
            c.state = SESSION_RESERVED;
            c.owner = c.creator;
            c.creator.add(c);
        }
    }

    void toExclusive(ModelConn c) {
        c.target.available.remove(c);
        c.state = EXCLUSIVE;
    }

    /** §1.3: the engine closes: off every list, counted once with its reason. */
    void close(ModelConn c, CloseReason reason) {
        ModelTarget t = c.target;
        t.live.remove(c);
        t.available.remove(c);
        t.parked.remove(c);
        if (c.owner != null) {
            c.owner.remove(c);
            c.owner = null;
        }
        c.state = ConnectionState.CLOSED;
        c.closeReason = reason;
        t.closeReasons[reason.ordinal()]++;
        closedThisStep.add(c);
    }
}
