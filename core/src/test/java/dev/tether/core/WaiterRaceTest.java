package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import dev.tether.testkit.FakeMux;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static dev.tether.core.RequestTraits.FIRST;
import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * E3 with R66: a request that reaches the target's cap while the target drains (or the engine
 * closes) fails at once; it never joins the queue that the drain already failed, to wait there for a
 * release that may come much later.
 */
class WaiterRaceTest {
    private void drainDuringAcquire(Consumer<EngineHarness> drain, AcquireFailure expected) throws Exception {
        EngineHarness h = new EngineHarness();
        h.connector.muxFactory = c -> FakeMux.h2(c, 100);
        Target t = h.target("T", ReusePolicy.ALWAYS, ReuseLimits.builder().maxConnectionsPerTarget(1).maxWaiters(4).build());
        Lease held = h.acquire(h.session(), t, FIRST);
        FakeMux mux = h.mux(held);
        assertThat(held.connection().state()).isEqualTo(ConnectionState.AVAILABLE);
        mux.onAvailableStreams = () -> {         // between the claim and the R19 re-check
            mux.onAvailableStreams = () -> { };
            mux.availableOverride = 0;
            drain.accept(h);
        };
        assertThatThrownBy(() -> h.engine.acquire(h.session(), EngineHarness.key(t), NONE, h.clock.nanoTime()))
                .isInstanceOfSatisfying(AcquireException.class, e -> assertThat(e.failure()).isEqualTo(expected));
        h.assertInvariants();
        assertThat(h.release(held).closeReason()).isEqualTo(CloseReason.DRAINED);
    }

    @Test
    void anAcquireThatReachesTheCapWhileTheTargetDrainsFailsAtOnce() throws Exception {
        drainDuringAcquire(h -> h.engine.drain(h.engine.targets().get(0)), AcquireFailure.TARGET_DRAINING);
    }

    @Test
    void anAcquireThatReachesTheCapWhileTheEngineClosesFailsAtOnce() throws Exception {
        drainDuringAcquire(h -> h.engine.close(), AcquireFailure.ENGINE_CLOSED);
    }
}
