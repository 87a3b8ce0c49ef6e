package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import dev.tether.testkit.LogCapture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a {@link ReuseListener} hears (docs/behaviour.md §4: the counters a host exports): one call per
 * connect with its reason (E4), per reuse, per close with its reason, and per failed exchange with its
 * class (R71); and that a listener that throws is logged and changes nothing.
 */
class ReuseListenerTest {
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final ReuseListener recording = new ReuseListener() {
        @Override
        public void onConnect(Target target, ConnectReason reason) {
            heard.add("connect " + target.name() + " " + reason);
        }

        @Override
        public void onReuse(Target target) {
            heard.add("reuse " + target.name());
        }

        @Override
        public void onClose(Connection connection, CloseReason reason) {
            heard.add("close " + connection.target().name() + " " + reason);
        }

        @Override
        public void onExchangeFailure(Target target, FailureClass failureClass) {
            heard.add("failure " + target.name() + " " + failureClass);
        }
    };

    @Test
    void theListenerHearsEachConnectReuseCloseAndFailureOnce() throws Exception {
        // E4, R71, §4: one call per counted event, with its reason or class.
        EngineHarness h = new EngineHarness(b -> b.listener(recording));
        Target t = h.target("T", ReusePolicy.SAFE);
        Lease first = h.acquire(h.session(), t, NONE);
        Connection x = first.connection();
        h.release(first);
        Lease again = h.acquire(h.session(), t, NONE);
        assertThat(again.connection()).isSameAs(x);
        h.release(again, Outcome.FAILED);                          // a reused HTTP/1 exchange failed: closed
        h.engine.preconnect(EngineHarness.key(t), 1);
        h.maintain();
        assertThat(heard).containsExactly(
                "connect T NO_MATCH",
                "reuse T",
                "close T ERROR",
                "failure T REPLAY_SAFE",
                "connect T PRECONNECT");
    }

    @Test
    void aListenerThatThrowsIsLoggedAndTheEngineCarriesOn() throws Exception {
        // §4: a listener is the host's code; its failure must not fail an acquire or a release.
        ReuseListener broken = new ReuseListener() {
            @Override
            public void onConnect(Target target, ConnectReason reason) {
                throw new IllegalStateException("connect listener broken");
            }

            @Override
            public void onReuse(Target target) {
                throw new IllegalStateException("reuse listener broken");
            }

            @Override
            public void onClose(Connection connection, CloseReason reason) {
                throw new IllegalStateException("close listener broken");
            }

            @Override
            public void onExchangeFailure(Target target, FailureClass failureClass) {
                throw new IllegalStateException("failure listener broken");
            }
        };
        EngineHarness h = new EngineHarness(b -> b.listener(broken));
        Target t = h.target("T", ReusePolicy.SAFE);
        try (LogCapture log = LogCapture.of("dev.tether.core")) {
            Lease first = h.acquire(h.session(), t, NONE);
            Connection x = first.connection();
            h.release(first);
            Lease again = h.acquire(h.session(), t, NONE);
            assertThat(again.connection()).isSameAs(x);
            ReleaseResult r = h.release(again, Outcome.FAILED);
            assertThat(r.failureClass()).isEqualTo(FailureClass.REPLAY_SAFE);
            assertThat(x.state()).isEqualTo(ConnectionState.CLOSED);
            assertThat(log.warnings()).hasSize(4).allMatch(m -> m.contains("listener failed"));
        }
        assertThat(h.stats(t).connect()).isEqualTo(1);
        assertThat(h.stats(t).reuse()).isEqualTo(1);
    }

    @Test
    void aSessionListenerThatThrowsIsLoggedAndTheWaiterStillGetsItsLease() throws Exception {
        // E3: the lease is ready whatever the host's listener does with the news.
        EngineHarness h = new EngineHarness();
        Target t = h.target("T", ReusePolicy.SAFE, ReuseLimits.builder().maxConnectionsPerTarget(1).maxWaiters(1).build());
        Session waiting = h.engine.openSession(0, new SessionListener() {
            @Override
            public void onLeaseReady(long lease) {
                throw new IllegalStateException("ready listener broken");
            }

            @Override
            public void onLeaseFailed(long lease, AcquireException failure) {
                throw new IllegalStateException("failed listener broken");
            }
        });
        Lease holder = h.acquire(h.session(), t, NONE);
        long pending = h.engine.acquire(waiting, EngineHarness.key(t), NONE, h.clock.nanoTime());
        assertThat(h.engine.lease(pending).isPending()).isTrue();
        try (LogCapture log = LogCapture.of("dev.tether.core")) {
            h.release(holder);
            assertThat(h.engine.lease(pending).isActive()).isTrue();
            assertThat(log.warnings()).containsExactly("session listener failed");
        }
        h.engine.release(pending, Outcome.COMPLETED, h.clock.nanoTime());
    }
}
