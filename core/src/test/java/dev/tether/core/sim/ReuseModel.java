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
import static dev.tether.core.ConnectionState.PRIVATE_BUSY;
import static dev.tether.core.ConnectionState.PRIVATE_IDLE;
import static dev.tether.core.ConnectionState.SESSION_RESERVED;

/**
 * A plain, slow model of the reuse engine over one or more event loops, written from docs/behaviour.md
 * and not from the implementation: {@code acquire} (§2.3, §2.5, the budget kill of R52) lives here,
 * the lookup in {@link ModelLookup}, release and parking in {@link ModelRelease}, events, drain,
 * sessions and purge in {@link ModelEvents}, reasons in {@link ModelReasons}.
 *
 * <p>Invariants: every connection is on at most one of its target's lists (on its home loop) or its
 * owner's list, the one its state names (§1.1); a private connection is only ever on its owner's list
 * (R31); a latched connection is never on IDLE, SAFE, AVAILABLE or as PRIVATE_IDLE (§1.2).
 *
 * <p>Thread safety: not thread safe; one simulation thread.
 */
final class ReuseModel {
    /** What {@link #acquire} gave: a failure or a lease. */
    static final class Acquired {
        /** E3: the request waits at the target's cap. */
        static final Acquired PENDING = new Acquired(null, null);

        final AcquireFailure failure;
        final ModelLease lease;

        Acquired(AcquireFailure failure, ModelLease lease) {
            this.failure = failure;
            this.lease = lease;
        }
    }

    /** One acquire: the request, and what the host's fakes do meanwhile. */
    static final class Request {
        final int id;
        final ModelSession session;
        final int key;
        final RequestTraits traits;
        /** The connector refuses the next connect (R24). */
        boolean refuse;
        /** A new connection is ready at once. */
        boolean ready = true;
        /** A new connection's mux is installed only later (R27). */
        boolean deferMux;
        /** The loop whose lock the host holds during this acquire (R60), or −1. */
        int lockedLoop = -1;
        /** When {@code acquire} was called (E3 deadline, E5). */
        long at;
        /** A waiter's retry (E3): at the cap it keeps its place. */
        boolean pending;

        Request(int id, ModelSession session, int key, RequestTraits traits) {
            this.id = id;
            this.session = session;
            this.key = key;
            this.traits = traits;
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
    final ModelLookup lookup = new ModelLookup(this);
    long now;
    /** R61: connections migrated from another loop (engine-wide). */
    long takeovers;
    /** The engine was closed: every acquire fails with ENGINE_CLOSED. */
    boolean engineClosed;
    /** The host's budget count (R4); read only when {@code config.budget}. */
    long inUse;
    /** E3: targets whose oldest waiter is to retry, in scheduling order. */
    final java.util.ArrayDeque<ModelTarget> retries = new java.util.ArrayDeque<>();
    /** E3: waiters served since the host last took them. */
    final List<ModelLease> served = new ArrayList<>();
    /** E3: waiters failed since the host last took them, by request id. */
    final Map<Integer, AcquireFailure> failed = new java.util.TreeMap<>();
    private long parkSeq;

    ReuseModel(SimConfig config, long now) {
        this.config = config;
        this.now = now;
        targets = new ModelTarget[config.targets.length];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = new ModelTarget(i, config.targets[i], config.loops);
        }
    }

    ModelTarget targetOf(int key) {
        return targets[config.keyTarget[key]];
    }

    long nextParkSeq() {
        return ++parkSeq;
    }

    /** R4: {@code inUse < low}; true when the budget is disabled. */
    boolean belowLow() {
        return !config.budget || inUse < config.budgetLow;
    }

    /** R4: {@code inUse < high}; true when the budget is disabled. */
    boolean belowHigh() {
        return !config.budget || inUse < config.budgetHigh;
    }

    /** R4: {@code inUse > high}; false when the budget is disabled. */
    boolean aboveHigh() {
        return config.budget && inUse > config.budgetHigh;
    }

    /** R59: other loops are searched only when shared and not held back by {@code lowIdle}. */
    boolean takeoverAllowed(ModelTarget t) {
        return config.shareAcrossLoops && config.loops > 1 && !(t.parkedCount() < t.lowIdle && belowLow());
    }

    /**
     * E1 at an engine touch: whether {@code c} reached its lifetime; if so it is latched {@code TTL}
     * (a first latch's reason stays, §1.2), closed if idle, and out of AVAILABLE.
     */
    boolean expiredOnTouch(ModelConn c) {
        long ttl = c.target.maxLifetimeNanos;
        if (ttl == 0 || now - c.createdAt < ttl) {
            return false;
        }
        c.latch(CloseReason.TTL);
        if (c.isIdleState()) {
            close(c, CloseReason.TTL);
        } else if (c.state == AVAILABLE) {
            toExclusive(c);
        }
        return true;
    }

    /** {@code acquire}: R10–R27, R52, E3 and E4. */
    Acquired acquire(Request r) {
        Acquired a = serve(r);
        if (a.lease != null) {
            a.lease.acquiredAt = r.at; // E5: from the first acquire, also for a waiter
        }
        return a;
    }

    /** E3: capacity may have appeared (a stream released, a connection closed): the oldest waiter retries. */
    void capacity(ModelTarget t) {
        if (!t.waiters.isEmpty() && !t.retryScheduled) {
            t.retryScheduled = true;
            retries.add(t);
        }
    }

    /**
     * E3: runs the retries capacity scheduled, as the loops would: the oldest waiter of the target
     * retries the full acquire; served, it lands in {@link #served}; failed, in {@link #failed}; else
     * it keeps its place.
     */
    void runRetries() {
        while (!retries.isEmpty()) {
            ModelTarget t = retries.poll();
            t.retryScheduled = false;
            Request head = t.waiters.peekFirst();
            if (head == null) {
                continue;
            }
            Acquired a = acquire(head);
            if (a == Acquired.PENDING) {
                continue;
            }
            t.waiters.remove(head);
            if (a.lease != null) {
                served.add(a.lease);
            } else {
                failed.put(head.id, a.failure);
            }
        }
    }

    private Acquired serve(Request r) {
        ModelTarget t = targetOf(r.key);
        if (engineClosed) {
            return new Acquired(AcquireFailure.ENGINE_CLOSED, null);
        }
        if (t.draining) {
            return new Acquired(AcquireFailure.TARGET_DRAINING, null); // R67
        }
        ConnectReason forced = r.traits.contains(RequestTraits.UPGRADE_NEEDS_OTHER_PROTOCOL) ? ConnectReason.UPGRADE // R11
                : r.traits.contains(RequestTraits.FRESH_ONLY) ? ConnectReason.STALE_RETRY : null;         // R12
        if (forced == null) {
            ModelConn c = lookup.find(r, t);
            if (c != null) {
                Acquired a = reuse(r, c);
                budgetKill(t, r);
                return a;
            }
        }
        budgetKill(t, r);
        ConnectReason reason = forced != null ? forced : ModelReasons.reason(r, t, lookup);
        return create(r, t, reason);
    }

    /**
     * R52: after the lookup, whatever its result, with {@code inUse > high}, one parked connection of
     * the target is closed: the current loop's LRU head, else the first other loop's (in loop order
     * after the current one) whose lock is free; without sharing only the next loop is probed.
     */
    private void budgetKill(ModelTarget t, Request r) {
        if (!aboveHigh()) {
            return;
        }
        int cur = r.session.loop;
        int loops = t.loops();
        int probes = config.shareAcrossLoops ? loops - 1 : Math.min(1, loops - 1);
        for (int i = 0; i <= probes; i++) {
            int l = (cur + i) % loops;
            if (l != r.lockedLoop && t.parkedOn(l) > 0) {
                close(t.parked.get(l).get(0), CloseReason.BUDGET);
                return;
            }
        }
    }

    private Acquired reuse(Request r, ModelConn c) {
        boolean anticipated = !c.ready; // R20
        if (c.state == PRIVATE_IDLE) {
            c.state = PRIVATE_BUSY; // R13
        }
        int exchange = attach(c);
        c.target.reuse++;
        return new Acquired(null, new ModelLease(r.id, r.session, c, exchange, true, anticipated, null));
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

    /**
     * E3: room for one more connection of {@code t}: below the cap, or after closing the target's
     * least recently parked connection ({@code TARGET_CAP}); false if none is parked.
     */
    boolean reserve(ModelTarget t, int lockedLoop) {
        if (t.maxConnections < 0 || t.live.size() < t.maxConnections) {
            return true;
        }
        ModelConn victim = t.capVictim(lockedLoop);
        if (victim == null) {
            return false;
        }
        close(victim, CloseReason.TARGET_CAP);
        return true;
    }

    /** R22–R27: a new connection for the request, on the session's loop, placed with its first stream attached. */
    private Acquired create(Request r, ModelTarget t, ConnectReason reason) {
        if (!reserve(t, r.lockedLoop)) {
            if (r.pending) {
                return Acquired.PENDING; // E3: a waiter's retry keeps its place
            }
            if (t.waiters.size() < t.maxWaiters) {
                r.pending = true;
                r.refuse = false; // its retries run with the host's fakes at rest
                r.ready = true;
                r.deferMux = false;
                r.lockedLoop = -1;
                t.waiters.addLast(r); // E3: waits, oldest first
                return Acquired.PENDING;
            }
            return new Acquired(AcquireFailure.QUEUE_FULL, null); // E3
        }
        if (r.refuse) {
            capacity(t); // the reserved room is given back
            return new Acquired(AcquireFailure.RESOURCE, null); // R24: nothing changed
        }
        ModelSession s = r.session;
        boolean priv = t.effectivelyNever(); // R23
        ModelConn c = open(t, r.key, s.loop, r.id, r.ready, false, reason);
        c.priv = priv;
        c.creator = s;
        c.state = priv ? PRIVATE_BUSY : EXCLUSIVE;
        if (r.deferMux) {
            return createDeferred(r, c, reason);
        }
        int exchange = attach(c);
        if (t.policy == ReusePolicy.ALWAYS && !priv && !c.latched() && c.available() > 0) {
            c.state = AVAILABLE; // R26 (a)
            t.available.get(c.home).add(c);
        } else if (priv || (t.policy == ReusePolicy.SAFE && c.h2)) {
            c.state = priv ? PRIVATE_BUSY : SESSION_RESERVED; // R26 (b)
            c.owner = s;
            s.add(c);
        }
        if (!priv) {
            t.raiseAfterUsedIncrement(); // R25
        }
        c.touch();
        return new Acquired(null, new ModelLease(r.id, s, c, exchange, false, false, reason));
    }

    /** Opens a connection (R25: connect and its reason counted), not yet placed. */
    ModelConn open(ModelTarget t, int key, int loop, int createdBy, boolean ready, boolean preconnect,
                   ConnectReason reason) {
        ModelConn c = new ModelConn(conns.size(), t, key, loop, createdBy, ready, now, preconnect);
        conns.add(c);
        t.live.add(c);
        t.connect++;
        t.connectReasons[reason.ordinal()]++;
        return c;
    }

    /**
     * R27: the mux is installed only after the handshake; until then the connection is PRIVATE_BUSY if
     * private, else EXCLUSIVE, with its stream pending. Reading taken (the engine's): under
     * {@code maxReuse = 0} the pending stream is the last allowed one and latches at once (R49).
     */
    private Acquired createDeferred(Request r, ModelConn c, ConnectReason reason) {
        ModelTarget t = c.target;
        c.muxInstalled = false;
        c.ready = false;
        c.streams = 1;
        if (t.maxReuse == 0) {
            c.latch(CloseReason.MAX_REUSE);
        }
        if (c.priv) {
            c.owner = r.session;
            r.session.add(c);
        } else {
            t.raiseAfterUsedIncrement(); // R25
        }
        c.touch();
        return new Acquired(null, new ModelLease(r.id, r.session, c, 1, false, false, reason));
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
            t.available.get(c.home).add(c);
        } else if (t.policy == ReusePolicy.SAFE && c.h2) {
            c.state = SESSION_RESERVED;
            c.owner = c.creator;
            c.creator.add(c);
        }
    }

    void toExclusive(ModelConn c) {
        c.target.available.get(c.home).remove(c);
        c.state = EXCLUSIVE;
    }

    /** §1.3: the engine closes: off every list, counted once with its reason. */
    void close(ModelConn c, CloseReason reason) {
        ModelTarget t = c.target;
        t.live.remove(c);
        t.unlist(c);
        if (c.owner != null) {
            c.owner.remove(c);
            c.owner = null;
        }
        c.state = ConnectionState.CLOSED;
        c.closeReason = reason;
        t.closeReasons[reason.ordinal()]++;
        closedThisStep.add(c);
        capacity(t); // E3
    }
}
