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
}
