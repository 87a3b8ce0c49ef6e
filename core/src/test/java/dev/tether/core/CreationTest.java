package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import dev.tether.testkit.FakeConnector;
import org.junit.jupiter.api.Test;

import static dev.tether.core.RequestTraits.FIRST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docs/behaviour.md T28: lazy creation and connector failures (R20, R22, R24, R25, R71). */
class CreationTest {
    private final EngineHarness h = new EngineHarness();
    private final Target t = h.target("T", ReusePolicy.SAFE);

    @Test
    void nothingIsOpenedBeforeTheFirstAcquireThatNeedsIt() throws Exception {
        // T28: R22
        Session s = h.session();
        h.maintain();
        assertThat(h.opened()).isZero();
        Lease l = h.acquire(s, t, FIRST);
        assertThat(h.opened()).isEqualTo(1);
        assertThat(l.connection().attachedStreams()).isEqualTo(1);
        h.release(l);
    }

    @Test
    void aSynchronousRefusalFailsWithResourceAndChangesNothing() throws Exception {
        // T28: R24, R25
        h.connector.refuseNext = 1;
        Session s = h.session();
        assertThatThrownBy(() -> h.engine.acquire(s, EngineHarness.key(t), FIRST, h.clock.nanoTime()))
                .isInstanceOf(AcquireException.class)
                .satisfies(e -> assertThat(((AcquireException) e).failure()).isEqualTo(AcquireFailure.RESOURCE))
                .hasCauseInstanceOf(java.net.ConnectException.class)
                .hasMessageContaining("T");
        h.assertInvariants();
        TargetStats st = h.stats(t);
        assertThat(st.connect()).isZero();
        assertThat(st.open()).isZero();
        assertThat(h.opened()).isZero();
        assertThat(h.engine.isRemovable(t)).isTrue();
        Lease ok = h.acquire(s, t, FIRST);
        assertThat(ok.connectReason()).isEqualTo(ConnectReason.NO_MATCH);
        h.release(ok);
    }

    @Test
    void aConnectThatFailsLaterClosesTheConnectionAndClassifiesAFreshFailure() throws Exception {
        // T28: R24, R71
        h.connector.readyAtOnce = false;
        Session s = h.session();
        Lease l = h.acquire(s, t, FIRST);
        Connection c = l.connection();
        FakeConnector.Opened o = h.connector.of(c);
        o.mux.fail();
        h.assertInvariants();
        assertThat(c.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(c.closeReason()).isEqualTo(CloseReason.ERROR);
        assertThat(o.transport.closeCount()).isEqualTo(1);
        ReleaseResult r = h.release(l, Outcome.FAILED);
        assertThat(r.failureClass()).isEqualTo(FailureClass.FRESH_FAILURE);
        assertThat(r.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(h.stats(t).connect()).isEqualTo(1);
        assertThat(h.stats(t).failures(FailureClass.FRESH_FAILURE)).isEqualTo(1);
        assertThat(h.stats(t).closes(CloseReason.ERROR)).isEqualTo(1);
    }

    @Test
    void aMuxThatFailsTheFirstAttachAfterTheTransportOpenedClosesTheTransportAndLeavesNothing() throws Exception {
        // T28: R24, R25 — the transport exists by then; it is closed, and the connection never registered.
        h.connector.muxFactory = c -> {
            dev.tether.testkit.FakeMux m = dev.tether.testkit.FakeMux.h1(c);
            m.attach(0L);                                          // the next attach throws
            return m;
        };
        Session s = h.session();
        assertThatThrownBy(() -> h.engine.acquire(s, EngineHarness.key(t), FIRST, h.clock.nanoTime()))
                .isInstanceOf(AcquireException.class)
                .satisfies(e -> assertThat(((AcquireException) e).failure()).isEqualTo(AcquireFailure.RESOURCE));
        h.assertInvariants();
        Connection x = h.connection(0);
        assertThat(h.transport(x).isClosed()).isTrue();
        assertThat(x.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(x.closeReason()).isEqualTo(CloseReason.ERROR);
        assertThat(h.stats(t).open()).isZero();
        assertThat(h.engine.isRemovable(t)).isTrue();
    }

    @Test
    void aFirstStreamThatTakesTheLastIdentifierAtConnectLatchesTheNewConnection() throws Exception {
        // T28: R48 — the mux installed by the connector knew the first stream used the last id.
        h.connector.muxFactory = c -> {
            dev.tether.testkit.FakeMux m = dev.tether.testkit.FakeMux.h2(c, 100);
            m.streamsLeft = 1;
            return m;
        };
        Session s = h.session();
        Lease l = h.acquire(s, t, FIRST);
        Connection x = l.connection();
        assertThat(x.noNewStreams()).isTrue();
        Lease other = h.acquire(s, t, FIRST);
        assertThat(other.connection()).isNotSameAs(x);
        h.release(l);
        assertThat(x.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(x.closeReason()).isEqualTo(CloseReason.MAX_REUSE);
        h.release(other);
    }
}
