package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.tether.core.RequestTraits.FRESH_ONLY;
import static dev.tether.core.RequestTraits.NONE;
import static dev.tether.core.RequestTraits.UPGRADE_NEEDS_OTHER_PROTOCOL;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/behaviour.md T44: requests that skip reuse (R10–R12). */
class SkipReuseTest {

    @Test
    void upgradeAndFreshOnlyRequestsGetANewConnectionAndTouchNothing() throws Exception {
        // T44: R10, R11, R12
        EngineHarness h = new EngineHarness();
        Target t = h.target("T", ReusePolicy.ALWAYS);
        Session a = h.session();
        Target never = h.target("N", ReusePolicy.NEVER);
        Lease own = h.acquire(a, never, NONE);
        Connection mine = own.connection();
        h.release(own);
        Lease p = h.acquire(h.session(), t, NONE);
        Connection parked = p.connection();
        h.release(p);
        Map<RequestTraits, ConnectReason> cases = Map.of(UPGRADE_NEEDS_OTHER_PROTOCOL, ConnectReason.UPGRADE,
                FRESH_ONLY, ConnectReason.STALE_RETRY);
        for (Map.Entry<RequestTraits, ConnectReason> c : cases.entrySet()) {
            Lease l = h.acquire(a, t, c.getKey());
            assertThat(l.reused()).isFalse();
            assertThat(l.connectReason()).isEqualTo(c.getValue());
            assertThat(parked.state()).isEqualTo(ConnectionState.IDLE);
            Lease m = h.acquire(a, never, c.getKey());
            assertThat(m.connection()).isNotSameAs(mine);
            assertThat(mine.state()).isEqualTo(ConnectionState.PRIVATE_IDLE);
            h.release(l, Outcome.FAILED);
            h.release(m, Outcome.FAILED);
        }
        Lease normal = h.acquire(a, t, NONE);
        assertThat(normal.connection()).isSameAs(parked);   // R10: every other acquire looks up
        h.release(normal);
    }
}
