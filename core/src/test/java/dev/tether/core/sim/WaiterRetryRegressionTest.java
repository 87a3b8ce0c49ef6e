package dev.tether.core.sim;

import dev.tether.core.AcquireException;
import dev.tether.core.ConnectReason;
import dev.tether.core.Lease;
import dev.tether.core.RequestTraits;
import dev.tether.core.ReuseKey;
import dev.tether.core.ReuseLimits;
import dev.tether.core.ReusePolicy;
import dev.tether.core.Session;
import dev.tether.core.SessionListener;
import dev.tether.core.Target;
import dev.tether.testkit.EngineHarness;
import dev.tether.testkit.FakeMux;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression found by {@link ReuseEngineSimulationTest} (seed 163, shrunk): a waiter's retry (E3) is
 * a full acquire, so the reason of the connection it opens (E4) comes from that retry's lookup, not
 * from what an earlier attempt's lookup found (a pick R19 abandoned, a loop it could not lock).
 *
 * <p>Thread safety: one JUnit thread per instance.
 */
class WaiterRetryRegressionTest {
    private final EngineHarness h = new EngineHarness();
    private final List<Long> ready = new ArrayList<>();

    @Test
    void aRetryGivesTheReasonOfItsOwnLookup() throws Exception {
        // E3, E4, R19
        h.connector.muxFactory = c -> FakeMux.h2(c, 2);
        Target t = h.target("T", ReusePolicy.SAFE, ReuseLimits.builder().maxConnectionsPerTarget(1).maxWaiters(1).build());
        ReuseKey key = EngineHarness.key(t);
        Session s = h.engine.openSession(0, new SessionListener() {
            @Override
            public void onLeaseReady(long lease) {
                ready.add(lease);
            }

            @Override
            public void onLeaseFailed(long lease, AcquireException failure) {
            }
        });
        Lease a = h.acquire(s, key, RequestTraits.FIRST);
        h.mux(a).availableOverride = 0; // the engine is not told: the next pick is abandoned (R19)
        long waiting = h.engine.acquire(s, key, RequestTraits.FIRST, h.clock.nanoTime());
        assertThat(h.engine.lease(waiting).isPending()).isTrue();
        h.release(a); // the abandoned connection closes; the waiter retries and connects
        assertThat(ready).containsExactly(waiting);
        Lease b = h.engine.lease(waiting);
        assertThat(b.reused()).isFalse();
        assertThat(b.connectReason()).as("no equal-key connection is left").isEqualTo(ConnectReason.NO_MATCH);
    }
}
