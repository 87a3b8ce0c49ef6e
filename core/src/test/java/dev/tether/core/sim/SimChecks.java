package dev.tether.core.sim;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectReason;
import dev.tether.core.Connection;
import dev.tether.core.ConnectionState;
import dev.tether.core.FailureClass;
import dev.tether.core.ListKind;
import dev.tether.core.Session;
import dev.tether.core.TargetStats;
import dev.tether.core.internal.TestAccess;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The comparisons made after every step of a {@link SimRun}: each open (or just closed) connection's
 * state, list, owner, latches and stream counts; each target's counters; each session's idle count
 * and {@code preferLastTarget}; the invariants of §1.1–§1.4, R33 and E3 read from the engine alone;
 * after {@code maintain}, E1, E2 and E5.
 *
 * <p>Invariants: it never changes the engine or the model.
 *
 * <p>Thread safety: not thread safe.
 */
final class SimChecks {
    private final ReuseModel model;
    private final EngineDriver engine;

    SimChecks(ReuseModel model, EngineDriver engine) {
        this.model = model;
        this.engine = engine;
    }

    /** Compared at every acquire (the lookup's choice, over every loop). */
    static final String ACQUIRE_CONNECTION = "R13, R14, R15, R16, R17, R18, R19, R59, R60, R61: acquire connection";
    static final String REUSED_EXISTED = "R20: a reused lease rides a connection that existed before, a new one a new connection";
    static final String LATCHED_HANDED_OUT = "§1.2: latched connection handed out";
    static final String PRIVATE_GIVEN_AWAY = "R33: private connection given to another session";
    static final String PAST_LIFETIME = "E1: a lease given on a connection past its maxLifetime";

    void afterStep() throws SimViolation {
        engine.sync();
        if (engine.conns.size() != model.conns.size()) {
            throw new SimViolation("connection count", "engine opened " + engine.conns.size() + ", model "
                    + model.conns.size());
        }
        for (ModelTarget t : model.targets) {
            stats(t);
            for (ModelConn c : t.live) {
                connection(c);
            }
        }
        for (ModelConn c : model.closedThisStep) {
            connection(c);
        }
        model.closedThisStep.clear();
        waiters();
        for (ModelSession s : model.sessions.values()) {
            Session es = engine.sessions.get(s.id);
            eq("session closed", es.isClosed(), s.closed, s);
            if (!s.closed) {
                eq("session idleCount", es.idleCount(), s.idleCount(), s);
                eq("session preferLastTarget", es.preferLastTarget(), s.preferLastTarget, s);
            }
        }
    }

    private void connection(ModelConn m) throws SimViolation {
        Connection c = engine.conns.get(m.index);
        Object ctx = new Object() {
            @Override
            public String toString() {
                return "model " + m + " engine " + c;
            }
        };
        eq("conn state", c.state(), m.state, ctx);
        eq("conn closeReason", c.closeReason(), m.closeReason, ctx);
        eq("conn owner", c.owner(), m.owner == null ? null : engine.sessions.get(m.owner.id), ctx);
        eq("conn private", c.isPrivate(), m.priv, ctx);
        eq("R16, R61: conn homeLoop (home := current loop after a takeover)", c.homeLoop(), m.home, ctx);
        if (m.isOpen()) {
            eq("conn noNewStreams", c.noNewStreams(), m.latched(), ctx);
            eq("conn ready", c.ready(), m.ready, ctx);
            eq("conn attachedStreams", c.attachedStreams(), m.streams, ctx);
            eq("conn streamsOpened", c.streamsOpened(), m.opened, ctx);
        }
        invariants(m.index, c);
    }

    /** §1.1, §1.2, R31, R33 from the engine's side only. */
    private void invariants(int index, Connection c) throws SimViolation {
        ConnectionState s = c.state();
        check(c.list() == s.list(), "one list, named by the state", c);
        check((c.owner() != null) == (s.list() == ListKind.PRIVATE), "owner iff on a session list", c);
        if (s.isClosed()) {
            return;
        }
        check(c.attachedStreams() >= 0, "streams never negative", c);
        if (c.noNewStreams()) {
            check(s != ConnectionState.IDLE && s != ConnectionState.SAFE && s != ConnectionState.AVAILABLE
                    && s != ConnectionState.PRIVATE_IDLE, "latched connection listed (§1.2)", c);
        }
        if (c.isPrivate()) {
            check(s == ConnectionState.PRIVATE_BUSY || s == ConnectionState.PRIVATE_IDLE, "private on a shared list (R31)", c);
            Session first = engine.privateOwners.putIfAbsent(index, c.owner());
            check(first == null || first == c.owner(), "private connection changed owner (R33)", c);
        }
        if (c.owner() != null) {
            check(c.owner().loop() == c.homeLoop(), "R33, R61: a session's connections are homed on its loop", c);
        }
    }

    /**
     * E5: the leases the engine reported as leaked in the last {@code maintain} are those the model
     * expected (each once, with the stack of its acquire).
     */
    void leaks(List<Integer> expected) throws SimViolation {
        Map<Long, Integer> byHandle = new HashMap<>();
        engine.leases.forEach((id, handle) -> byHandle.put(handle, id));
        List<Integer> reported = new ArrayList<>();
        for (EngineDriver.Leak leak : engine.takeLeaks()) {
            check(leak.acquiredAt != null, "E5: a leak report carries the stack of its acquire", leak.handle);
            reported.add(byHandle.get(leak.handle));
        }
        Collections.sort(reported);
        List<Integer> want = new ArrayList<>(expected);
        Collections.sort(want);
        eq("E5: leases reported as leaked (once each, past leaseLeakThreshold)", reported, want, "at " + engine.now());
    }

    /** E1, E2 after {@code maintain}: nothing past its lifetime is unlatched or idle; nothing idle past its idle timeout. */
    void afterMaintain() throws SimViolation {
        engine.sync();
        long now = engine.now();
        for (ModelTarget t : model.targets) {
            for (ModelConn m : t.live) {
                Connection c = engine.conns.get(m.index);
                long ttl = t.maxLifetimeNanos;
                boolean idle = c.state().isParked() || c.state() == ConnectionState.PRIVATE_IDLE;
                check(ttl == 0 || now - c.createdAtNanos() < ttl || (c.noNewStreams() && !idle),
                        "E1: after maintain a connection past its maxLifetime is latched and not idle", c);
                long idleTimeout = t.parkedIdleTimeoutNanos;
                check(idleTimeout == 0 || !idle || now - m.parkedAt < idleTimeout,
                        "E2: after maintain no connection has been idle for parkedIdleTimeout", c);
            }
        }
    }

    private void stats(ModelTarget m) throws SimViolation {
        TargetStats st = engine.harness.engine.stats(engine.targets[m.index]);
        String t = m.name();
        long open = st.used() + st.idle() + st.safe() + st.privateBusy() + st.privateIdle();
        check(m.maxConnections < 0 || open <= m.maxConnections, "E3: open connections <= maxConnectionsPerTarget", st);
        eq("stats connect", st.connect(), m.connect, t);
        eq("stats reuse", st.reuse(), m.reuse, t);
        eq("stats used", st.used(), m.used(), t);
        eq("stats idle", st.idle(), m.count(ConnectionState.IDLE), t);
        eq("stats safe", st.safe(), m.count(ConnectionState.SAFE), t);
        for (int l = 0; l < m.loops(); l++) {
            if (st.parked(l) != m.parkedOn(l)) {
                eq("R51, R60, R61: parked per loop (a takeover counts on the victim loop)", st.parked(l),
                        m.parkedOn(l), t + " loop " + l);
            }
        }
        eq("stats privateBusy", st.privateBusy(), m.count(ConnectionState.PRIVATE_BUSY), t);
        eq("stats privateIdle", st.privateIdle(), m.count(ConnectionState.PRIVATE_IDLE), t);
        eq("stats needEstimate", st.needEstimate(), m.estimatedNeed, t);
        eq("stats peakUsed", st.peakUsed(), m.peakUsed, t);
        eq("stats draining", st.draining(), m.draining, t);
        eq("isRemovable (R68)", engine.harness.engine.isRemovable(engine.targets[m.index]), m.live.isEmpty(), t);
        eq("E4: the per-key counts of the reasons equal a walk over the connections",
                TestAccess.e4CountsMismatch(engine.targets[m.index]), null, t);
        long reasons = 0;
        for (ConnectReason r : ConnectReason.values()) {
            if (st.connects(r) != m.connectReasons[r.ordinal()]) {
                eq("E4: stats connectReason " + r, st.connects(r), m.connectReasons[r.ordinal()], t);
            }
            reasons += st.connects(r);
        }
        for (CloseReason r : CloseReason.values()) {
            if (st.closes(r) != m.closeReasons[r.ordinal()]) {
                eq("E4: stats closeReason " + r, st.closes(r), m.closeReasons[r.ordinal()], t);
            }
        }
        for (FailureClass f : FailureClass.values()) {
            if (st.failures(f) != m.failureClasses[f.ordinal()]) {
                eq("R71: stats failureClass " + f, st.failures(f), m.failureClasses[f.ordinal()], t);
            }
        }
        check(st.used() >= 0 && st.idle() >= 0 && st.safe() >= 0 && st.privateBusy() >= 0
                && st.privateIdle() >= 0 && st.needEstimate() >= 0, "counter negative (§1.4)", st);
        check(st.used() <= st.peakUsed() && st.peakUsed() <= st.needEstimate(), "used <= peakUsed <= needEstimate", st);
        check(reasons == st.connect(), "connect reasons sum to connect", st);
    }

    /** Compares the engine-wide takeover count (R61). */
    void takeovers() throws SimViolation {
        eq("R61: takeovers", engine.harness.engine.stats().takeovers(), model.takeovers, "engine");
    }

    static void eq(String what, Object engine, Object model, Object context) throws SimViolation {
        if (!Objects.equals(engine, model)) {
            throw new SimViolation(what, "engine=" + engine + " model=" + model + " (" + context + ")");
        }
    }

    static void check(boolean ok, String what, Object context) throws SimViolation {
        if (!ok) {
            throw new SimViolation("invariant: " + what, String.valueOf(context));
        }
    }

    /** E3, on every target: the requests that wait are the model's, oldest first, at most {@code maxWaiters}. */
    private void waiters() throws SimViolation {
        for (ModelTarget t : model.targets) {
            java.util.List<Integer> waiting = new java.util.ArrayList<>();
            for (java.util.Map.Entry<Integer, Long> e : new java.util.TreeMap<>(engine.pending).entrySet()) {
                if (engine.harness.engine.lease(e.getValue()).target() == engine.targets[t.index]) {
                    waiting.add(e.getKey());
                }
            }
            java.util.List<Integer> modelled = new java.util.ArrayList<>();
            for (ReuseModel.Request r : t.waiters) {
                modelled.add(r.id);
            }
            java.util.Collections.sort(modelled);
            eq("E3: the requests waiting at a target", waiting, modelled, t.name());
            check(waiting.size() <= t.maxWaiters, "E3: at most maxWaiters requests wait", t.name() + " " + waiting);
        }
    }
}
