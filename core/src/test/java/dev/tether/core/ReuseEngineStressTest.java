package dev.tether.core;

import dev.tether.testkit.FakeConnector;
import dev.tether.testkit.FakeMux;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two event-loop threads acquire and release on shared targets (taking connections over from each
 * other), while a third runs maintain, drain and undrain. Bounded in time. Proves: no HTTP/1
 * connection is ever leased twice at once, nothing throws unexpectedly, and once everything is
 * released, closed and drained, the counters are consistent and every transport is closed once.
 */
@Tag("stress")
class ReuseEngineStressTest {
    private static final long RUN_NANOS = TimeUnit.MILLISECONDS.toNanos(1500);
    private static final int LOOPS = 2;

    private final FakeConnector connector = new FakeConnector();
    private final AtomicLong clock = new AtomicLong(1);
    private final ReuseEngine engine = ReuseEngine.builder(connector).loops(LOOPS).clock(clock::get)
            .maxIdlePerSession(2).build();
    private final Map<Connection, Lease> leasedH1 = new ConcurrentHashMap<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong operations = new AtomicLong();

    @Test
    void concurrentLoopsMaintainAndDrainKeepTheEngineConsistent() throws Exception {
        connector.muxFactory = c -> c.target().name().startsWith("h2") ? FakeMux.h2(c, 4) : FakeMux.h1(c);
        List<Target> targets = new ArrayList<>();
        for (ReusePolicy p : ReusePolicy.values()) {
            targets.add(engine.addTarget(TargetConfig.builder("h1-" + p).policy(p)
                    .limits(ReuseLimits.builder().maxIdlePerTarget(6).maxReuse(p == ReusePolicy.ALWAYS ? 5 : -1).build()).build()));
            targets.add(engine.addTarget(TargetConfig.builder("h2-" + p).policy(p).build()));
        }
        List<Thread> threads = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int loop = 0; loop < LOOPS; loop++) {
            int l = loop;
            threads.add(new Thread(() -> guard(() -> runLoop(l, targets, start)), "loop-" + loop));
        }
        threads.add(new Thread(() -> guard(() -> runMaintenance(targets, start)), "maintain"));
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(t.isAlive()).as("%s finished", t.getName()).isFalse();
        }
        assertThat(failure.get()).isNull();
        assertThat(operations.get()).isGreaterThan(1000);
        for (Target t : targets) {
            engine.drain(t);
        }
        long now = clock.addAndGet(TimeUnit.MINUTES.toNanos(10));
        engine.maintain(now);
        for (Target t : targets) {
            TargetStats st = engine.stats(t);
            assertThat(st.open()).as("open connections of %s", st).isZero();
            assertThat(st.used() <= st.peakUsed() && st.peakUsed() <= st.needEstimate()).isTrue();
            assertThat(engine.isRemovable(t)).isTrue();
        }
        for (FakeConnector.Opened o : connector.opened()) {
            assertThat(o.connection.state()).isEqualTo(ConnectionState.CLOSED);
            assertThat(o.transport.closeCount()).as("%s", o.connection).isEqualTo(1);
        }
    }

    private void runLoop(int loop, List<Target> targets, CountDownLatch start) throws Exception {
        SplittableRandom random = new SplittableRandom(42 + loop);
        List<Session> sessions = new ArrayList<>();
        List<Lease> active = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sessions.add(engine.openSession(loop));
        }
        start.await();
        long end = System.nanoTime() + RUN_NANOS;
        while (System.nanoTime() < end && failure.get() == null) {
            int op = random.nextInt(100);
            if (op < 45 || active.isEmpty()) {
                acquire(random, targets, sessions, active);
            } else if (op < 88) {
                release(random, active);
            } else if (op < 92) {
                event(random, active);
            } else if (op < 96) {
                Lease l = active.get(random.nextInt(active.size()));
                l.connection().onResponseHead(l.handle(), 401, List.of("NTLM"), List.of());
            } else {
                int i = random.nextInt(sessions.size());
                engine.closeSession(sessions.get(i));
                sessions.set(i, engine.openSession(loop));
            }
            operations.incrementAndGet();
        }
        for (Lease l : active) {
            leasedH1.remove(l.connection(), l);
            engine.release(l.handle(), Outcome.FAILED, clock.get());
        }
        for (Session s : sessions) {
            engine.closeSession(s);
        }
    }

    private void acquire(SplittableRandom random, List<Target> targets, List<Session> sessions, List<Lease> active) {
        Target t = targets.get(random.nextInt(targets.size()));
        Session s = sessions.get(random.nextInt(sessions.size()));
        RequestTraits traits = random.nextBoolean() ? RequestTraits.FIRST : RequestTraits.NONE;
        try {
            Lease l = engine.lease(engine.acquire(s, dev.tether.testkit.EngineHarness.key(t), traits, clock.incrementAndGet()));
            if (!l.connection().mux().multiplexed() || l.connection().mux() == null) {
                Lease previous = leasedH1.putIfAbsent(l.connection(), l);
                assertThat(previous).as("HTTP/1 connection leased twice: %s", l.connection()).isNull();
            }
            active.add(l);
        } catch (AcquireException e) {
            assertThat(e.failure()).isEqualTo(AcquireFailure.TARGET_DRAINING);
        }
    }

    private void release(SplittableRandom random, List<Lease> active) {
        Lease l = active.remove(random.nextInt(active.size()));
        leasedH1.remove(l.connection(), l);
        Outcome outcome = random.nextInt(10) == 0 ? Outcome.FAILED : Outcome.COMPLETED;
        engine.release(l.handle(), outcome, clock.incrementAndGet());
    }

    private void event(SplittableRandom random, List<Lease> active) {
        Lease l = active.get(random.nextInt(active.size()));
        FakeMux mux = connector.mux(l.connection());
        switch (random.nextInt(3)) {
            case 0:
                mux.goAway();
                break;
            case 1:
                mux.peerClose();
                break;
            default:
                mux.peerSettings(1 + random.nextInt(4), 4);
                break;
        }
    }

    private void runMaintenance(List<Target> targets, CountDownLatch start) throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        start.await();
        long end = System.nanoTime() + RUN_NANOS;
        while (System.nanoTime() < end && failure.get() == null) {
            engine.maintain(clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(500)));
            Target t = targets.get(random.nextInt(targets.size()));
            if (random.nextInt(20) == 0) {
                engine.drain(t);
                engine.undrain(t);
            }
            engine.stats();
            Thread.onSpinWait();
        }
    }

    private void guard(ThrowingRunnable body) {
        try {
            body.run();
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
            stop.set(true);
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
