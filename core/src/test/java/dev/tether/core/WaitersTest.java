package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docs/behaviour.md T47: the per-target cap with bounded waiters and an acquire timeout (E3). */
class WaitersTest {
    private final List<Long> ready = new ArrayList<>();
    private final List<AcquireFailure> failed = new ArrayList<>();
    private final SessionListener listener = new SessionListener() {
        @Override
        public void onLeaseReady(long lease) {
            ready.add(lease);
        }

        @Override
        public void onLeaseFailed(long lease, AcquireException failure) {
            failed.add(failure.failure());
        }
    };
    private final EngineHarness h = new EngineHarness();
    private final Target t = h.target("T", ReusePolicy.SAFE, ReuseLimits.builder().maxConnectionsPerTarget(2)
            .maxWaiters(1).acquireTimeout(Duration.ofSeconds(1)).build());

    @Test
    void atTheCapOneRequestWaitsTheNextFailsAndAReleaseServesTheWaiter() throws Exception {
        // T47: E3
        Lease a = h.acquire(h.session(), t, NONE);
        Lease b = h.acquire(h.session(), t, NONE);
        Session s = h.engine.openSession(0, listener);
        long handle = h.engine.acquire(s, EngineHarness.key(t), NONE, h.clock.nanoTime());
        Lease waiting = h.engine.lease(handle);
        assertThat(waiting.isPending()).isTrue();
        assertThat(waiting.connection()).isNull();
        assertThatThrownBy(() -> h.engine.acquire(h.session(), EngineHarness.key(t), NONE, h.clock.nanoTime()))
                .isInstanceOfSatisfying(AcquireException.class, e -> assertThat(e.failure()).isEqualTo(AcquireFailure.QUEUE_FULL));
        Connection x = a.connection();
        h.release(a);
        assertThat(ready).containsExactly(handle);
        assertThat(waiting.isActive()).isTrue();
        assertThat(waiting.connection()).isSameAs(x);
        assertThat(h.stats(t).open()).isEqualTo(2);
        h.release(waiting);
        h.release(b);
    }

    @Test
    void anUnservedWaiterFailsWithTimeoutThroughMaintain() throws Exception {
        // T47: E3
        Lease a = h.acquire(h.session(), t, NONE);
        Lease b = h.acquire(h.session(), t, NONE);
        Session s = h.engine.openSession(0, listener);
        long waiting = h.engine.acquire(s, EngineHarness.key(t), NONE, h.clock.nanoTime());
        assertThat(h.engine.lease(waiting).isPending()).isTrue();
        assertThat(h.maintain()).isEqualTo(TimeUnit.SECONDS.toNanos(1));
        h.clock.advance(1, TimeUnit.SECONDS);
        h.maintain();
        assertThat(failed).containsExactly(AcquireFailure.TIMEOUT);
        assertThatThrownBy(() -> h.engine.lease(waiting)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is stale");
        h.release(a);
        h.release(b);
        assertThat(ready).isEmpty();
    }

    @Test
    void atTheCapAParkedConnectionOfAnotherKeyIsClosedToMakeRoom() throws Exception {
        // T47: E3 TARGET_CAP
        ReuseKey k2 = ReuseKey.builder(t).destination(new InetSocketAddress("127.0.0.1", 2)).build();
        Lease parked = h.acquire(h.session(), k2, NONE);
        Connection p = parked.connection();
        h.release(parked);
        Lease a = h.acquire(h.session(), t, NONE);
        Lease b = h.acquire(h.session(), t, RequestTraits.FIRST);
        assertThat(b.reused()).isFalse();
        assertThat(p.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(p.closeReason()).isEqualTo(CloseReason.TARGET_CAP);
        h.release(a);
        h.release(b);
    }

    @Test
    void withoutTheCapNobodyWaits() throws Exception {
        // T47: E3 off by default
        Target free = h.target("F", ReusePolicy.SAFE);
        for (int i = 0; i < 50; i++) {
            assertThat(h.acquire(h.session(), free, NONE).isActive()).isTrue();
        }
    }

    private long waitOn(Target target, Session s) throws AcquireException {
        long handle = h.engine.acquire(s, EngineHarness.key(target), NONE, h.clock.nanoTime());
        assertThat(h.engine.lease(handle).isPending()).isTrue();
        return handle;
    }

    @Test
    void aWaiterHearsWhyItWillNotBeServed() throws Exception {
        // E3, R38, R67: its session closed, or its target drained; only those waiters fail.
        Lease a = h.acquire(h.session(), t, NONE);
        Lease b = h.acquire(h.session(), t, NONE);
        Session s = h.engine.openSession(0, listener);
        Session other = h.engine.openSession(0, listener);
        waitOn(t, s);
        assertThatThrownBy(() -> waitOn(t, other)).isInstanceOf(AcquireException.class); // maxWaiters 1
        h.engine.closeSession(s);
        assertThat(failed).containsExactly(AcquireFailure.SESSION_CLOSED);
        waitOn(t, other);                                              // the closed session's place is free
        h.engine.drain(t);
        assertThat(failed).containsExactly(AcquireFailure.SESSION_CLOSED, AcquireFailure.TARGET_DRAINING);
        assertThat(ready).isEmpty();
        h.release(a);
        h.release(b);
    }

    @Test
    void aWaiterOfARemovedTargetFailsWithTargetRemoved() throws Exception {
        // E3, R68: the last connection closed, the retry it scheduled has not run, the target goes.
        List<Runnable> tasks = new ArrayList<>();
        EngineHarness q = new EngineHarness(b -> b.loopExecutors(loop -> tasks::add));
        Target r = q.target("R", ReusePolicy.SAFE, ReuseLimits.builder().maxConnectionsPerTarget(1)
                .maxWaiters(1).build());
        Lease holder = q.acquire(q.session(), r, NONE);
        Session s = q.engine.openSession(0, listener);
        long waiting = q.engine.acquire(s, EngineHarness.key(r), NONE, q.clock.nanoTime());
        assertThat(q.engine.lease(waiting).isPending()).isTrue();
        q.release(holder, Outcome.FAILED);
        assertThat(q.engine.removeTarget(r)).isTrue();
        while (!tasks.isEmpty()) {
            tasks.remove(0).run();
        }
        assertThat(failed).containsExactly(AcquireFailure.TARGET_REMOVED);
        assertThat(ready).isEmpty();
    }

    @Test
    void aDrainedWaiterIsNeverServedLater() throws Exception {
        // E3, R67: failed once, a waiter is gone; capacity that comes after the undrain serves nobody.
        Lease a = h.acquire(h.session(), t, NONE);
        Lease b = h.acquire(h.session(), t, NONE);
        Session s = h.engine.openSession(0, listener);
        waitOn(t, s);
        h.engine.drain(t);
        h.engine.undrain(t);
        h.release(a);
        h.release(b);
        assertThat(failed).containsExactly(AcquireFailure.TARGET_DRAINING);
        assertThat(ready).isEmpty();
        assertThat(h.stats(t).open()).isZero();                        // drained: both closed at release
    }

    @Test
    void waitersWhoseConnectsFailHearItOneByOneEvenWithTasksRunInline() throws Exception {
        // E3: a retry is a full acquire; a connect that fails fails that waiter (RESOURCE) and the next
        // one tries. With the default executor (tasks run in the calling thread) a retry that woke
        // itself again recursed until the stack overflowed while the backend refused.
        Target one = h.target("O", ReusePolicy.SAFE, ReuseLimits.builder().maxConnectionsPerTarget(1)
                .maxWaiters(2).build());
        Lease holder = h.acquire(h.session(), one, NONE);
        Session s = h.engine.openSession(0, listener);
        waitOn(one, s);
        waitOn(one, s);
        h.connector.refuseNext = 100_000;
        h.release(holder, Outcome.FAILED);                             // closed: room for one connect
        assertThat(failed).containsExactly(AcquireFailure.RESOURCE, AcquireFailure.RESOURCE);
        assertThat(ready).isEmpty();
        assertThat(h.stats(one).open()).isZero();
        h.connector.refuseNext = 0;
        h.release(h.acquire(h.session(), one, NONE));
    }
}
