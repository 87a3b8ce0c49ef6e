package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import dev.tether.testkit.FakeMux;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.tether.core.ConnectionState.AVAILABLE;
import static dev.tether.core.ConnectionState.CLOSED;
import static dev.tether.core.ConnectionState.EXCLUSIVE;
import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/behaviour.md T36–T40: GOAWAY, peer close, junk bytes, identifier exhaustion, capacity and max reuse. */
class ConnectionEventsTest {
    private final EngineHarness h = new EngineHarness();

    private void h2(int cap) {
        h.connector.muxFactory = c -> FakeMux.h2(c, cap);
    }

    @Test
    void goAwayClosesAParkedConnectionAndLatchesABusyOne() throws Exception {
        // T36: R46, R64 (HAProxy #3227)
        h2(100);
        Target t = h.target("T", ReusePolicy.ALWAYS);
        Lease a = h.acquire(h.session(), t, NONE);
        Connection x = a.connection();
        h.release(a);
        long safe = h.stats(t).safe();
        h.mux(x).goAway();
        h.assertInvariants();
        assertThat(x.state()).isEqualTo(CLOSED);
        assertThat(x.closeReason()).isEqualTo(CloseReason.GOAWAY);
        assertThat(h.stats(t).safe()).isEqualTo(safe - 1);

        Lease b = h.acquire(h.session(), t, NONE);
        Connection y = b.connection();
        assertThat(y.state()).isEqualTo(AVAILABLE);
        h.mux(y).goAway();
        h.assertInvariants();
        assertThat(y.state()).isEqualTo(EXCLUSIVE);
        assertThat(y.noNewStreams()).isTrue();
        Lease c = h.acquire(h.session(), t, NONE);
        assertThat(c.connection()).isNotSameAs(y);
        ReleaseResult r = h.release(b);
        assertThat(r.closeReason()).isEqualTo(CloseReason.GOAWAY);
        h.release(c);
    }

    @Test
    void goAwayOnAPrivateIdleConnectionClosesItAndKeepsTheIdleCountExact() throws Exception {
        // T37: R13, R64 (HAProxy #3215)
        h2(100);
        Target t = h.target("T", ReusePolicy.NEVER);
        Session a = h.session();
        Lease l = h.acquire(a, t, NONE);
        Connection p = l.connection();
        h.release(l);
        assertThat(a.idleCount()).isEqualTo(1);
        h.mux(p).goAway();
        h.assertInvariants();
        assertThat(p.state()).isEqualTo(CLOSED);
        assertThat(a.idleCount()).isZero();
        assertThat(h.stats(t).privateIdle()).isZero();
    }

    @Test
    void aPickWithNoFreeSlotIsAbandonedEvenIfTheEngineWasNotTold() throws Exception {
        // T37: R13, R19 — the mux reports 0 available streams without an event.
        h2(100);
        Target t = h.target("T", ReusePolicy.NEVER);
        Session a = h.session();
        Lease l = h.acquire(a, t, NONE);
        Connection p = l.connection();
        h.release(l);
        h.mux(p).availableOverride = 0;
        h.mux(p).unusable = CloseReason.GOAWAY;
        Lease next = h.acquire(a, t, NONE);
        assertThat(next.connection()).isNotSameAs(p);
        assertThat(next.reused()).isFalse();
        assertThat(p.state()).isEqualTo(CLOSED);
        assertThat(p.closeReason()).isEqualTo(CloseReason.GOAWAY);
        assertThat(a.idleCount()).isZero();
        assertThat(h.stats(t).reuse()).isZero();
        h.release(next);
        assertThat(a.idleCount()).isEqualTo(1);
    }

    @Test
    void peerCloseOrJunkOnAParkedHttp1ConnectionClosesIt() throws Exception {
        // T38: R40, R62, R63 (HAProxy #176)
        Target t = h.target("T", ReusePolicy.SAFE);
        List<Lease> two = List.of(h.acquire(h.session(), t, NONE), h.acquire(h.session(), t, NONE));
        Connection x = two.get(0).connection();
        Connection y = two.get(1).connection();
        h.release(two.get(0));
        h.release(two.get(1));
        assertThat(h.stats(t).idle()).isEqualTo(2);
        h.mux(x).peerClose();
        h.assertInvariants();
        assertThat(x.closeReason()).isEqualTo(CloseReason.PEER_CLOSED);
        assertThat(h.stats(t).idle()).isEqualTo(1);
        h.mux(y).unsolicitedBytes();
        h.assertInvariants();
        assertThat(y.closeReason()).isEqualTo(CloseReason.ERROR);
        assertThat(h.stats(t).parked()).isZero();
        assertThat(h.stats(t).failures(FailureClass.REPLAY_SAFE) + h.stats(t).failures(FailureClass.FRESH_FAILURE)).isZero();
    }

    @Test
    void aConnectionOutOfStreamIdentifiersTakesNoNewStreamAndIsNotParked() throws Exception {
        // T39: R46, R48 — last opened id 2^31-5 leaves exactly ids 2^31-3 and 2^31-1.
        h2(100);
        Target t = h.target("T", ReusePolicy.ALWAYS);
        Lease first = h.acquire(h.session(), t, NONE);
        Connection x = first.connection();
        h.mux(x).streamsLeft = 2;
        h.release(first);
        assertThat(h.mux(x).availableStreams()).isEqualTo(2);
        Lease a = h.acquire(h.session(), t, NONE);
        Lease b = h.acquire(h.session(), t, NONE);
        assertThat(a.connection()).isSameAs(x);
        assertThat(b.connection()).isSameAs(x);
        assertThat(h.mux(x).availableStreams()).isZero();
        Lease c = h.acquire(h.session(), t, NONE);
        assertThat(c.connection()).isNotSameAs(x);
        h.release(a);
        assertThat(x.state()).isEqualTo(EXCLUSIVE);
        assertThat(h.release(b).closeReason()).isEqualTo(CloseReason.MAX_REUSE);
        h.release(c);
    }

    @Test
    void maxReuseBoundsTheStreamsOfAMultiplexedConnection() throws Exception {
        // T40: R46, R49 — maxReuse 2: three streams, the fourth on a new connection.
        h2(100);
        Target t = h.target("T", ReusePolicy.ALWAYS, ReuseLimits.builder().maxReuse(2).build());
        List<Lease> three = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            three.add(h.acquire(h.session(), t, NONE));
        }
        Connection x = three.get(0).connection();
        assertThat(three).allMatch(l -> l.connection() == x);
        assertThat(x.noNewStreams()).isTrue();
        Lease fourth = h.acquire(h.session(), t, NONE);
        assertThat(fourth.connection()).isNotSameAs(x);
        assertThat(fourth.connectReason()).isEqualTo(ConnectReason.MAX_REUSE_REACHED);
        for (Lease l : three) {
            h.release(l);
        }
        assertThat(x.closeReason()).isEqualTo(CloseReason.MAX_REUSE);
        h.release(fourth);
    }

    @Test
    void maxReuseZeroClosesEveryHttp1ConnectionAfterOneExchange() throws Exception {
        // T40: R45, R49, D3
        Target t = h.target("T", ReusePolicy.ALWAYS, ReuseLimits.builder().maxReuse(0).build());
        for (int i = 0; i < 3; i++) {
            Lease l = h.acquire(h.session(), t, NONE);
            assertThat(l.reused()).isFalse();
            assertThat(h.release(l).closeReason()).isEqualTo(CloseReason.MAX_REUSE);
            assertThat(h.stats(t).parked()).isZero();
        }
    }

    @Test
    void maxReuseTwoGivesEachHttp1ConnectionThreeExchanges() throws Exception {
        // T40: R45, D3
        Target t = h.target("T", ReusePolicy.ALWAYS, ReuseLimits.builder().maxReuse(2).build());
        Session s = h.session();
        for (int round = 0; round < 2; round++) {
            Connection x = null;
            for (int i = 0; i < 3; i++) {
                Lease l = h.acquire(s, t, NONE);
                if (x == null) {
                    x = l.connection();
                    assertThat(l.reused()).isFalse();
                } else {
                    assertThat(l.connection()).isSameAs(x);
                }
                ReleaseResult r = h.release(l);
                assertThat(r.kept()).isEqualTo(i < 2);
            }
            assertThat(x.streamsOpened()).isEqualTo(3);
        }
    }

    @Test
    void aLoweredStreamLimitMakesTheConnectionExclusiveWithoutClosingIt() throws Exception {
        // T40: R42, R47, R49, R65
        h2(100);
        Target t = h.target("T", ReusePolicy.ALWAYS);
        List<Lease> three = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            three.add(h.acquire(h.session(), t, NONE));
        }
        Connection x = three.get(0).connection();
        h.mux(x).peerSettings(1, 100);
        assertThat(h.mux(x).availableStreams()).isNegative();
        assertThat(x.state()).isEqualTo(EXCLUSIVE);
        assertThat(x.noNewStreams()).isFalse();
        h.release(three.get(0));
        assertThat(x.state()).isEqualTo(EXCLUSIVE);
        h.mux(x).limit = 100;                    // raised: the engine sees it at the next release
        assertThat(x.state()).isEqualTo(EXCLUSIVE);
        h.release(three.get(1));
        assertThat(x.state()).isEqualTo(AVAILABLE);
        h.release(three.get(2));
    }
}
