package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import dev.tether.testkit.FakeMux;
import dev.tether.testkit.LogCapture;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.tether.core.ConnectionState.CLOSED;
import static dev.tether.core.ConnectionState.EXCLUSIVE;
import static dev.tether.core.ConnectionState.IDLE;
import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Facts that reach the engine between acquire and release, or before a connection is registered: a
 * mux installed after the handshake (R26, R27), a mux event on a busy, parked or still-connecting
 * connection (R62–R65, E6), and authentication challenges (R28–R30) in each state a connection can be
 * in when one arrives.
 */
class LateFactsTest {
    private final EngineHarness h = new EngineHarness();

    @Test
    void theFirstStreamIsAttachedWhenALateMuxArrives() throws Exception {
        // R27: the pending first stream rides the connection from the moment the mux is installed.
        h.connector.deferMux = true;
        Target t = h.target("T", ReusePolicy.SAFE);
        Lease l = h.acquire(h.session(), t, NONE);
        Connection x = l.connection();
        h.connector.installMux(h.connector.of(x));
        h.assertInvariants();
        assertThat(l.stream()).isNotNull();
        assertThat(x.attachedStreams()).isEqualTo(1);
        assertThat(x.streamsOpened()).isEqualTo(1);
        h.release(l);
        assertThat(x.state()).isEqualTo(IDLE);
    }

    @Test
    void aLateMuxWhoseFirstStreamTookTheLastIdentifierLatchesTheConnection() throws Exception {
        // R26, R48: the first stream used the last stream id, so the connection takes no other.
        h.connector.deferMux = true;
        h.connector.muxFactory = c -> {
            FakeMux m = FakeMux.h2(c, 100);
            m.streamsLeft = 1;
            return m;
        };
        Target t = h.target("T", ReusePolicy.SAFE);
        Lease l = h.acquire(h.session(), t, NONE);
        Connection x = l.connection();
        h.connector.installMux(h.connector.of(x));
        h.assertInvariants();
        assertThat(x.noNewStreams()).isTrue();
        Lease other = h.acquire(h.session(), t, NONE);
        assertThat(other.connection()).isNotSameAs(x);
        h.release(l);
        assertThat(x.state()).isEqualTo(CLOSED);
        assertThat(x.closeReason()).isEqualTo(CloseReason.MAX_REUSE);
        h.release(other);
    }

    @Test
    void aLateMuxForASessionThatClosedMeanwhileNeverJoinsItsList() throws Exception {
        // R26, R38: a closed session's list takes no connection; this one closes after its exchange.
        h.connector.deferMux = true;
        h.connector.muxFactory = c -> FakeMux.h2(c, 100);
        Target t = h.target("T", ReusePolicy.SAFE);
        Session a = h.session();
        Lease l = h.acquire(a, t, NONE);
        Connection x = l.connection();
        h.engine.closeSession(a);
        h.connector.installMux(h.connector.of(x));
        h.assertInvariants();
        assertThat(x.owner()).isNull();
        assertThat(x.noNewStreams()).isTrue();
        h.release(l);
        assertThat(x.state()).isEqualTo(CLOSED);
        assertThat(x.closeReason()).isEqualTo(CloseReason.SESSION_CLOSED);
    }

    @Test
    void aPreConnectParksWhenItsLateMuxArrivesReadyOrWhenItBecomesReadyLater() throws Exception {
        // E6: a pre-connected connection parks as IDLE once it is ready, whichever fact comes last.
        h.connector.deferMux = true;
        Target t = h.target("T", ReusePolicy.SAFE);
        h.engine.preconnect(EngineHarness.key(t), 2);
        h.maintain();
        assertThat(h.opened()).isEqualTo(2);
        Connection readyAtOnce = h.connection(0);
        Connection readyLater = h.connection(1);
        assertThat(readyAtOnce.state()).isEqualTo(EXCLUSIVE);  // no mux yet: not parked
        h.connector.installMux(h.connector.of(readyAtOnce));
        h.assertInvariants();
        assertThat(readyAtOnce.state()).isEqualTo(IDLE);
        h.connector.readyAtOnce = false;
        FakeMux late = h.connector.installMux(h.connector.of(readyLater));
        h.assertInvariants();
        assertThat(readyLater.state()).isEqualTo(EXCLUSIVE);   // its handshake is not done
        late.becomeReady();
        h.assertInvariants();
        assertThat(readyLater.ready()).isTrue();
        assertThat(readyLater.state()).isEqualTo(IDLE);
    }

    @Test
    void aPeerCloseWhileConnectingClosesTheNewConnectionWithThatReason() throws Exception {
        // R62: a fact that comes inside Connector.connect applies once the connection is registered.
        for (MuxEvent event : List.of(MuxEvent.PEER_CLOSED, MuxEvent.ERROR)) {
            EngineHarness e = new EngineHarness();
            e.connector.muxFactory = c -> {
                FakeMux m = FakeMux.h1(c);
                c.onMuxEvent(event);
                return m;
            };
            Target t = e.target("T", ReusePolicy.SAFE);
            Lease l = e.acquire(e.session(), t, NONE);
            Connection x = l.connection();
            assertThat(x.state()).as("%s", event).isEqualTo(CLOSED);
            assertThat(x.closeReason()).as("%s", event)
                    .isEqualTo(event == MuxEvent.PEER_CLOSED ? CloseReason.PEER_CLOSED : CloseReason.ERROR);
            e.release(l);
            assertThat(e.stats(t).open()).isZero();
        }
    }

    @Test
    void aReadyOrCapacityFactWhileConnectingChangesNothing() throws Exception {
        // R62 only closes for PEER_CLOSED and ERROR; other facts are read at registration.
        h.connector.muxFactory = c -> {
            FakeMux m = FakeMux.h1(c);
            c.onMuxEvent(MuxEvent.READY);
            c.onMuxEvent(MuxEvent.CAPACITY_CHANGED);
            return m;
        };
        Target t = h.target("T", ReusePolicy.SAFE);
        Lease l = h.acquire(h.session(), t, NONE);
        Connection x = l.connection();
        assertThat(x.closeReason()).isNull();
        assertThat(x.noNewStreams()).isFalse();
        h.release(l);
        assertThat(x.state()).isEqualTo(IDLE);
    }

    @Test
    void junkOrAnUnusableMuxOnABusyConnectionLatchesItAndItClosesAtRelease() throws Exception {
        // R63 (bytes while an HTTP/1 exchange is running are the response's business, but an explicit
        // UNSOLICITED_BYTES fact latches), R65: a capacity fact with an unusable reason latches too.
        Target t = h.target("T", ReusePolicy.SAFE);
        Lease junk = h.acquire(h.session(), t, NONE);
        Lease spent = h.acquire(h.session(), t, NONE);
        Connection j = junk.connection();
        Connection s = spent.connection();
        j.onMuxEvent(MuxEvent.UNSOLICITED_BYTES);
        h.mux(s).unusable = CloseReason.MAX_REUSE;
        s.onMuxEvent(MuxEvent.CAPACITY_CHANGED);
        h.assertInvariants();
        assertThat(j.noNewStreams()).isTrue();
        assertThat(s.noNewStreams()).isTrue();
        assertThat(j.state()).isEqualTo(EXCLUSIVE);
        h.release(junk);
        h.release(spent);
        assertThat(j.closeReason()).isEqualTo(CloseReason.ERROR);
        assertThat(s.closeReason()).isEqualTo(CloseReason.MAX_REUSE);
    }

    @Test
    void aMuxThatFailsToReportFactsIsTreatedAsAnErrorAndItsParkedConnectionCloses() throws Exception {
        // R62: facts that cannot be read are an error; no exception reaches the mux's caller.
        Target t = h.target("T", ReusePolicy.SAFE);
        Lease l = h.acquire(h.session(), t, NONE);
        Connection x = l.connection();
        h.release(l);
        assertThat(x.state()).isEqualTo(IDLE);
        h.mux(x).onAvailableStreams = () -> {
            throw new IllegalStateException("the mux is broken");
        };
        try (LogCapture log = LogCapture.of("dev.tether.core.internal.Events")) {
            x.onMuxEvent(MuxEvent.CAPACITY_CHANGED);
            assertThat(log.warnings()).singleElement().asString().startsWith("mux failed to report facts");
        }
        assertThat(x.state()).isEqualTo(CLOSED);
        assertThat(x.closeReason()).isEqualTo(CloseReason.ERROR);
    }

    // ---- authentication challenges (R28–R30) ----------------------------------------------------

    @Test
    void aChallengeOnAConnectionPrivateFromTheStartKeepsItPrivateAndLatchesTheSession() throws Exception {
        // R23, R30: under NEVER the connection is the session's from its first byte.
        Target t = h.target("T", ReusePolicy.NEVER);
        Session a = h.session();
        Lease l = h.acquire(a, t, NONE);
        assertThat(l.connection().isPrivate()).isTrue();
        assertThat(a.preferLastTarget()).isFalse();
        assertThat(l.connection().onResponseHead(l.handle(), 401, List.of("NTLM"), List.of())).isTrue();
        assertThat(a.preferLastTarget()).isTrue();
        h.release(l);
    }

    @Test
    void aChallengeOnASharedMultiplexedConnectionIsIgnored() throws Exception {
        // R28: a shared HTTP/2 connection is never made private by one of its streams.
        h.connector.muxFactory = c -> FakeMux.h2(c, 100);
        Target t = h.target("T", ReusePolicy.ALWAYS);
        Session a = h.session();
        Lease l = h.acquire(a, t, NONE);
        assertThat(l.connection().owner()).isNull();
        assertThat(l.connection().onResponseHead(l.handle(), 401, List.of("Negotiate"), List.of())).isFalse();
        assertThat(l.connection().isPrivate()).isFalse();
        assertThat(a.preferLastTarget()).isFalse();
        h.release(l);
    }

    @Test
    void aChallengeAfterTheSessionClosedMakesNothingPrivateAndTheConnectionClosesAtRelease() throws Exception {
        // R26, R38: a closed session takes no connection; the challenged one must not be reused.
        Target t = h.target("T", ReusePolicy.SAFE);
        Session a = h.session();
        Lease l = h.acquire(a, t, NONE);
        Connection x = l.connection();
        h.engine.closeSession(a);
        assertThat(h.engine.makePrivate(l.handle())).isFalse();
        assertThat(x.isPrivate()).isFalse();
        assertThat(x.noNewStreams()).isTrue();
        h.release(l);
        assertThat(x.closeReason()).isEqualTo(CloseReason.SESSION_CLOSED);
    }

    @Test
    void aChallengeOnAConnectionThePeerAlreadyClosedMakesNothingPrivate() throws Exception {
        // R62 then R28: nothing to make private.
        Target t = h.target("T", ReusePolicy.SAFE);
        Session a = h.session();
        Lease l = h.acquire(a, t, NONE);
        h.mux(l).peerClose();
        assertThat(h.engine.makePrivate(l.handle())).isFalse();
        assertThat(a.preferLastTarget()).isFalse();
        assertThat(l.connection().isPrivate()).isFalse();
        h.release(l);
    }

    @Test
    void makePrivateOnAnHttp1ConnectionMakesItTheSessionsAndSaysSo() throws Exception {
        // R29, R30: the host may make a connection private without a challenge.
        Target t = h.target("T", ReusePolicy.SAFE);
        Session a = h.session();
        Lease l = h.acquire(a, t, NONE);
        Connection x = l.connection();
        assertThat(h.engine.makePrivate(l.handle())).isTrue();
        h.assertInvariants();
        assertThat(x.isPrivate()).isTrue();
        assertThat(x.owner()).isSameAs(a);
        assertThat(a.preferLastTarget()).isTrue();
        h.release(l);
        assertThat(x.state()).isEqualTo(ConnectionState.PRIVATE_IDLE);
    }
}
