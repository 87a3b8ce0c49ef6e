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
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;

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

    /**
     * Opens {@code connections} connections, round robin over the loops, all busy at once, then parks
     * them. Each loop's share is opened by a thread of its own, as a host opens a connection on its
     * home loop's thread, so that two loops' connections never share a cache line (objects a thread
     * allocates are laid out together); a barrier keeps them all busy at once so that the need
     * estimate covers them all (R50.6).
     */
    private void prefill(int connections, int threads) {
        CyclicBarrier allBusy = new CyclicBarrier(threads);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> openers = new ArrayList<>();
        for (int loop = 0; loop < threads; loop++) {
            int share = connections / threads + (loop < connections % threads ? 1 : 0);
            int home = loop;
            Thread t = new Thread(() -> {
                try {
                    openOnLoop(engine.openSession(home), share, allBusy);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    allBusy.reset();
                }
            }, "prefill-" + loop);
            openers.add(t);
        }
        openers.forEach(Thread::start);
        for (Thread t : openers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("pre-fill failed", failure.get());
        }
        long parked = engine.stats(target).parked();
        if (parked != connections) {
            throw new IllegalStateException("pre-fill parked " + parked + " of " + connections + ": " + engine.stats(target));
        }
    }

    private void openOnLoop(Session session, int share, CyclicBarrier allBusy) throws Exception {
        List<Long> leases = new ArrayList<>();
        long now = System.nanoTime();
        for (int i = 0; i < share; i++) {
            leases.add(engine.acquire(session, key, RequestTraits.FIRST, now));
        }
        allBusy.await();
        for (long lease : leases) {
            engine.release(lease, Outcome.COMPLETED, now);
        }
        engine.closeSession(session);
    }

    @Override
    public Client client(int threadIndex) {
        return new TetherClient(engine, engine.openSession(threadIndex % engine.loops()), key);
    }

    @Override
    public void close() {
        // Nothing to close: the fakes hold no resources.
    }

    /** A session on one loop. Thread safety: confined to its benchmark thread. */
    private static final class TetherClient implements Client {
        private final ReuseEngine engine;
        private final Session session;
        private final ReuseKey key;
        /** The loop's cached clock. */
        private final long nowNanos = System.nanoTime();

        TetherClient(ReuseEngine engine, Session session, ReuseKey key) {
            this.engine = engine;
            this.session = session;
            this.key = key;
        }

        @Override
        public Object acquire() {
            try {
                return engine.lease(engine.acquire(session, key, RequestTraits.NONE, nowNanos));
            } catch (AcquireException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void release(Object lease) {
            engine.release(((Lease) lease).handle(), Outcome.COMPLETED, nowNanos);
        }
    }
}
