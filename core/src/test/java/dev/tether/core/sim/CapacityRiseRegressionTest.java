package dev.tether.core.sim;

import dev.tether.core.ConnectReason;
import dev.tether.core.ConnectionState;
import dev.tether.core.Lease;
import dev.tether.core.ReusePolicy;
import dev.tether.core.Session;
import dev.tether.core.Target;
import dev.tether.testkit.EngineHarness;
import dev.tether.testkit.FakeMux;
import org.junit.jupiter.api.Test;

import static dev.tether.core.RequestTraits.FIRST;
import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regressions found by {@link ReuseEngineSimulationTest}: a fact event on a busy connection may only
 * take it out of AVAILABLE; a rise of {@code availableStreams} (new SETTINGS, the handshake
 * completing) never shares an EXCLUSIVE connection before its next stream release.
 *
 * <p>Thread safety: one JUnit thread per instance.
 */
class CapacityRiseRegressionTest {
    private final EngineHarness h = new EngineHarness();

    CapacityRiseRegressionTest() {
        h.connector.muxFactory = c -> FakeMux.h2(c, 100);
    }

    @Test
    void peerSettingsDoNotShareANewAggressiveHttp2Connection() throws Exception {
        // R65, R26 (c), T13: simulation seed 4, shrunk
        Target t = h.target("T", ReusePolicy.AGGRESSIVE);
        Lease a = h.acquire(h.session(), t, FIRST);
        h.mux(a).peerSettings(100, 100);
        h.assertInvariants();
        assertThat(a.connection().state()).isEqualTo(ConnectionState.EXCLUSIVE);
        Lease b = h.acquire(h.session(), t, NONE);
        assertThat(b.connection()).isNotSameAs(a.connection());
        assertThat(b.connectReason()).isEqualTo(ConnectReason.ALL_FULL);
    }

    @Test
    void theHandshakeCompletingDoesNotShareANewAggressiveHttp2Connection() throws Exception {
        // R65, R26 (c), R27
        Target t = h.target("T", ReusePolicy.AGGRESSIVE);
        h.connector.readyAtOnce = false;
        Lease a = h.acquire(h.session(), t, FIRST);
        h.connector.readyAtOnce = true;
        h.mux(a).becomeReady();
        h.assertInvariants();
        assertThat(a.connection().state()).isEqualTo(ConnectionState.EXCLUSIVE);
        assertThat(h.acquire(h.session(), t, NONE).connection()).isNotSameAs(a.connection());
    }

    @Test
    void aRiseAfterADropWaitsForTheNextStreamRelease() throws Exception {
        // R65, R42, T40: SETTINGS limit 1 with streams open ⇒ EXCLUSIVE; raised ⇒ AVAILABLE at the next release
        Target t = h.target("T", ReusePolicy.ALWAYS);
        Session s = h.session();
        Lease a = h.acquire(s, t, FIRST);
        Lease b = h.acquire(s, t, NONE);
        Lease c = h.acquire(s, t, NONE);
        assertThat(b.connection()).isSameAs(a.connection());
        assertThat(c.connection()).isSameAs(a.connection());
        FakeMux mux = h.mux(a);
        mux.peerSettings(1, 100);
        assertThat(a.connection().state()).isEqualTo(ConnectionState.EXCLUSIVE);
        mux.peerSettings(100, 100);
        h.assertInvariants();
        assertThat(a.connection().state()).isEqualTo(ConnectionState.EXCLUSIVE);
        h.release(c);
        assertThat(a.connection().state()).isEqualTo(ConnectionState.AVAILABLE);
    }
}
