package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import dev.tether.testkit.FakeMux;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.tether.core.ConnectionState.CLOSED;
import static dev.tether.core.ConnectionState.PRIVATE_BUSY;
import static dev.tether.core.ConnectionState.PRIVATE_IDLE;
import static dev.tether.core.ConnectionState.SESSION_RESERVED;
import static dev.tether.core.RequestTraits.FIRST;
import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/behaviour.md T20–T27: private connections, challenges and session lists. */
class PrivateConnectionTest {
    private static final List<String> NTLM = List.of("NTLM");
    private static final List<String> NONE_FIELDS = List.of();

    @Test
    void aPrivateConnectionIsNeverGivenToAnotherSessionAndDiesWithItsOwner() throws Exception {
        // T20: R28, R31, R33, R38, R58 — private by NEVER and by a challenge under every policy.
        for (ReusePolicy policy : ReusePolicy.values()) {
            EngineHarness h = new EngineHarness(b -> b.maxIdlePerSession(5));
            Target t = h.target("T", policy, ReuseLimits.builder().purgeDelay(Duration.ofSeconds(1)).build());
            Session a = h.session();
            Lease la = h.acquire(a, t, FIRST);
            Connection p = la.connection();
            if (policy != ReusePolicy.NEVER) {
                assertThat(la.connection().onResponseHead(la.handle(), 401, NTLM, NONE_FIELDS)).isTrue();
            }
            assertThat(p.isPrivate()).isTrue();
            Session b = h.session();
            Lease concurrent = h.acquire(b, t, NONE);
            assertThat(concurrent.connection()).isNotSameAs(p);
            h.release(la);
            assertThat(p.state()).isEqualTo(PRIVATE_IDLE);
            h.release(concurrent);
            for (RequestTraits traits : new RequestTraits[] {FIRST, NONE}) {
                Lease lb = h.acquire(b, t, traits);
                assertThat(lb.connection()).as(policy + " traits " + traits).isNotSameAs(p);
                h.release(lb);
            }
            for (int i = 0; i < 10; i++) {
                h.clock.advance(1, java.util.concurrent.TimeUnit.SECONDS);
                h.maintain();
            }
            assertThat(p.state()).isEqualTo(PRIVATE_IDLE);
            long parked = h.stats(t).parked();
            long privateIdle = h.stats(t).privateIdle();
            h.engine.closeSession(a);
            h.assertInvariants();
            assertThat(p.state()).isEqualTo(CLOSED);
            assertThat(p.closeReason()).isEqualTo(CloseReason.SESSION_CLOSED);
            assertThat(h.stats(t).privateIdle()).isEqualTo(privateIdle - 1);
            assertThat(h.stats(t).parked()).isEqualTo(parked);
        }
    }

    @Test
    void onlyPrivateConnectionsElsewhereGivesReasonPrivateElsewhere() throws Exception {
        // T20: E4 PRIVATE_ELSEWHERE under a sharing policy
        EngineHarness h = new EngineHarness();
        Target t = h.target("T", ReusePolicy.ALWAYS);
        Session a = h.session();
        Lease la = h.acquire(a, t, NONE);
        la.connection().onResponseHead(la.handle(), 401, NTLM, NONE_FIELDS);
        h.release(la);
        Lease lb = h.acquire(h.session(), t, NONE);
        assertThat(lb.connectReason()).isEqualTo(ConnectReason.PRIVATE_ELSEWHERE);
        h.release(lb);
    }

    @Test
    void aChallengeOnASharedMultiplexedConnectionChangesNothing() throws Exception {
        // T22: R28, R30 (HAProxy fix fd3ce173a)
        EngineHarness h = new EngineHarness();
        h.connector.muxFactory = c -> FakeMux.h2(c, 100);
        Target t = h.target("T", ReusePolicy.ALWAYS);
        Session a = h.session();
        Lease la = h.acquire(a, t, NONE);
        Lease lb = h.acquire(h.session(), t, NONE);
        Connection x = la.connection();
        assertThat(lb.connection()).isSameAs(x);
        assertThat(x.state()).isEqualTo(ConnectionState.AVAILABLE);
        assertThat(la.connection().onResponseHead(la.handle(), 401, NTLM, NONE_FIELDS)).isFalse();
        assertThat(x.isPrivate()).isFalse();
        assertThat(x.state()).isEqualTo(ConnectionState.AVAILABLE);
        h.release(la);
        h.release(lb);
    }

    @Test
    void aChallengeOnAReservedMultiplexedConnectionMakesItPrivate() throws Exception {
        // T22: R28, R30
        EngineHarness h = new EngineHarness();
        h.connector.muxFactory = c -> FakeMux.h2(c, 100);
        Target t = h.target("T", ReusePolicy.SAFE);
        Session a = h.session();
        Lease la = h.acquire(a, t, NONE);
        Connection x = la.connection();
        assertThat(x.state()).isEqualTo(SESSION_RESERVED);
        TargetStats before = h.stats(t);
        assertThat(la.connection().onResponseHead(la.handle(), 401, NTLM, NONE_FIELDS)).isTrue();
        h.assertInvariants();
        assertThat(x.state()).isEqualTo(PRIVATE_BUSY);
        assertThat(h.stats(t).used()).isEqualTo(before.used() - 1);
        assertThat(h.stats(t).privateBusy()).isEqualTo(before.privateBusy() + 1);
        h.release(la);
    }

    @Test
    void aChallengeMakesTheConnectionPrivateToTheLeasesSessionNotItsCreator() throws Exception {
        // T23: R30, R33 (HAProxy fix 4fc1e3937)
        EngineHarness h = new EngineHarness();
        Target t = h.target("T", ReusePolicy.ALWAYS);
        Session a = h.session();
        Lease la = h.acquire(a, t, FIRST);
        Connection x = la.connection();
        h.release(la);
        Session b = h.session();
        Lease lb = h.acquire(b, t, FIRST);
        assertThat(lb.connection()).isSameAs(x);
        assertThat(lb.connection().onResponseHead(lb.handle(), 401, NTLM, NONE_FIELDS)).isTrue();
        assertThat(x.owner()).isSameAs(b);
        assertThat(x.list()).isEqualTo(ListKind.PRIVATE);
        h.release(lb);
        for (RequestTraits traits : new RequestTraits[] {FIRST, NONE}) {
            Lease again = h.acquire(a, t, traits);
            assertThat(again.connection()).isNotSameAs(x);
            h.release(again);
        }
    }

    @Test
    void preferredTargetIsTheOneHoldingTheSessionsPrivateConnection() throws Exception {
        // T24: R32
        EngineHarness h = new EngineHarness();
        Target t1 = h.target("T1", ReusePolicy.SAFE);
        Target t2 = h.target("T2", ReusePolicy.SAFE);
        Session a = h.session();
        Lease l = h.acquire(a, t1, FIRST);
        Connection x = l.connection();
        l.connection().onResponseHead(l.handle(), 401, NTLM, NONE_FIELDS);
        h.release(l);
        assertThat(h.engine.preferredTarget(a, List.of(t1, t2))).isSameAs(t1);
        assertThat(h.engine.preferredTarget(a, List.of(t2))).isNull();
        assertThat(x.state()).isEqualTo(PRIVATE_IDLE);
        assertThat(x.owner()).isSameAs(a);
        assertThat(h.engine.preferredTarget(h.session(), List.of(t1, t2))).isNull();
    }

    @Test
    void theSessionIdleLimitClosesOnlyTheNewlyIdleConnection() throws Exception {
        // T25: R13, R34, R35, R36, R43 (a private connection whose last stream ended goes by R35)
        EngineHarness h = new EngineHarness(b -> b.maxIdlePerSession(2));
        Target t1 = h.target("T1", ReusePolicy.NEVER);
        Target t2 = h.target("T2", ReusePolicy.NEVER);
        Target t3 = h.target("T3", ReusePolicy.NEVER);
        Session a = h.session();
        List<Connection> conns = new ArrayList<>();
        for (Target t : List.of(t1, t2, t3)) {
            Lease l = h.acquire(a, t, FIRST);
            conns.add(l.connection());
            ReleaseResult r = h.release(l);
            assertThat(a.idleCount()).isLessThanOrEqualTo(2);
            if (t == t3) {
                assertThat(r.closeReason()).isEqualTo(CloseReason.SESSION_LIMIT);
            }
        }
        assertThat(conns.get(0).state()).isEqualTo(PRIVATE_IDLE);
        assertThat(conns.get(1).state()).isEqualTo(PRIVATE_IDLE);
        assertThat(conns.get(2).state()).isEqualTo(CLOSED);
        Lease again = h.acquire(a, t1, NONE);
        assertThat(again.connection()).isSameAs(conns.get(0));
        h.release(again);
    }

    @Test
    void theSessionIdleLimitNeverClosesAConnectionWithAStream() throws Exception {
        // T26: R35, R36 (HAProxy fix 351411fac)
        EngineHarness h = new EngineHarness(b -> b.maxIdlePerSession(1));
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            targets.add(h.target("T" + i, ReusePolicy.NEVER));
        }
        Session a = h.session();
        Lease first = h.acquire(a, targets.get(0), FIRST);
        Connection t1 = first.connection();
        h.release(first);
        List<Lease> busy = new ArrayList<>();
        for (int i = 1; i < 20; i++) {
            busy.add(h.acquire(a, targets.get(i), NONE));
        }
        Connection t2 = busy.get(0).connection();
        Connection t3 = busy.get(1).connection();
        ReleaseResult r = h.release(busy.get(0));
        assertThat(r.closeReason()).isEqualTo(CloseReason.SESSION_LIMIT);
        assertThat(t2.state()).isEqualTo(CLOSED);
        assertThat(t1.state()).isEqualTo(PRIVATE_IDLE);
        assertThat(t3.state()).isEqualTo(PRIVATE_BUSY);
        for (Lease l : busy.subList(1, busy.size())) {
            assertThat(l.connection().state()).isEqualTo(PRIVATE_BUSY);
        }
        for (Lease l : busy.subList(1, busy.size())) {
            h.release(l);
        }
        assertThat(a.idleCount()).isEqualTo(1);
    }

    @Test
    void closingASessionClosesEveryConnectionOnItsListsButNotItsExclusiveOnes() throws Exception {
        // T27: R38
        EngineHarness h = new EngineHarness();
        Target never = h.target("N", ReusePolicy.NEVER);
        Target safeH1 = h.target("S", ReusePolicy.SAFE);
        Session a = h.session();
        Lease idle = h.acquire(a, never, FIRST);
        Connection privateIdle = idle.connection();
        h.release(idle);
        Lease busyPrivate = h.acquire(h.session(), never, FIRST);
        Lease privateBusy = h.acquire(a, never, NONE);
        assertThat(privateBusy.connection()).isSameAs(privateIdle);
        Lease extra = h.acquire(a, never, NONE);
        Lease exclusive = h.acquire(a, safeH1, FIRST);
        h.connector.muxFactory = c -> FakeMux.h2(c, 100);
        Target safeH2 = h.target("S2", ReusePolicy.SAFE);
        Lease reserved = h.acquire(a, safeH2, NONE);
        assertThat(reserved.connection().state()).isEqualTo(SESSION_RESERVED);
        h.engine.closeSession(a);
        h.assertInvariants();
        for (Lease l : List.of(privateBusy, extra, reserved)) {
            assertThat(l.connection().state()).isEqualTo(CLOSED);
            assertThat(l.connection().closeReason()).isEqualTo(CloseReason.SESSION_CLOSED);
        }
        assertThat(exclusive.connection().state()).isEqualTo(ConnectionState.EXCLUSIVE);
        assertThat(h.stats(never).privateBusy()).isEqualTo(1); // the other session's
        assertThat(h.stats(safeH2).used()).isZero();
        for (Lease l : List.of(privateBusy, extra, reserved, exclusive, busyPrivate)) {
            h.release(l, Outcome.FAILED);
        }
        assertThat(h.stats(safeH1).parked()).isEqualTo(0);
    }
}
