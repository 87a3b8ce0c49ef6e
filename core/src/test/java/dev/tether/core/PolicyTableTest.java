package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import dev.tether.testkit.FakeMux;
import org.junit.jupiter.api.Test;

import static dev.tether.core.RequestTraits.FIRST;
import static dev.tether.core.RequestTraits.NONE;
import static dev.tether.core.RequestTraits.RETRY_SAFE;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/behaviour.md T1–T8: the lookup order of each policy for first and subsequent requests. */
class PolicyTableTest {
    private final EngineHarness h = new EngineHarness();

    /** Parks one IDLE (one exchange) and, if asked, one SAFE (two exchanges) connection with key K. */
    private Connection[] park(Target t, boolean idle, boolean safe) throws AcquireException {
        Connection i = null;
        Connection s = null;
        Session owner = h.session();
        if (safe) {
            Lease a = h.acquire(owner, t, NONE);
            s = a.connection();
            h.release(a);
            Lease b = h.acquire(owner, t, NONE);   // picks it again: second exchange
            assertThat(b.connection()).isSameAs(s);
            if (idle) {
                Lease c = h.acquire(owner, t, NONE); // s is busy: new connection
                i = c.connection();
                h.release(b);
                h.release(c);
            } else {
                h.release(b);
            }
        } else if (idle) {
            Lease a = h.acquire(owner, t, NONE);
            i = a.connection();
            h.release(a);
        }
        if (i != null) {
            assertThat(i.state()).isEqualTo(ConnectionState.IDLE);
        }
        if (s != null) {
            assertThat(s.state()).isEqualTo(ConnectionState.SAFE);
        }
        return new Connection[] {i, s};
    }

    @Test
    void neverPolicyKeepsEachSessionsConnectionsPrivate() throws Exception {
        // T1: R1, R13, R15, R23
        Target t = h.target("T", ReusePolicy.NEVER);
        Session a = h.session();
        Lease first = h.acquire(a, t, FIRST);
        Connection x = first.connection();
        assertThat(first.connectReason()).isEqualTo(ConnectReason.POLICY_NEVER);
        h.release(first);
        assertThat(x.state()).isEqualTo(ConnectionState.PRIVATE_IDLE);
        assertThat(h.stats(t).privateIdle()).isEqualTo(1);
        assertThat(h.stats(t).parked()).isZero();
        for (int i = 0; i < 2; i++) {
            Lease next = h.acquire(a, t, NONE);
            assertThat(next.connection()).isSameAs(x);
            assertThat(next.reused()).isTrue();
            h.release(next);
        }
        assertThat(h.stats(t).connect()).isEqualTo(1);
        assertThat(h.stats(t).reuse()).isEqualTo(2);
        Session b = h.session();
        for (RequestTraits traits : new RequestTraits[] {FIRST, NONE, RETRY_SAFE}) {
            Lease lb = h.acquire(b, t, traits);
            assertThat(lb.connection()).isNotSameAs(x);
            h.release(lb);
        }
        assertThat(h.stats(t).connects(ConnectReason.POLICY_NEVER)).isEqualTo(2);
    }

    @Test
    void neverPolicyOnHttp2LetsTheSessionsConcurrentStreamsShareItsConnection() throws Exception {
        // T1 (h2), R13: once X is ready, A's concurrent streams all ride X.
        h.connector.muxFactory = c -> FakeMux.h2(c, 100);
        Target t = h.target("T", ReusePolicy.NEVER);
        Session a = h.session();
        Lease first = h.acquire(a, t, NONE);
        Lease second = h.acquire(a, t, NONE);
        Lease third = h.acquire(a, t, NONE);
        assertThat(second.connection()).isSameAs(first.connection());
        assertThat(third.connection()).isSameAs(first.connection());
        assertThat(first.connection().state()).isEqualTo(ConnectionState.PRIVATE_BUSY);
        Connection x = first.connection();
        h.release(first);
        h.release(second);
        h.release(third);
        assertThat(x.state()).isEqualTo(ConnectionState.PRIVATE_IDLE);
        assertThat(h.opened()).isEqualTo(1);
    }

    @Test
    void safePolicyNeverGivesAParkedConnectionToAFirstRequest() throws Exception {
        // T2: R15, E4; R69: a request the host originates itself is first, like an HTTP/1 client's first
        Target t = h.target("T", ReusePolicy.SAFE);
        Connection[] parked = park(t, true, true);
        Lease l = h.acquire(h.session(), t, FIRST);
        assertThat(l.reused()).isFalse();
        assertThat(l.connectReason()).isEqualTo(ConnectReason.FIRST_REQUEST);
        assertThat(parked[0].state()).isEqualTo(ConnectionState.IDLE);
        assertThat(parked[1].state()).isEqualTo(ConnectionState.SAFE);
        h.release(l);
    }

    @Test
    void safePolicySubsequentRequestTakesIdleFirstThenSafe() throws Exception {
        // T3: R15, R16
        Target t = h.target("T", ReusePolicy.SAFE);
        Connection[] parked = park(t, true, true);
        Lease l = h.acquire(h.session(), t, NONE);
        assertThat(l.connection()).isSameAs(parked[0]);
        Lease m = h.acquire(h.session(), t, NONE);
        assertThat(m.connection()).isSameAs(parked[1]);
        h.release(l);
        h.release(m);
    }

    @Test
    void aggressivePolicyFirstRequestTakesOnlySafeConnections() throws Exception {
        // T4: R15, E4
        Target t = h.target("T", ReusePolicy.AGGRESSIVE);
        Connection[] onlyIdle = park(t, true, false);
        Lease l = h.acquire(h.session(), t, FIRST);
        assertThat(l.reused()).isFalse();
        assertThat(l.connectReason()).isEqualTo(ConnectReason.FIRST_REQUEST);
        assertThat(onlyIdle[0].state()).isEqualTo(ConnectionState.IDLE);
        h.release(l);
        EngineHarness h2 = new EngineHarness();
        Target t2 = h2.target("T", ReusePolicy.AGGRESSIVE);
        Session owner = h2.session();
        Lease a = h2.acquire(owner, t2, NONE);
        Connection safe = a.connection();
        h2.release(a);
        Lease b = h2.acquire(owner, t2, NONE);
        Lease c = h2.acquire(owner, t2, NONE);
        Connection idle = c.connection();
        h2.release(b);
        h2.release(c);
        assertThat(safe.state()).isEqualTo(ConnectionState.SAFE);
        assertThat(idle.state()).isEqualTo(ConnectionState.IDLE);
        Lease first = h2.acquire(h2.session(), t2, FIRST);
        assertThat(first.connection()).isSameAs(safe);
        assertThat(first.reused()).isTrue();
        assertThat(idle.state()).isEqualTo(ConnectionState.IDLE);
        h2.release(first);
    }

    @Test
    void aggressivePolicySubsequentRequestTakesIdleFirst() throws Exception {
        // T5: R15, R16
        Target t = h.target("T", ReusePolicy.AGGRESSIVE);
        Connection[] parked = park(t, true, true);
        Lease l = h.acquire(h.session(), t, NONE);
        assertThat(l.connection()).isSameAs(parked[0]);
        h.release(l);
    }

    @Test
    void alwaysPolicyFirstRequestTakesSafeThenIdle() throws Exception {
        // T6: R15, R16
        Target t = h.target("T", ReusePolicy.ALWAYS);
        Connection[] parked = park(t, true, true);
        Lease l = h.acquire(h.session(), t, FIRST);
        assertThat(l.connection()).isSameAs(parked[1]);
        Lease m = h.acquire(h.session(), t, FIRST);
        assertThat(m.connection()).isSameAs(parked[0]);
        h.release(l);
        h.release(m);
    }

    @Test
    void alwaysPolicySubsequentRequestTakesIdleFirst() throws Exception {
        // T7: R15, R16
        Target t = h.target("T", ReusePolicy.ALWAYS);
        Connection[] parked = park(t, true, true);
        Lease l = h.acquire(h.session(), t, NONE);
        assertThat(l.connection()).isSameAs(parked[0]);
        h.release(l);
    }

    @Test
    void retrySafeFirstRequestCountsAsSubsequentExceptUnderNever() throws Exception {
        // T8: R15
        Target t = h.target("T", ReusePolicy.SAFE);
        Connection[] parked = park(t, true, false);
        Lease plain = h.acquire(h.session(), t, FIRST);
        assertThat(plain.reused()).isFalse();
        Lease retrySafe = h.acquire(h.session(), t, FIRST.with(RETRY_SAFE));
        assertThat(retrySafe.connection()).isSameAs(parked[0]);
        h.release(plain);
        h.release(retrySafe);

        Target never = h.target("N", ReusePolicy.NEVER);
        Session b = h.session();
        Lease bl = h.acquire(b, never, FIRST);
        Connection bs = bl.connection();
        h.release(bl);
        assertThat(bs.state()).isEqualTo(ConnectionState.PRIVATE_IDLE);
        Lease a = h.acquire(h.session(), never, FIRST.with(RETRY_SAFE));
        assertThat(a.connection()).isNotSameAs(bs);
        assertThat(a.connectReason()).isEqualTo(ConnectReason.POLICY_NEVER);
        h.release(a);
    }
}
