package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import dev.tether.testkit.FakeMux;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static dev.tether.core.ConnectionState.AVAILABLE;
import static dev.tether.core.ConnectionState.CLOSED;
import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/behaviour.md T29–T31: release, the parking rule and the connection budget. */
class ParkingTest {

    @Test
    void anHttp1ConnectionThatCannotBeReusedIsClosedNeverParked() throws Exception {
        // T29: R40 — Connection: close / HTTP/1.0 without keep-alive / unread bytes (the mux says
        // unusable), an error, an aborted exchange (HAProxy #176).
        for (int variant = 0; variant < 3; variant++) {
            EngineHarness h = new EngineHarness();
            Target t = h.target("T", ReusePolicy.SAFE);
            Lease l = h.acquire(h.session(), t, NONE);
            Connection x = l.connection();
            FakeMux mux = h.mux(x);
            Outcome outcome = Outcome.COMPLETED;
            if (variant == 0) {
                mux.closeAfterExchange();
            } else if (variant == 1) {
                outcome = Outcome.FAILED;
            } else {
                l.stream(FakeMux.FakeStream.class).complete = false;
            }
            ReleaseResult r = h.release(l, outcome);
            assertThat(r.state()).as("variant %d", variant).isEqualTo(CLOSED);
            assertThat(r.closeReason()).isEqualTo(CloseReason.ERROR);
            assertThat(h.stats(t).parked()).isZero();
        }
    }

    @Test
    void aFullSharedMultiplexedConnectionBecomesAvailableWhenAStreamEnds() throws Exception {
        // T29: R42
        EngineHarness h = new EngineHarness();
        h.connector.muxFactory = c -> FakeMux.h2(c, 2);
        Target t = h.target("T", ReusePolicy.AGGRESSIVE);
        Lease a = h.acquire(h.session(), t, NONE);
        Connection x = a.connection();
        h.release(a);
        Lease b = h.acquire(h.session(), t, NONE);
        Lease c = h.acquire(h.session(), t, NONE);
        assertThat(c.connection()).isSameAs(x);
        assertThat(x.state()).isEqualTo(ConnectionState.EXCLUSIVE);
        h.release(b);
        assertThat(x.state()).isEqualTo(AVAILABLE);
        h.release(c);
    }

    private static List<Lease> concurrent(EngineHarness h, Target t, int n) throws AcquireException {
        List<Lease> leases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leases.add(h.acquire(h.session(), t, NONE));
        }
        return leases;
    }

    @Test
    void maxIdlePerTargetCapsParkedConnections() throws Exception {
        // T30: R50.5, R53
        EngineHarness h = new EngineHarness();
        Target t = h.target("T", ReusePolicy.SAFE, ReuseLimits.builder().maxIdlePerTarget(2).build());
        List<CloseReason> reasons = new ArrayList<>();
        for (Lease l : concurrent(h, t, 5)) {
            reasons.add(h.release(l).closeReason());
        }
        assertThat(h.stats(t).parked()).isEqualTo(2);
        assertThat(reasons).filteredOn(r -> r == CloseReason.POOL_FULL).hasSize(3);
    }

    @Test
    void zeroMaxIdleOrZeroPurgeDelayParksNothingButPrivateConnectionsStillIdle() throws Exception {
        // T30: R31, R50.1, R50.5, R53 (HAProxy #65)
        for (ReuseLimits limits : List.of(ReuseLimits.builder().maxIdlePerTarget(0).build(),
                ReuseLimits.builder().purgeDelay(Duration.ZERO).build())) {
            EngineHarness h = new EngineHarness();
            Target t = h.target("T", ReusePolicy.ALWAYS, limits);
            for (Lease l : concurrent(h, t, 3)) {
                assertThat(h.release(l).closeReason()).isEqualTo(CloseReason.POOL_FULL);
            }
            assertThat(h.stats(t).parked()).isZero();
            Target never = h.target("N", ReusePolicy.NEVER, limits);
            Lease p = h.acquire(h.session(), never, NONE);
            Connection c = p.connection();
            h.release(p);
            assertThat(c.state()).isEqualTo(ConnectionState.PRIVATE_IDLE);
        }
    }

    @Test
    void theBudgetStopsParkingAndClosesParkedConnectionsAboveHigh() throws Exception {
        // T31: R4, R50.4, R50.6, R52, R53 (HAProxy #1472)
        AtomicLong inUse = new AtomicLong(0);
        EngineHarness h = new EngineHarness(b -> b.budget(inUse::get, 10, 20));
        Target t = h.target("T", ReusePolicy.SAFE);
        // inUse 15 (between low and high): one IDLE and one SAFE per loop, no more.
        inUse.set(15);
        List<Lease> four = concurrent(h, t, 4);
        assertThat(h.release(four.get(0)).state()).isEqualTo(ConnectionState.IDLE);
        assertThat(h.release(four.get(1)).closeReason()).isEqualTo(CloseReason.BUDGET);
        Lease again = h.acquire(h.session(), t, NONE);           // picks the IDLE one
        assertThat(h.release(again).state()).isEqualTo(ConnectionState.SAFE);
        Lease second = h.acquire(h.session(), t, RequestTraits.FIRST);
        assertThat(h.release(four.get(2)).closeReason()).isEqualTo(CloseReason.BUDGET);
        assertThat(h.release(second).closeReason()).isEqualTo(CloseReason.BUDGET);
        assertThat(h.release(four.get(3)).closeReason()).isEqualTo(CloseReason.BUDGET);
        assertThat(h.stats(t).parked()).isEqualTo(1);
        // inUse 20: no kill, no parking.
        inUse.set(20);
        Lease l20 = h.acquire(h.session(), t, RequestTraits.FIRST);
        assertThat(h.stats(t).parked()).isEqualTo(1);
        assertThat(h.release(l20).closeReason()).isEqualTo(CloseReason.BUDGET);
        // inUse 21: each acquire closes the LRU head, reuse or not.
        inUse.set(21);
        Lease l21 = h.acquire(h.session(), t, RequestTraits.FIRST);
        assertThat(h.stats(t).parked()).isZero();
        assertThat(h.stats(t).closes(CloseReason.BUDGET)).isEqualTo(6);
        h.release(l21);
    }

    @Test
    void belowLowTheNeedEstimateLimitsParking() throws Exception {
        // T31: R50.6, R53 — inUse 5, three K1 connections parked: ending K2 exchanges are over the estimate.
        AtomicLong inUse = new AtomicLong(5);
        EngineHarness h = new EngineHarness(b -> b.budget(inUse::get, 10, 20));
        Target t = h.target("T", ReusePolicy.SAFE);
        List<Lease> k1 = concurrent(h, t, 3);
        for (Lease l : k1) {
            h.release(l);
        }
        assertThat(h.stats(t).idle()).isEqualTo(3);
        assertThat(h.stats(t).needEstimate()).isEqualTo(3);
        h.clock.advance(6, java.util.concurrent.TimeUnit.SECONDS);
        h.maintain(); // pass 1: the estimate stays at 3, nothing purged
        ReuseKey k2 = ReuseKey.builder(t).destination(new java.net.InetSocketAddress("127.0.0.1", 9)).build();
        List<Lease> k2Leases = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            k2Leases.add(h.acquire(h.session(), k2, RequestTraits.FIRST));
        }
        for (Lease l : k2Leases) {
            assertThat(h.release(l).closeReason()).isEqualTo(CloseReason.OVER_ESTIMATE);
        }
    }
}
