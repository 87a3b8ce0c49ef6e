package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import dev.tether.testkit.FakeMux;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.tether.core.ConnectionState.CLOSED;
import static dev.tether.core.RequestTraits.FIRST;
import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ReuseEngine#close}: every target drained for good (R66), waiters and later acquires refused. */
class EngineCloseTest {
    private final EngineHarness h = new EngineHarness(b -> b.loops(2));
    private final Target t = h.target("T", ReusePolicy.SAFE);

    private Connection parked(int loop) throws AcquireException {
        Lease l = h.acquire(h.session(loop), t, FIRST);
        Connection c = l.connection();
        h.release(l);
        assertThat(c.state().isParked()).isTrue();
        return c;
    }

    private Connection privateIdle() throws AcquireException {
        Lease l = h.acquire(h.session(0), t, FIRST);
        Connection c = l.connection();
        assertThat(c.onResponseHead(l.handle(), 401, List.of("NTLM"), List.of())).isTrue();
        h.release(l);
        assertThat(c.state()).isEqualTo(ConnectionState.PRIVATE_IDLE);
        return c;
    }

    @Test
    void closeClosesParkedAndPrivateIdleConnectionsAtOnce() throws Exception {
        List<Connection> idle = List.of(parked(0), parked(1), privateIdle());
        h.engine.close();
        h.assertInvariants();
        for (Connection c : idle) {
            assertThat(c.state()).as("%s", c).isEqualTo(CLOSED);
            assertThat(c.closeReason()).isEqualTo(CloseReason.DRAINED);
            assertThat(h.transport(c).closeCount()).isEqualTo(1);
        }
        assertThat(h.stats(t).open()).isZero();
        assertThat(h.stats(t).closes(CloseReason.DRAINED)).isEqualTo(3);
        assertThat(h.engine.isClosed()).isTrue();
        assertThat(h.engine.isRemovable(t)).isTrue();
    }

    @Test
    void laterAcquiresAreRefusedWithEngineClosedAndOpenNothing() throws Exception {
        h.engine.close();
        for (RequestTraits traits : new RequestTraits[] {FIRST, NONE, RequestTraits.FRESH_ONLY}) {
            assertThatThrownBy(() -> h.engine.acquire(h.session(), EngineHarness.key(t), traits, h.clock.nanoTime()))
                    .isInstanceOfSatisfying(AcquireException.class,
                            e -> assertThat(e.failure()).isEqualTo(AcquireFailure.ENGINE_CLOSED));
        }
        assertThat(h.opened()).isZero();
        assertThat(h.stats(t).connect()).isZero();
        assertThatThrownBy(() -> h.target("U", ReusePolicy.SAFE)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the engine is closed");
        assertThatThrownBy(() -> h.engine.undrain(t)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stays drained");
        h.engine.preconnect(EngineHarness.key(t), 2);
        h.maintain();
        assertThat(h.opened()).as("pre-connect opens nothing once closed").isZero();
    }

    @Test
    void waitersFailWithEngineClosedOnTheirLoop() throws Exception {
        Target capped = h.target("C", ReusePolicy.SAFE, ReuseLimits.builder().maxConnectionsPerTarget(1)
                .maxWaiters(2).acquireTimeout(Duration.ofSeconds(10)).build());
        Lease busy = h.acquire(h.session(), capped, FIRST);
        Map<Long, AcquireFailure> failed = new ConcurrentHashMap<>();
        Session s = h.engine.openSession(0, new SessionListener() {
            @Override
            public void onLeaseReady(long lease) {
                throw new AssertionError("served after close: " + lease);
            }

            @Override
            public void onLeaseFailed(long lease, AcquireException failure) {
                failed.put(lease, failure.failure());
            }
        });
        long w1 = h.engine.acquire(s, EngineHarness.key(capped), NONE, h.clock.nanoTime());
        long w2 = h.engine.acquire(s, EngineHarness.key(capped), NONE, h.clock.nanoTime());
        assertThat(h.engine.lease(w1).isPending()).isTrue();

        h.engine.close();
        assertThat(failed).containsOnly(Map.entry(w1, AcquireFailure.ENGINE_CLOSED), Map.entry(w2, AcquireFailure.ENGINE_CLOSED));
        assertThatThrownBy(() -> h.engine.lease(w1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("stale");
        assertThat(h.release(busy).closeReason()).isEqualTo(CloseReason.DRAINED);
        assertThat(failed).hasSize(2);
    }

    @Test
    void busyConnectionsCarryTheirStreamsToTheEndAndCloseAtTheLastRelease() throws Exception {
        Lease h1 = h.acquire(h.session(0), t, FIRST);
        h.connector.muxFactory = c -> FakeMux.h2(c, 100);
        Target shared = h.target("S", ReusePolicy.ALWAYS);
        Lease a = h.acquire(h.session(1), shared, FIRST);
        Lease b = h.acquire(h.session(1), shared, NONE);
        Connection x = h1.connection();
        Connection y = a.connection();
        assertThat(b.connection()).isSameAs(y);

        h.engine.close();
        assertThat(x.state()).isNotEqualTo(CLOSED);
        assertThat(x.noNewStreams()).isTrue();
        assertThat(y.attachedStreams()).isEqualTo(2);
        assertThat(h.release(h1).closeReason()).isEqualTo(CloseReason.DRAINED);
        assertThat(x.state()).isEqualTo(CLOSED);
        assertThat(h.release(a).state()).isEqualTo(ConnectionState.EXCLUSIVE);
        assertThat(y.state()).isNotEqualTo(CLOSED);
        ReleaseResult last = h.release(b);
        assertThat(last.state()).isEqualTo(CLOSED);
        assertThat(last.closeReason()).isEqualTo(CloseReason.DRAINED);
        assertThat(h.stats(t).open() + h.stats(shared).open()).isZero();
    }

    @Test
    void closeIsIdempotentAndMayRunOnAnyThreadAtOnce() throws Exception {
        parked(0);
        parked(1);
        privateIdle();
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> closers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            closers.add(CompletableFuture.runAsync(() -> {
                try {
                    start.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                h.engine.close();
            }));
        }
        start.countDown();
        CompletableFuture.allOf(closers.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
        h.engine.close();
        h.assertInvariants();
        assertThat(h.stats(t).closes(CloseReason.DRAINED)).as("each connection closed once").isEqualTo(3);
        assertThat(h.connector.opened()).allSatisfy(o -> assertThat(o.transport.closeCount()).isEqualTo(1));
    }
}
