package dev.tether.core.sim;

import dev.tether.core.AcquireException;
import dev.tether.core.AcquireFailure;
import dev.tether.core.Connection;
import dev.tether.core.Lease;
import dev.tether.core.ReuseKey;
import dev.tether.core.ReuseLimits;
import dev.tether.core.ReuseListener;
import dev.tether.core.Session;
import dev.tether.core.SessionListener;
import dev.tether.core.Target;
import dev.tether.core.TargetConfig;
import dev.tether.testkit.EngineHarness;
import dev.tether.testkit.FakeConnector;
import dev.tether.testkit.FakeMux;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real engine of one simulation run, built through the public API on an {@link EngineHarness}
 * (fake connector, fake muxes, fake clock) with the run's loops, sharing, budget and extensions, and the
 * bookkeeping that maps its objects to the model's ids: connections in the order the connector opened
 * them, sessions and leases by step id.
 *
 * <p>Invariants: after {@link #sync()}, {@code conns.get(i)} is the i-th connection the connector
 * opened (as the model numbers them); {@code leases} holds exactly the active leases.
 *
 * <p>Thread safety: not thread safe; one simulation thread.
 */
final class EngineDriver {
    final EngineHarness harness;
    final Target[] targets;
    final ReuseKey[] keys;
    final List<Connection> conns = new ArrayList<>();
    private final Map<Connection, Integer> index = new IdentityHashMap<>();
    final Map<Integer, Session> sessions = new HashMap<>();
    /** Lease handles by acquire step id. */
    final Map<Integer, Long> leases = new HashMap<>();
    /** The owner a connection had when first seen private (R30, R33: it never changes). */
    final Map<Integer, Session> privateOwners = new HashMap<>();
    private final SimConfig config;
    /** What the host's {@code ConnectionBudget.inUse()} returns (R4). */
    long inUse;
    /** E3: what the engine asked the loops to run (waiter retries and failures), in order. */
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    /** E3: handles of pending leases by acquire step id. */
    final Map<Integer, Long> pending = new HashMap<>();
    /** E3: what the sessions' listeners heard since the last {@link #runTasks()}: handles served, and failed with why. */
    final List<Long> ready = new ArrayList<>();
    final Map<Long, AcquireFailure> failed = new HashMap<>();
    private final SessionListener listener = new SessionListener() {
        @Override
        public void onLeaseReady(long lease) {
            ready.add(lease);
        }

        @Override
        public void onLeaseFailed(long lease, AcquireException failure) {
            failed.put(lease, failure.failure());
        }
    };
    /** E5: the leak reports since the last {@link #takeLeaks()}, in report order. */
    private final List<Leak> leaks = new ArrayList<>();

    /** One E5 report: the lease's handle and the stack captured at its acquire. */
    static final class Leak {
        final long handle;
        final Throwable acquiredAt;

        Leak(long handle, Throwable acquiredAt) {
            this.handle = handle;
            this.acquiredAt = acquiredAt;
        }
    }

    EngineDriver(SimConfig config) {
        this.config = config;
        harness = new EngineHarness(b -> {
            b.maxIdlePerSession(config.maxIdlePerSession).loops(config.loops).shareAcrossLoops(config.shareAcrossLoops);
            if (config.budget) {
                b.budget(() -> inUse, config.budgetLow, config.budgetHigh);
            }
            b.loopExecutors(loop -> tasks::add);
            b.leaseLeakThreshold(Duration.ofNanos(config.leakThresholdNanos)).listener(new ReuseListener() {
                @Override
                public void onLeaseLeak(Lease lease, Throwable acquiredAt) {
                    leaks.add(new Leak(lease.handle(), acquiredAt));
                }
            });
        });
        targets = new Target[config.targets.length];
        for (int t = 0; t < targets.length; t++) {
            SimConfig.TargetSpec s = config.targets[t];
            ReuseLimits limits = ReuseLimits.builder().maxIdlePerTarget(s.maxIdlePerTarget).maxReuse(s.maxReuse)
                    .lowIdle(s.lowIdle).purgeDelay(Duration.ofNanos(s.purgeDelayNanos))
                    .maxLifetime(Duration.ofNanos(s.maxLifetimeNanos))
                    .parkedIdleTimeout(Duration.ofNanos(s.parkedIdleTimeoutNanos))
                    .maxConnectionsPerTarget(s.maxConnections).maxWaiters(s.maxWaiters)
                    .acquireTimeout(Duration.ofNanos(s.acquireTimeoutNanos)).build();
            targets[t] = harness.engine.addTarget(TargetConfig.builder("T" + (t + 1)).policy(s.policy)
                    .dispatch(s.dispatch).limits(limits).build());
        }
        keys = new ReuseKey[config.keys()];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = ReuseKey.builder(targets[config.keyTarget[k]])
                    .destination(new InetSocketAddress("127.0.0.1", 8080 + k)).build();
        }
        harness.connector.muxFactory = this::newMux;
    }

    private FakeMux newMux(Connection c) {
        SimConfig.TargetSpec s = config.targets[c.target() == targets[0] ? 0 : 1];
        int key = 0;
        while (!keys[key].equals(c.key())) {
            key++;
        }
        if (s.pinned(key)) {
            return s.h2 ? FakeMux.h2Pinned(c, s.h2Cap) : FakeMux.h1Pinned(c);
        }
        return s.h2 ? FakeMux.h2(c, s.h2Cap) : FakeMux.h1(c);
    }

    /** Runs what the engine gave the loops' executors, until nothing is left (the loops turn). */
    void runTasks() {
        for (Runnable r; (r = tasks.poll()) != null; ) {
            r.run();
        }
    }

    /** The leak reports since the last call. */
    List<Leak> takeLeaks() {
        List<Leak> out = new ArrayList<>(leaks);
        leaks.clear();
        return out;
    }

    long now() {
        return harness.clock.nanoTime();
    }

    Session session(int id) {
        return sessions.computeIfAbsent(id, i -> harness.engine.openSession(config.loopOf(i), listener));
    }

    /** Numbers the connections the connector opened since the last call, in opening order. */
    void sync() {
        FakeConnector connector = harness.connector;
        while (conns.size() < connector.openedCount()) {
            Connection c = connector.opened(conns.size()).connection;
            index.put(c, conns.size());
            conns.add(c);
        }
    }

    int indexOf(Connection c) {
        Integer i = index.get(c);
        return i == null ? -1 : i;
    }

    /** The fake mux of the {@code i}-th connection, or null while it is not installed (R27). */
    FakeMux mux(int i) {
        return harness.connector.opened(i).mux;
    }

    /** The {@code i}-th connection's record at the connector. */
    FakeConnector.Opened opened(int i) {
        return harness.connector.opened(i);
    }
}
