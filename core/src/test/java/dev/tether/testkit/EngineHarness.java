package dev.tether.testkit;

import dev.tether.core.AcquireException;
import dev.tether.core.Connection;
import dev.tether.core.ConnectionState;
import dev.tether.core.Lease;
import dev.tether.core.ListKind;
import dev.tether.core.Outcome;
import dev.tether.core.ReleaseResult;
import dev.tether.core.RequestTraits;
import dev.tether.core.ReuseEngine;
import dev.tether.core.ReuseEngineBuilder;
import dev.tether.core.ReuseKey;
import dev.tether.core.ReuseLimits;
import dev.tether.core.ReusePolicy;
import dev.tether.core.Session;
import dev.tether.core.Target;
import dev.tether.core.TargetConfig;
import dev.tether.core.TargetStats;
import dev.tether.core.internal.TestAccess;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An engine wired to a {@link FakeConnector} and a {@link FakeClock}, with helpers for scenario tests
 * and a check of docs/behaviour.md §1.1–§1.4 from the outside ({@link #assertInvariants()}), made only
 * through the public API: stats snapshots against the states of every connection ever opened.
 *
 * <p>Thread safety: for one test thread.
 */
public final class EngineHarness {
    public final FakeClock clock = new FakeClock();
    public final FakeConnector connector = new FakeConnector();
    public final ReuseEngine engine;
    private final List<Session> sessions = new ArrayList<>();

    public EngineHarness() {
        this(b -> { });
    }

    public EngineHarness(Consumer<ReuseEngineBuilder> configure) {
        ReuseEngineBuilder b = ReuseEngine.builder(connector).clock(clock);
        configure.accept(b);
        engine = b.build();
    }

    public Target target(String name, ReusePolicy policy) {
        return target(name, policy, ReuseLimits.DEFAULTS);
    }

    public Target target(String name, ReusePolicy policy, ReuseLimits limits) {
        return engine.addTarget(TargetConfig.builder(name).policy(policy).limits(limits).build());
    }

    public Session session() {
        return session(0);
    }

    public Session session(int loop) {
        Session s = engine.openSession(loop);
        sessions.add(s);
        return s;
    }

    /** The default key of a target: its destination only. */
    public static ReuseKey key(Target t) {
        return ReuseKey.builder(t).destination(new InetSocketAddress("127.0.0.1", 8080)).build();
    }

    /**
     * Acquires for the target's default key and returns the lease's view (scenario tests read it;
     * {@link #release(Lease)} releases through its handle).
     */
    public Lease acquire(Session s, Target t, RequestTraits traits) throws AcquireException {
        return acquire(s, key(t), traits);
    }

    public Lease acquire(Session s, ReuseKey key, RequestTraits traits) throws AcquireException {
        Lease l = engine.lease(engine.acquire(s, key, traits, clock.nanoTime()));
        assertInvariants();
        return l;
    }

    public ReleaseResult release(Lease lease) {
        return release(lease, Outcome.COMPLETED);
    }

    public ReleaseResult release(Lease lease, Outcome outcome) {
        ReleaseResult r = engine.release(lease.handle(), outcome, clock.nanoTime());
        assertInvariants();
        return r;
    }

    public long maintain() {
        long next = engine.maintain(clock.nanoTime());
        assertInvariants();
        return next;
    }

    public FakeMux mux(Connection c) {
        return connector.mux(c);
    }

    public FakeMux mux(Lease l) {
        return connector.mux(l.connection());
    }

    public FakeTransport transport(Connection c) {
        return connector.of(c).transport;
    }

    public Connection connection(int index) {
        return connector.opened().get(index).connection;
    }

    public int opened() {
        return connector.opened().size();
    }

    public TargetStats stats(Target t) {
        return engine.stats(t);
    }

    /** Asserts §1.1–§1.4 for every target, connection and session this harness knows. */
    public void assertInvariants() {
        check(connector.muxCallsUnderLock.isEmpty(), "R21, R61: mux called under an engine lock: "
                + connector.muxCallsUnderLock);
        for (Target t : engine.targets()) {
            assertTarget(t);
        }
        for (Session s : sessions) {
            long idle = connector.opened().stream().filter(o -> o.connection.owner() == s
                    && o.connection.state() == ConnectionState.PRIVATE_IDLE).count();
            check(s.idleCount() == idle, "session idle count " + s.idleCount() + " != " + idle + " for " + s);
        }
    }

    private void assertTarget(Target t) {
        TargetStats st = engine.stats(t);
        long[] byState = new long[ConnectionState.values().length];
        long[] parkedPerLoop = new long[engine.loops()];
        for (FakeConnector.Opened o : connector.opened()) {
            Connection c = o.connection;
            if (c.target() != t) {
                continue;
            }
            ConnectionState s = c.state();
            if (s == null) {
                continue; // still being created
            }
            assertConnection(c, o.transport);
            byState[s.ordinal()]++;
            if (s.isParked()) {
                parkedPerLoop[c.homeLoop()]++;
            }
        }
        long used = byState[ConnectionState.EXCLUSIVE.ordinal()] + byState[ConnectionState.AVAILABLE.ordinal()]
                + byState[ConnectionState.SESSION_RESERVED.ordinal()];
        check(st.used() == used, "used " + st.used() + " != " + used + " " + st);
        check(st.idle() == byState[ConnectionState.IDLE.ordinal()], "idle " + st);
        check(st.safe() == byState[ConnectionState.SAFE.ordinal()], "safe " + st);
        check(st.privateBusy() == byState[ConnectionState.PRIVATE_BUSY.ordinal()], "privateBusy " + st);
        check(st.privateIdle() == byState[ConnectionState.PRIVATE_IDLE.ordinal()], "privateIdle " + st);
        for (int l = 0; l < parkedPerLoop.length; l++) {
            check(st.parked(l) == parkedPerLoop[l], "parked on loop " + l + " " + st.parked(l) + " != " + parkedPerLoop[l]);
        }
        check(st.used() <= st.peakUsed() && st.peakUsed() <= st.needEstimate(),
                "used <= peakUsed <= needEstimate broken: " + st.used() + ", " + st.peakUsed() + ", " + st.needEstimate());
        check(st.connect() >= 0 && st.reuse() >= 0, "negative totals " + st);
        long reasons = 0;
        for (var r : dev.tether.core.ConnectReason.values()) {
            reasons += st.connects(r);
        }
        check(reasons == st.connect(), "connect reasons " + reasons + " != connect " + st.connect());
        String counts = TestAccess.e4CountsMismatch(t);
        check(counts == null, "E4: the per-key counts differ from a walk over the connections: " + counts);
    }

    private static void assertConnection(Connection c, FakeTransport transport) {
        ConnectionState s = c.state();
        check(c.list() == s.list(), "list " + c.list() + " does not match state " + c);
        check((c.owner() != null) == (s.list() == ListKind.PRIVATE), "owner iff session list: " + c);
        if (c.isPrivate() && !s.isClosed()) {
            check(s == ConnectionState.PRIVATE_BUSY || s == ConnectionState.PRIVATE_IDLE, "R31 private listed: " + c);
        }
        if (c.noNewStreams() && !s.isClosed()) {
            check(s != ConnectionState.IDLE && s != ConnectionState.SAFE && s != ConnectionState.AVAILABLE
                    && s != ConnectionState.PRIVATE_IDLE, "§1.2 latched connection listed: " + c);
        }
        if (s == ConnectionState.CLOSED) {
            check(transport.closeCount() == 1, "closed connection's transport closed " + transport.closeCount() + " times: " + c);
            check(c.closeReason() != null, "closed without a reason: " + c);
        } else {
            check(!transport.isClosed(), "open connection's transport closed: " + c);
        }
        if (s.isParked() || s == ConnectionState.PRIVATE_IDLE) {
            check(c.attachedStreams() == 0, "idle with streams: " + c);
        }
        check(c.attachedStreams() >= 0, "negative streams: " + c);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError("invariant broken: " + message);
        }
    }
}
