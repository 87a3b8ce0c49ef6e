package dev.tether.benchmarks;

import dev.tether.core.AcquireException;
import dev.tether.core.Lease;
import dev.tether.core.Outcome;
import dev.tether.core.RequestTraits;
import dev.tether.core.ReuseEngine;
import dev.tether.core.ReuseKey;
import dev.tether.core.ReusePolicy;
import dev.tether.core.Session;
import dev.tether.core.Target;
import dev.tether.core.TargetConfig;
import dev.tether.core.annotations.ThreadSafe;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Tether's {@link ReuseEngine} as a {@link PoolDriver}: one target with HAProxy's default policy
 * ({@code safe}), one event loop per benchmark thread (the engine's threading model: a session and
 * its connections belong to a loop), and the pre-filled connections spread over the loops.
 *
 * <p>Each client is a session on its thread's loop; an acquire is a later request of that session
 * ({@link RequestTraits#NONE}), so it takes a parked connection from its loop's IDLE or SAFE list (or
 * another loop's, by takeover). Time is the loop's cached clock, read once per measurement
 * iteration, as an event loop does (HAProxy's {@code now_ms}); the engine reads no clock itself.
 *
 * <p>Thread safety: the engine is thread-safe; each client is confined to its thread.
 */
@ThreadSafe
final class TetherPoolDriver implements PoolDriver {
    private final ReuseEngine engine;
    private final Target target;
    private final ReuseKey key;

    TetherPoolDriver(int connections, int threads) {
        this.engine = ReuseEngine.builder(c -> {
            FakeConnection fake = new FakeConnection();
            c.installMux(fake);
            return fake;
        }).loops(threads).build();
        this.target = engine.addTarget(TargetConfig.builder("origin").policy(ReusePolicy.SAFE).build());
        this.key = ReuseKey.builder(target).destination(new InetSocketAddress("127.0.0.1", 9000)).build();
        prefill(connections, threads);
    }

    /** Opens {@code connections} connections, round robin over the loops, all busy at once, then parks them. */
    private void prefill(int connections, int threads) {
        List<Session> sessions = new ArrayList<>();
        for (int loop = 0; loop < threads; loop++) {
            sessions.add(engine.openSession(loop));
        }
        List<Lease> leases = new ArrayList<>();
        long now = System.nanoTime();
        try {
            for (int i = 0; i < connections; i++) {
                leases.add(engine.acquire(sessions.get(i % threads), target, key, RequestTraits.FIRST, now));
            }
        } catch (AcquireException e) {
            throw new IllegalStateException(e);
        }
        for (Lease lease : leases) {
            engine.release(lease, Outcome.COMPLETED, now);
        }
        for (Session s : sessions) {
            engine.closeSession(s);
        }
        long parked = engine.stats(target).parked();
        if (parked != connections) {
            throw new IllegalStateException("pre-fill parked " + parked + " of " + connections + ": " + engine.stats(target));
        }
    }

    @Override
    public Client client(int threadIndex) {
        return new TetherClient(engine, engine.openSession(threadIndex % engine.loops()), target, key);
    }

    @Override
    public void close() {
        // Nothing to close: the fakes hold no resources.
    }

    /** A session on one loop. Thread safety: confined to its benchmark thread. */
    private static final class TetherClient implements Client {
        private final ReuseEngine engine;
        private final Session session;
        private final Target target;
        private final ReuseKey key;
        /** The loop's cached clock. */
        private final long nowNanos = System.nanoTime();

        TetherClient(ReuseEngine engine, Session session, Target target, ReuseKey key) {
            this.engine = engine;
            this.session = session;
            this.target = target;
            this.key = key;
        }

        @Override
        public Object acquire() {
            try {
                return engine.acquire(session, target, key, RequestTraits.NONE, nowNanos);
            } catch (AcquireException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void release(Object lease) {
            engine.release((Lease) lease, Outcome.COMPLETED, nowNanos);
        }
    }
}
