package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import dev.tether.testkit.FakeMux;
import org.junit.jupiter.api.Test;

import static dev.tether.core.ConnectionState.AVAILABLE;
import static dev.tether.core.ConnectionState.EXCLUSIVE;
import static dev.tether.core.ConnectionState.IDLE;
import static dev.tether.core.ConnectionState.SAFE;
import static dev.tether.core.ConnectionState.SESSION_RESERVED;
import static dev.tether.core.RequestTraits.FIRST;
import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/behaviour.md T9–T14: where a picked or new connection goes, and the parking class. */
class PlacementTest {
    private final EngineHarness h = new EngineHarness();

    private void h2(int cap) {
        h.connector.muxFactory = c -> FakeMux.h2(c, cap);
    }

    /** Parks one h2 connection (SAFE) and returns it. */
    private Connection parkedH2(Target t) throws AcquireException {
        Lease l = h.acquire(h.session(), t, NONE);
        Connection c = l.connection();
        h.release(l);
        assertThat(c.state()).isEqualTo(SAFE);
        return c;
    }

    @Test
    void safePolicyReservesAPickedMultiplexedConnectionToTheSession() throws Exception {
        // T9: R18
        h2(100);
        Target t = h.target("T", ReusePolicy.SAFE);
        Connection x = parkedH2(t);
        Session a = h.session();
        Lease l = h.acquire(a, t, NONE);
        assertThat(l.connection()).isSameAs(x);
        assertThat(x.state()).isEqualTo(SESSION_RESERVED);
        assertThat(x.owner()).isSameAs(a);
        assertThat(x.list()).isEqualTo(ListKind.PRIVATE);
        h.release(l);
    }

    @Test
    void aggressivePolicySharesAPickedMultiplexedConnectionWithFreeSlots() throws Exception {
        // T9: R18, R19
        h2(100);
        Target t = h.target("T", ReusePolicy.AGGRESSIVE);
        Connection x = parkedH2(t);
        Lease l = h.acquire(h.session(), t, NONE);
        assertThat(x.state()).isEqualTo(AVAILABLE);
        h.release(l);
        h.mux(x).limit = 1;
        Lease m = h.acquire(h.session(), t, NONE);
        assertThat(m.connection()).isSameAs(x);
        assertThat(x.state()).isEqualTo(EXCLUSIVE); // exactly one slot before attaching
        h.release(m);
    }

    @Test
    void aPickedHttp1ConnectionIsExclusive() throws Exception {
        // T9: R18
        Target t = h.target("T", ReusePolicy.ALWAYS);
        Lease a = h.acquire(h.session(), t, NONE);
        Connection x = a.connection();
        h.release(a);
        Lease b = h.acquire(h.session(), t, NONE);
        assertThat(b.connection()).isSameAs(x);
        assertThat(x.state()).isEqualTo(EXCLUSIVE);
        h.release(b);
    }

    @Test
    void http1ConnectionParksIdleAfterItsFirstExchangeThenSafe() throws Exception {
        // T10: R39, R41, R44, R51, R70
        Target t = h.target("T", ReusePolicy.SAFE);
        Session s = h.session();
        Lease a = h.acquire(s, t, NONE);
        Connection x = a.connection();
        h.release(a);
        assertThat(x.state()).isEqualTo(IDLE);
        assertThat(h.stats(t).idle()).isEqualTo(1);
        Lease b = h.acquire(s, t, NONE);
        assertThat(b.connection()).isSameAs(x);
        h.release(b);
        assertThat(x.state()).isEqualTo(SAFE);
        assertThat(h.stats(t).idle()).isZero();
        assertThat(h.stats(t).safe()).isEqualTo(1);
        Lease c = h.acquire(s, t, NONE);
        h.release(c);
        assertThat(x.state()).isEqualTo(SAFE);
    }

    @Test
    void subsequentRequestOnANewConnectionParksIdleAndFirstRequestOnSafeStaysSafe() throws Exception {
        // R70: the request's first trait and the connection's first exchange are independent.
        Target t = h.target("T", ReusePolicy.ALWAYS);
        Lease sub = h.acquire(h.session(), t, NONE);
        Connection x = sub.connection();
        h.release(sub);
        assertThat(x.state()).isEqualTo(IDLE);
        Lease again = h.acquire(h.session(), t, NONE);
        h.release(again);
        Lease first = h.acquire(h.session(), t, FIRST);
        assertThat(first.connection()).isSameAs(x);
        h.release(first);
        assertThat(x.state()).isEqualTo(SAFE);
    }

    @Test
    void multiplexedConnectionParksSafeAndOneThatNeverBecameReadyCloses() throws Exception {
        // T11: R41, R50
        h2(100);
        Target t = h.target("T", ReusePolicy.SAFE);
        Connection x = parkedH2(t);
        assertThat(x.state()).isEqualTo(SAFE);
        h.connector.readyAtOnce = false;
        Lease l = h.acquire(h.session(), t, FIRST);
        Connection y = l.connection();
        assertThat(y.ready()).isFalse();
        ReleaseResult r = h.release(l, Outcome.FAILED);
        assertThat(r.closeReason()).isEqualTo(CloseReason.ERROR);
        assertThat(y.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(h.transport(y).isClosed()).isTrue();
    }

    @Test
    void alwaysPolicySharesANewMultiplexedConnectionBeforeItIsReady() throws Exception {
        // T12: R14, R20, R26, R42, R47, R65
        h2(100);
        h.connector.readyAtOnce = false;
        Target t = h.target("T", ReusePolicy.ALWAYS);
        Lease a = h.acquire(h.session(), t, FIRST);
        Connection x = a.connection();
        assertThat(x.state()).isEqualTo(AVAILABLE);
        Lease b = h.acquire(h.session(), t, FIRST);
        assertThat(b.connection()).isSameAs(x);
        assertThat(b.reused()).isTrue();
        assertThat(b.anticipated()).isTrue();
        h.mux(x).peerSettings(2, 100);             // R47: the peer allows 2, both are open
        assertThat(x.state()).isEqualTo(EXCLUSIVE);  // R65
        Lease c = h.acquire(h.session(), t, FIRST);
        assertThat(c.connection()).isNotSameAs(x);
        assertThat(c.connectReason()).isEqualTo(ConnectReason.ALL_FULL);
        h.release(a);
        assertThat(x.state()).isEqualTo(AVAILABLE);  // R42
        h.release(b);
        h.release(c);
    }

    @Test
    void aggressivePolicyKeepsANewMultiplexedConnectionExclusiveUntilPickedFromItsList() throws Exception {
        // T13: R18, R26, E4
        h2(100);
        Target t = h.target("T", ReusePolicy.AGGRESSIVE);
        Lease a = h.acquire(h.session(), t, NONE);
        Connection x = a.connection();
        assertThat(x.state()).isEqualTo(EXCLUSIVE);
        Session bSession = h.session();
        Lease b = h.acquire(bSession, t, NONE);
        assertThat(b.connection()).isNotSameAs(x);
        assertThat(b.connectReason()).isEqualTo(ConnectReason.ALL_FULL);
        Connection y = b.connection();
        h.release(a);
        h.release(b);
        assertThat(x.state()).isEqualTo(SAFE);
        Lease c = h.acquire(h.session(), t, NONE);
        assertThat(c.connection()).isSameAs(x);
        assertThat(x.state()).isEqualTo(AVAILABLE);
        Lease b2 = h.acquire(bSession, t, NONE);
        assertThat(b2.connection()).isSameAs(x);  // R14: the loop's AVAILABLE list comes before the parked y
        assertThat(y.state()).isEqualTo(SAFE);
        Lease b3 = h.acquire(bSession, t, NONE);
        assertThat(b3.connection()).isSameAs(x);
        h.release(c);
        h.release(b2);
        h.release(b3);
    }

    @Test
    void safePolicyReservesANewMultiplexedConnectionToItsSessionUntilItsStreamsEnd() throws Exception {
        // T14: R13, R26, R37
        h2(100);
        Target t = h.target("T", ReusePolicy.SAFE);
        Session a = h.session();
        Lease a1 = h.acquire(a, t, NONE);
        Connection x = a1.connection();
        assertThat(x.state()).isEqualTo(SESSION_RESERVED);
        Lease b1 = h.acquire(h.session(), t, NONE);
        assertThat(b1.connection()).isNotSameAs(x);
        long reuse = h.stats(t).reuse();
        Lease a2 = h.acquire(a, t, NONE);
        assertThat(a2.connection()).isSameAs(x);
        assertThat(h.stats(t).reuse()).isEqualTo(reuse + 1);
        h.release(a1);
        assertThat(x.state()).isEqualTo(SESSION_RESERVED);
        h.release(a2);
        assertThat(x.state()).isEqualTo(SAFE);
        assertThat(x.owner()).isNull();
        assertThat(a.idleCount()).isZero();
        h.release(b1);
        Lease c = h.acquire(h.session(), t, NONE);
        assertThat(c.connection()).isSameAs(x);
        h.release(c);
    }

    @Test
    void aMuxInstalledAfterTheHandshakeIsPlacedAtThatMoment() throws Exception {
        // T17: R7, R26, R27 (HAProxy #3386) — the protocol is learned per connection, not per key.
        h.connector.deferMux = true;
        h.connector.muxFactory = c -> FakeMux.h2(c, 100);
        Target t = h.target("T", ReusePolicy.SAFE);
        Session a = h.session();
        Lease l = h.acquire(a, t, NONE);
        Connection x = l.connection();
        assertThat(x.state()).isEqualTo(EXCLUSIVE);
        assertThat(l.stream()).isNull();
        h.connector.installMux(h.connector.of(x));
        h.assertInvariants();
        assertThat(x.state()).isEqualTo(SESSION_RESERVED);
        assertThat(x.owner()).isSameAs(a);
        assertThat(l.stream()).isNotNull();
        Lease second = h.acquire(a, t, NONE);
        assertThat(second.connection()).isSameAs(x);
        h.release(l);
        h.release(second);
        assertThat(x.state()).isEqualTo(SAFE);
        h.connector.muxFactory = FakeMux::h1;    // another connection with an equal key speaks HTTP/1
        Lease b = h.acquire(h.session(), t, NONE);
        assertThat(b.connection()).isSameAs(x);  // equal keys share whatever protocol was learned
        h.release(b);
    }
}
