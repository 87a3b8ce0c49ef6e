package dev.tether.core.sim;

import dev.tether.core.Connection;
import dev.tether.core.ReuseKey;
import dev.tether.core.ReuseLimits;
import dev.tether.core.Session;
import dev.tether.core.Target;
import dev.tether.core.TargetConfig;
import dev.tether.testkit.EngineHarness;
import dev.tether.testkit.FakeMux;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real engine of one simulation run, built through the public API on an {@link EngineHarness}
 * (fake connector, fake muxes, fake clock), with the bookkeeping that maps its objects to the model's
 * ids: connections by creation order, sessions and leases by step id.
 *
 * <p>Invariants: {@code conns.get(i)} is the i-th connection the engine created for a lease (in
 * creation order, as the model numbers them); {@code muxes} maps each to its fake mux once
 * installed; {@code leases} holds exactly the active leases.
 *
 * <p>Thread safety: not thread safe; one simulation thread.
 */
final class EngineDriver {
    final EngineHarness harness;
    final Target[] targets;
    final ReuseKey[] keys;
    final List<Connection> conns = new ArrayList<>();
    final Map<Connection, FakeMux> muxes = new IdentityHashMap<>();
    final Map<Connection, Integer> index = new IdentityHashMap<>();
    final Map<Integer, Session> sessions = new HashMap<>();
    /** Lease handles by acquire step id. */
    final Map<Integer, Long> leases = new HashMap<>();
    /** The owner a connection had when first seen private (R30, R33: it never changes). */
    final Map<Integer, Session> privateOwners = new HashMap<>();

    EngineDriver(SimConfig config) {
        harness = new EngineHarness(b -> b.maxIdlePerSession(config.maxIdlePerSession));
        targets = new Target[config.targets.length];
        for (int t = 0; t < targets.length; t++) {
            SimConfig.TargetSpec s = config.targets[t];
            ReuseLimits limits = ReuseLimits.builder().maxIdlePerTarget(s.maxIdlePerTarget).maxReuse(s.maxReuse)
                    .lowIdle(s.lowIdle).purgeDelay(Duration.ofNanos(s.purgeDelayNanos)).build();
            targets[t] = harness.engine.addTarget(TargetConfig.builder("T" + (t + 1)).policy(s.policy)
                    .dispatch(s.dispatch).limits(limits).build());
        }
        keys = new ReuseKey[config.keys()];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = ReuseKey.builder(targets[config.keyTarget[k]])
                    .destination(new InetSocketAddress("127.0.0.1", 8080 + k)).build();
        }
        harness.connector.muxFactory = c -> {
            SimConfig.TargetSpec s = config.targets[c.target() == targets[0] ? 0 : 1];
            FakeMux m = s.h2 ? FakeMux.h2(c, s.h2Cap) : FakeMux.h1(c);
            muxes.put(c, m);
            return m;
        };
    }

    long now() {
        return harness.clock.nanoTime();
    }

    Session session(int id) {
        return sessions.computeIfAbsent(id, i -> harness.session());
    }

    int indexOf(Connection c) {
        Integer i = index.get(c);
        return i == null ? -1 : i;
    }

    /** Records a connection the engine just created for a lease; returns its creation index. */
    int register(Connection c) {
        index.put(c, conns.size());
        conns.add(c);
        return conns.size() - 1;
    }

    /** The fake mux of the {@code i}-th connection, or null while it is not installed (R27). */
    FakeMux mux(int i) {
        return muxes.get(conns.get(i));
    }
}
