package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import dev.tether.testkit.FakeMux;
import dev.tether.testkit.LogCapture;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static dev.tether.core.ConnectionState.CLOSED;
import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edges of the lookup (docs/behaviour.md §2.4): a pick given up by R19 for the reason the mux
 * gives, a mux that refuses the attach, the session's own full connection, R48 on a reused
 * connection's last stream id, and R52's reach over the other loops.
 */
class LookupEdgesTest {

    @Test
    void aPickTheMuxHasNoSlotForClosesWithTheMuxsReasonAndTheNewConnectionSaysAllFull() throws Exception {
        // R19, E4: the abandoned pick latches with the mux's reason (GOAWAY, not told), or ERROR when
        // the mux gives none; the request's new connection is ALL_FULL.
        for (CloseReason told : new CloseReason[] {CloseReason.GOAWAY, null}) {
            EngineHarness h = new EngineHarness();
            Target t = h.target("T", ReusePolicy.SAFE);
            Lease l = h.acquire(h.session(), t, NONE);
            Connection x = l.connection();
            h.release(l);
            if (told != null) {
                h.mux(x).unusable = told;
            } else {
                h.mux(x).availableOverride = 0;
            }
            Lease next = h.acquire(h.session(), t, NONE);
            assertThat(next.connection()).isNotSameAs(x);
            assertThat(next.connectReason()).as("%s", told).isEqualTo(ConnectReason.ALL_FULL);
            assertThat(x.state()).isEqualTo(CLOSED);
            assertThat(x.closeReason()).as("%s", told).isEqualTo(told != null ? told : CloseReason.ERROR);
            assertThat(h.stats(t).reuse()).isZero();
            h.release(next);
        }
    }

    @Test
    void aMuxThatRefusesTheAttachIsLoggedClosedAndTheRequestGetsANewConnection() throws Exception {
        // R19: an attach that throws gives the pick up like a missing slot; nothing rides the old one.
        EngineHarness h = new EngineHarness();
        Target t = h.target("T", ReusePolicy.SAFE);
        Lease l = h.acquire(h.session(), t, NONE);
        Connection x = l.connection();
        h.release(l);
        FakeMux m = h.mux(x);
        m.attach(1L);                    // the mux believes an exchange runs: its next attach throws
        m.availableOverride = 1;         // while it reports a free slot
        try (LogCapture log = LogCapture.of("dev.tether.core.internal.Acquirer")) {
            Lease next = h.acquire(h.session(), t, NONE);
            assertThat(next.connection()).isNotSameAs(x);
            assertThat(next.reused()).isFalse();
            assertThat(next.connectReason()).isEqualTo(ConnectReason.ALL_FULL);
            assertThat(log.warnings()).singleElement().asString().startsWith("mux attach failed");
            h.release(next);
        }
        assertThat(x.state()).isEqualTo(CLOSED);
        assertThat(x.closeReason()).isEqualTo(CloseReason.ERROR);
        assertThat(h.stats(t).reuse()).isZero();
    }

    @Test
    void theSessionsFullConnectionIsPassedOverAndLeftUsable() throws Exception {
        // R13, R19: a reserved connection with no free stream is not picked, so it is not abandoned.
        EngineHarness h = new EngineHarness();
        h.connector.muxFactory = c -> FakeMux.h2(c, 1);
        Target t = h.target("T", ReusePolicy.SAFE);
        Session a = h.session();
        Lease first = h.acquire(a, t, NONE);
        Connection x = first.connection();
        assertThat(x.state()).isEqualTo(ConnectionState.SESSION_RESERVED);
        Lease second = h.acquire(a, t, NONE);
        assertThat(second.connection()).isNotSameAs(x);
        assertThat(second.connectReason()).isEqualTo(ConnectReason.ALL_FULL);
        assertThat(x.noNewStreams()).isFalse();
        h.release(first);
        Lease third = h.acquire(a, t, NONE);
        assertThat(third.connection()).isIn(x, second.connection());
        h.release(second);
        h.release(third);
    }

    @Test
    void aReusedStreamThatTakesTheLastIdentifierLatchesTheConnection() throws Exception {
        // R48 on a reuse: the attach used the last stream id, so no further stream is given to it.
        EngineHarness h = new EngineHarness();
        h.connector.muxFactory = c -> FakeMux.h2(c, 10);
        Target t = h.target("T", ReusePolicy.ALWAYS);
        Lease first = h.acquire(h.session(), t, NONE);
        Connection x = first.connection();
        h.mux(x).streamsLeft = 1;
        Lease second = h.acquire(h.session(), t, NONE);
        assertThat(second.connection()).isSameAs(x);
        assertThat(x.noNewStreams()).isTrue();
        assertThat(x.state()).isEqualTo(ConnectionState.EXCLUSIVE);
        Lease third = h.acquire(h.session(), t, NONE);
        assertThat(third.connection()).isNotSameAs(x);
        h.release(first);
        h.release(second);
        assertThat(x.state()).isEqualTo(CLOSED);
        assertThat(x.closeReason()).isEqualTo(CloseReason.MAX_REUSE);
        h.release(third);
    }

    @Test
    void aSharedConnectionWhoseLastFreeSlotIsTakenLeavesTheAvailableList() throws Exception {
        // R19, R42: two slots, two streams: the second attach fills it, so a third request opens anew.
        EngineHarness h = new EngineHarness();
        h.connector.muxFactory = c -> FakeMux.h2(c, 2);
        Target t = h.target("T", ReusePolicy.ALWAYS);
        Lease first = h.acquire(h.session(), t, NONE);
        Connection x = first.connection();
        assertThat(x.state()).isEqualTo(ConnectionState.AVAILABLE);
        Lease second = h.acquire(h.session(), t, NONE);
        assertThat(second.connection()).isSameAs(x);
        assertThat(x.state()).isEqualTo(ConnectionState.EXCLUSIVE);
        Lease third = h.acquire(h.session(), t, NONE);
        assertThat(third.connection()).isNotSameAs(x);
        h.release(third);
        h.release(second);
        assertThat(x.state()).isEqualTo(ConnectionState.AVAILABLE);
        h.release(first);
    }

    @Test
    void aboveTheBudgetTheKillReachesEveryOtherLoopOnlyWhenLoopsShare() throws Exception {
        // R52, R60: sharing loops probe all the others; loops that do not share probe one neighbour.
        for (boolean share : new boolean[] {true, false}) {
            AtomicLong inUse = new AtomicLong();
            EngineHarness h = new EngineHarness(b -> b.loops(3).shareAcrossLoops(share).budget(inUse::get, 5, 10));
            Target t = h.target("T", ReusePolicy.SAFE);
            ReuseKey other = ReuseKey.builder(t).destination(new java.net.InetSocketAddress("127.0.0.1", 2)).build();
            Lease far = h.acquire(h.session(2), other, NONE);
            Connection y = far.connection();
            h.release(far);                     // parked on loop 2, two loops from loop 0; not a lookup match
            inUse.set(11);
            Lease l = h.acquire(h.session(0), t, NONE);
            assertThat(y.state() == CLOSED).as("share=%s", share).isEqualTo(share);
            assertThat(h.stats(t).closes(CloseReason.BUDGET)).isEqualTo(share ? 1 : 0);
            inUse.set(0);
            h.release(l);
        }
    }
}
