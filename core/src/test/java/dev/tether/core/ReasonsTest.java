package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static dev.tether.core.RequestTraits.FIRST;
import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/behaviour.md T48: one scenario per {@link ConnectReason} not covered elsewhere, and precedence (E4). */
class ReasonsTest {
    private final EngineHarness h = new EngineHarness();

    @Test
    void anEmptyTargetGivesNoMatchAndAnotherKeyGivesKeyMismatch() throws Exception {
        // T48: E4 NO_MATCH, KEY_MISMATCH
        Target t = h.target("T", ReusePolicy.SAFE);
        Lease first = h.acquire(h.session(), t, NONE);
        assertThat(first.connectReason()).isEqualTo(ConnectReason.NO_MATCH);
        ReuseKey other = ReuseKey.builder(t).destination(new InetSocketAddress("127.0.0.1", 1)).build();
        Lease second = h.acquire(h.session(), other, NONE);
        assertThat(second.connectReason()).isEqualTo(ConnectReason.KEY_MISMATCH);
        h.release(first);
        h.release(second);
    }

    @Test
    void aBusyEqualKeyConnectionGivesAllFull() throws Exception {
        // T48: E4 ALL_FULL
        Target t = h.target("T", ReusePolicy.SAFE);
        Lease a = h.acquire(h.session(), t, NONE);
        Lease b = h.acquire(h.session(), t, NONE);
        assertThat(b.connectReason()).isEqualTo(ConnectReason.ALL_FULL);
        h.release(a);
        h.release(b);
    }

    @Test
    void firstRequestWinsOverPrivateElsewhere() throws Exception {
        // T48: E4 — FIRST_REQUEST and PRIVATE_ELSEWHERE both apply.
        Target t = h.target("T", ReusePolicy.SAFE);
        Session a = h.session();
        Lease p = h.acquire(a, t, FIRST);
        p.connection().onResponseHead(p.handle(), 401, List.of("NTLM"), List.of());
        Lease parked = h.acquire(h.session(), t, FIRST);
        h.release(parked);
        Lease l = h.acquire(h.session(), t, FIRST);
        assertThat(l.connectReason()).isEqualTo(ConnectReason.FIRST_REQUEST);
        h.release(l);
        h.release(p);
    }

    @Test
    void connectReasonCountsSumToConnect() throws Exception {
        // T48: E4, §4 — also checked by every harness step.
        Target t = h.target("T", ReusePolicy.ALWAYS);
        for (int i = 0; i < 5; i++) {
            h.acquire(h.session(), t, i % 2 == 0 ? FIRST : RequestTraits.FRESH_ONLY);
        }
        TargetStats st = h.stats(t);
        long sum = 0;
        for (ConnectReason r : ConnectReason.values()) {
            sum += st.connects(r);
        }
        assertThat(sum).isEqualTo(st.connect()).isEqualTo(5);
    }

    @Test
    void keysWithEqualHashesAreCountedApart() throws Exception {
        // T48, T18: E4 reads per-key counts; two keys with one hash share a bucket and are told apart (R8, D1).
        Target t = h.target("T", ReusePolicy.SAFE);
        ReuseKey k1 = ReuseKey.builder(t).destination(new InetSocketAddress("127.0.0.1", 1)).buildWithHash(42L);
        ReuseKey k2 = ReuseKey.builder(t).destination(new InetSocketAddress("127.0.0.1", 2)).buildWithHash(42L);
        Lease one = h.acquire(h.session(), k1, NONE);
        Lease two = h.acquire(h.session(), k2, NONE);
        assertThat(two.connectReason()).isEqualTo(ConnectReason.KEY_MISMATCH);  // k1's connection is not k2's
        h.release(one);                                                       // k1 parked, k2 busy
        Lease three = h.acquire(h.session(), k2, FIRST);
        assertThat(three.connectReason()).isEqualTo(ConnectReason.ALL_FULL);    // not FIRST_REQUEST: k1 is parked
        h.release(two);
        h.release(three);
    }

    @Test
    void anEqualKeyConnectionBusyOnAnotherLoopIsNoMatchNotKeyMismatch() throws Exception {
        // T48: E4 — KEY_MISMATCH only when no connection of the target has the key, on any loop.
        EngineHarness two = new EngineHarness(b -> b.loops(2).shareAcrossLoops(false));
        Target t = two.target("T", ReusePolicy.SAFE);
        ReuseKey other = ReuseKey.builder(t).destination(new InetSocketAddress("127.0.0.1", 1)).build();
        Lease there = two.acquire(two.session(1), t, NONE);           // key K busy on loop 1
        Lease here = two.acquire(two.session(0), other, NONE);        // another key busy on loop 0
        Lease l = two.acquire(two.session(0), t, NONE);
        assertThat(l.connectReason()).isEqualTo(ConnectReason.NO_MATCH);
        two.release(l);
        two.release(here);
        two.release(there);
    }

    @Test
    void aParkedConnectionInABucketOfTwoKeysIsFirstRequestWhereR15ForbidsIt() throws Exception {
        // T48, T18: E4 FIRST_REQUEST read key by key in a bucket two keys share (R8, D1, R15).
        for (ReusePolicy policy : new ReusePolicy[] {ReusePolicy.SAFE, ReusePolicy.AGGRESSIVE}) {
            EngineHarness e = new EngineHarness();
            Target t = e.target("T", policy);
            ReuseKey k1 = ReuseKey.builder(t).destination(new InetSocketAddress("127.0.0.1", 1)).buildWithHash(42L);
            ReuseKey k2 = ReuseKey.builder(t).destination(new InetSocketAddress("127.0.0.1", 2)).buildWithHash(42L);
            Lease one = e.acquire(e.session(), k1, NONE);
            Lease two = e.acquire(e.session(), k2, NONE);
            e.release(two);                                            // k2 parked IDLE
            Lease l = e.acquire(e.session(), k2, FIRST);
            assertThat(l.reused()).as("%s", policy).isFalse();
            assertThat(l.connectReason()).as("%s", policy).isEqualTo(ConnectReason.FIRST_REQUEST);
            e.release(l);
            e.release(one);
        }
    }

    @Test
    void theSessionsOwnConnectionLatchedByMaxReuseGivesMaxReuseReached() throws Exception {
        // T48: E4 MAX_REUSE_REACHED from the session's own list (R13, R49).
        Target t = h.target("T", ReusePolicy.SAFE, ReuseLimits.builder().maxReuse(1).build());
        Session a = h.session();
        Lease first = h.acquire(a, t, NONE);
        Connection x = first.connection();
        assertThat(h.engine.makePrivate(first.handle())).isTrue();
        h.release(first);
        Lease last = h.acquire(a, t, NONE);
        assertThat(last.connection()).isSameAs(x);
        assertThat(x.noNewStreams()).isTrue();                        // its last stream (R49)
        Lease l = h.acquire(a, t, NONE);
        assertThat(l.connectReason()).isEqualTo(ConnectReason.MAX_REUSE_REACHED);
        h.release(l);
        h.release(last);
    }

    @Test
    void aSessionListOfTwoKeysIsReadKeyByKey() throws Exception {
        // T48: E4 from a session's own list that holds two keys: ALL_FULL for a key it holds busy,
        // NO_MATCH for a key it does not hold (its private connections are no other session's).
        Target t = h.target("T", ReusePolicy.SAFE);
        ReuseKey k2 = ReuseKey.builder(t).destination(new InetSocketAddress("127.0.0.1", 2)).build();
        ReuseKey k3 = ReuseKey.builder(t).destination(new InetSocketAddress("127.0.0.1", 3)).build();
        Session a = h.session();
        Lease one = h.acquire(a, t, NONE);
        Lease two = h.acquire(a, k2, NONE);
        h.engine.makePrivate(one.handle());
        h.engine.makePrivate(two.handle());
        Lease third = h.acquire(a, k3, NONE);
        assertThat(third.connectReason()).isEqualTo(ConnectReason.NO_MATCH);
        Lease again = h.acquire(a, t, NONE);
        assertThat(again.connectReason()).isEqualTo(ConnectReason.ALL_FULL);
        h.release(third);
        h.release(again);
        h.release(two);
        h.release(one);
    }
}
