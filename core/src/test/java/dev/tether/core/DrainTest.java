package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import dev.tether.testkit.FakeMux;
import org.junit.jupiter.api.Test;

import static dev.tether.core.ConnectionState.CLOSED;
import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docs/behaviour.md T42: drain and removal of a target (R66–R68, D9). */
class DrainTest {

    @Test
    void drainClosesIdleConnectionsAtOnceAndBusyOnesWhenTheirStreamsEnd() throws Exception {
        // T42: R66, R67, R68
        EngineHarness h = new EngineHarness(b -> b.loops(2));
        Target t = h.target("T", ReusePolicy.SAFE);
        Lease p0 = h.acquire(h.session(0), t, NONE);
        Lease p1 = h.acquire(h.session(1), t, NONE);
        Connection parked0 = p0.connection();
        Connection parked1 = p1.connection();
        h.release(p0);
        h.release(p1);
        Session a = h.session(0);
        Lease pi = h.acquire(a, t, RequestTraits.FIRST);   // first requests never take parked ones
        Connection privateIdle = pi.connection();
        pi.connection().onResponseHead(pi.handle(), 401, java.util.List.of("NTLM"), java.util.List.of());
        h.release(pi);
        assertThat(privateIdle.state()).isEqualTo(ConnectionState.PRIVATE_IDLE);
        Lease busyH1 = h.acquire(h.session(0), t, RequestTraits.FIRST);
        Connection x = busyH1.connection();
        h.connector.muxFactory = c -> FakeMux.h2(c, 100);
        Lease busyH2 = h.acquire(h.session(0), t, RequestTraits.FIRST);
        Connection y = busyH2.connection();
        assertThat(y.state()).isEqualTo(ConnectionState.SESSION_RESERVED);

        h.engine.drain(t);
        h.assertInvariants();
        for (Connection c : new Connection[] {parked0, parked1, privateIdle}) {
            assertThat(c.state()).isEqualTo(CLOSED);
            assertThat(c.closeReason()).isEqualTo(CloseReason.DRAINED);
        }
        assertThat(x.noNewStreams()).isTrue();
        assertThat(y.noNewStreams()).isTrue();
        assertThatThrownBy(() -> h.engine.acquire(h.session(0), EngineHarness.key(t), NONE, h.clock.nanoTime()))
                .isInstanceOfSatisfying(AcquireException.class,
                        e -> assertThat(e.failure()).isEqualTo(AcquireFailure.TARGET_DRAINING));
        assertThat(h.engine.removeTarget(t)).isFalse();
        assertThat(h.engine.isRemovable(t)).isFalse();
        assertThat(h.release(busyH1).closeReason()).isEqualTo(CloseReason.DRAINED);
        assertThat(h.engine.removeTarget(t)).isFalse();
        assertThat(h.release(busyH2).closeReason()).isEqualTo(CloseReason.DRAINED);
        assertThat(h.engine.isRemovable(t)).isTrue();

        h.engine.undrain(t);
        Lease fresh = h.acquire(h.session(0), t, NONE);
        assertThat(fresh.reused()).isFalse();
        h.release(fresh);
        assertThat(h.engine.removeTarget(t)).isFalse();    // parked again
        h.engine.drain(t);
        assertThat(h.engine.removeTarget(t)).isTrue();
        assertThat(t.isRemoved()).isTrue();
        assertThat(h.engine.targets()).doesNotContain(t);
    }
}
