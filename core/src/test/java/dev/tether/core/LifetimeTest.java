package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static dev.tether.core.ConnectionState.CLOSED;
import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/behaviour.md T46: connection lifetime and parked idle timeout (E1, E2). */
class LifetimeTest {

    @Test
    void maxLifetimeClosesParkedConnectionsInMaintainAndBusyOnesAtRelease() throws Exception {
        // T46: E1
        EngineHarness h = new EngineHarness();
        Target t = h.target("T", ReusePolicy.SAFE, ReuseLimits.builder().maxLifetime(Duration.ofSeconds(10))
                .purgeDelay(Duration.ofSeconds(60)).build());
        Lease parked = h.acquire(h.session(), t, NONE);
        Connection x = parked.connection();
        h.release(parked);
        h.clock.advance(4, TimeUnit.SECONDS);
        Lease busy = h.acquire(h.session(), t, RequestTraits.FIRST);
        Connection y = busy.connection();
        assertThat(h.maintain()).isEqualTo(TimeUnit.SECONDS.toNanos(6)); // the earliest expiry
        h.clock.advance(6, TimeUnit.SECONDS);
        h.maintain();
        assertThat(x.state()).isEqualTo(CLOSED);
        assertThat(x.closeReason()).isEqualTo(CloseReason.TTL);
        h.clock.advance(4, TimeUnit.SECONDS);
        h.maintain();
        assertThat(y.noNewStreams()).isTrue();
        assertThat(h.release(busy).closeReason()).isEqualTo(CloseReason.TTL);
    }

    @Test
    void parkedIdleTimeoutClosesIdleSafeAndPrivateIdleConnections() throws Exception {
        // T46: E2 (HAProxy #1236, #3033: keep-alive timeouts do not bound parked connections)
        EngineHarness h = new EngineHarness();
        ReuseLimits limits = ReuseLimits.builder().parkedIdleTimeout(Duration.ofSeconds(3))
                .purgeDelay(Duration.ofSeconds(60)).build();
        Target t = h.target("T", ReusePolicy.SAFE, limits);
        Target never = h.target("N", ReusePolicy.NEVER, limits);
        Session s = h.session();
        Lease a = h.acquire(s, t, NONE);
        Connection safe = a.connection();
        h.release(a);
        Lease a2 = h.acquire(s, t, NONE);
        Lease b = h.acquire(s, t, NONE);
        Connection idle = b.connection();
        h.release(a2);
        h.release(b);
        Lease p = h.acquire(s, never, NONE);
        Connection privateIdle = p.connection();
        h.release(p);
        assertThat(safe.state()).isEqualTo(ConnectionState.SAFE);
        assertThat(idle.state()).isEqualTo(ConnectionState.IDLE);
        assertThat(h.maintain()).isEqualTo(TimeUnit.SECONDS.toNanos(3));
        h.clock.advance(2, TimeUnit.SECONDS);
        h.maintain();
        assertThat(safe.state()).isEqualTo(ConnectionState.SAFE);
        h.clock.advance(1, TimeUnit.SECONDS);
        h.maintain();
        for (Connection c : new Connection[] {safe, idle, privateIdle}) {
            assertThat(c.state()).isEqualTo(CLOSED);
            assertThat(c.closeReason()).isEqualTo(CloseReason.IDLE_TIMEOUT);
        }
    }

    @Test
    void withTheExtensionsOffNothingExpires() throws Exception {
        // T46: E1, E2 off by default; R58
        EngineHarness h = new EngineHarness();
        Target never = h.target("N", ReusePolicy.NEVER);
        Lease p = h.acquire(h.session(), never, NONE);
        Connection c = p.connection();
        h.release(p);
        h.clock.advance(1, TimeUnit.DAYS);
        assertThat(h.maintain()).isEqualTo(-1);
        assertThat(c.state()).isEqualTo(ConnectionState.PRIVATE_IDLE);
    }

    @Test
    void aConnectionYoungerThanItsLifetimeIsReusedAndTheIdleTimeoutCountsFromWhenItParked() throws Exception {
        // T46: E1 (age from creation), E2 (idle time from parking, not from creation or last use)
        EngineHarness h = new EngineHarness();
        ReuseLimits limits = ReuseLimits.builder().maxLifetime(Duration.ofSeconds(20))
                .parkedIdleTimeout(Duration.ofSeconds(3)).purgeDelay(Duration.ofSeconds(60)).build();
        Target t = h.target("T", ReusePolicy.ALWAYS, limits);
        Session s = h.session();
        Lease a = h.acquire(s, t, NONE);
        Connection x = a.connection();
        h.clock.advance(10, TimeUnit.SECONDS);                // busy for 10 s
        h.release(a);
        h.clock.advance(2, TimeUnit.SECONDS);                 // parked for 2 s: within E2
        h.maintain();
        assertThat(x.state().isParked()).as("%s", x).isTrue();
        h.clock.advance(7, TimeUnit.SECONDS);
        h.maintain();                                         // parked for 9 s: E2 closes it
        assertThat(x.state()).isEqualTo(CLOSED);
        assertThat(x.closeReason()).isEqualTo(CloseReason.IDLE_TIMEOUT);
        Lease b = h.acquire(s, t, NONE);
        Connection y = b.connection();
        h.release(b);
        h.clock.advance(2, TimeUnit.SECONDS);
        Lease again = h.acquire(s, t, NONE);                   // 2 s old of 20: reused
        assertThat(again.connection()).isSameAs(y);
        assertThat(again.reused()).isTrue();
        h.clock.advance(17, TimeUnit.SECONDS);
        h.release(again);                                     // 19 s old: parks
        assertThat(y.state().isParked()).as("%s", y).isTrue();
        Lease last = h.acquire(s, t, NONE);                    // still younger than 20 s
        assertThat(last.connection()).isSameAs(y);
        h.release(last);
    }
}
