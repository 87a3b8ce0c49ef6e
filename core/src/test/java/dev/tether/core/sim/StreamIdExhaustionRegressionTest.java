package dev.tether.core.sim;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectReason;
import dev.tether.core.ConnectionState;
import dev.tether.core.Lease;
import dev.tether.core.ReleaseResult;
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
 * Regressions found by {@link ReuseEngineSimulationTest}: the attach that uses the last HTTP/2 stream
 * identifier latches {@code noNewStreams} ({@code MAX_REUSE}) at once (R48), not at the next detach.
 *
 * <p>Thread safety: one JUnit thread per instance.
 */
class StreamIdExhaustionRegressionTest {
    private final EngineHarness h = new EngineHarness();

    StreamIdExhaustionRegressionTest() {
        h.connector.muxFactory = c -> FakeMux.h2(c, 100);
    }

    @Test
    void theStreamThatUsesTheLastIdentifierLatchesItsConnection() throws Exception {
        // R48, T39: simulation seed 5, shrunk
        Target t = h.target("T", ReusePolicy.SAFE);
        Session a = h.session();
        Lease first = h.acquire(a, t, NONE);
        h.mux(first).streamsLeft = 1;
        Lease last = h.acquire(a, t, NONE);
        assertThat(last.connection()).isSameAs(first.connection());
        h.assertInvariants();
        assertThat(last.connection().noNewStreams()).isTrue();
        Lease next = h.acquire(a, t, NONE);
        assertThat(next.connection()).isNotSameAs(first.connection());
        assertThat(next.connectReason()).isEqualTo(ConnectReason.MAX_REUSE_REACHED);
        h.release(first);
        ReleaseResult r = h.release(last);
        assertThat(r.closeReason()).isEqualTo(CloseReason.MAX_REUSE);
    }

    @Test
    void aSharedConnectionThatRunsOutOfIdentifiersLeavesAvailableLatched() throws Exception {
        // R48, R19, R65
        Target t = h.target("T", ReusePolicy.ALWAYS);
        Lease a = h.acquire(h.session(), t, FIRST);
        assertThat(a.connection().state()).isEqualTo(ConnectionState.AVAILABLE);
        h.mux(a).streamsLeft = 1;
        Lease b = h.acquire(h.session(), t, FIRST);
        assertThat(b.connection()).isSameAs(a.connection());
        assertThat(a.connection().state()).isEqualTo(ConnectionState.EXCLUSIVE);
        assertThat(a.connection().noNewStreams()).isTrue();
    }

    @Test
    void aNewConnectionWhoseFirstStreamUsesTheLastIdentifierIsLatched() throws Exception {
        // R48 at creation (R25, R26)
        h.connector.muxFactory = c -> {
            FakeMux m = FakeMux.h2(c, 100);
            m.streamsLeft = 1;
            return m;
        };
        Target t = h.target("T", ReusePolicy.ALWAYS);
        Lease a = h.acquire(h.session(), t, FIRST);
        h.assertInvariants();
        assertThat(a.connection().noNewStreams()).isTrue();
        assertThat(a.connection().state()).isEqualTo(ConnectionState.EXCLUSIVE);
    }
}
