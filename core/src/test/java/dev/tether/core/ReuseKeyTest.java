package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.List;
import java.util.function.UnaryOperator;

import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/** REUSE-RULES.md T15–T19: what the reuse key compares. */
class ReuseKeyTest {
    private final EngineHarness h = new EngineHarness();
    private final Target t = h.target("T", ReusePolicy.ALWAYS);
    private final InetSocketAddress dest = new InetSocketAddress("127.0.0.1", 8080);

    private ReuseKey.Builder base() {
        return ReuseKey.builder(t).destination(dest);
    }

    /** Parks a connection opened for {@code k1}, then acquires for {@code k2}. */
    private Lease parkedThenAcquire(ReuseKey k1, ReuseKey k2) throws AcquireException {
        Lease a = h.acquire(h.session(), k1, NONE);
        h.release(a);
        return h.acquire(h.session(), k2, NONE);
    }

    @Test
    void keysDifferingInAnyOneInputNeverShare() throws Exception {
        // T15: R5, R6, E4
        List<UnaryOperator<ReuseKey.Builder>> variants = List.of(
                b -> b.name("a.example"),
                b -> b.destination(new InetSocketAddress("127.0.0.2", 8080)),
                b -> b.source(new InetSocketAddress("10.0.0.1", 0)),
                b -> b.proxyHeader(new byte[] {'P', 'R', 'O', 'X', 'Y'}),
                b -> b.mark(1),
                b -> b.tos(8),
                b -> b.parameter("tenant", "blue"));
        for (UnaryOperator<ReuseKey.Builder> v : variants) {
            ReuseKey k1 = base().build();
            ReuseKey k2 = v.apply(base()).build();
            assertThat(k2).isNotEqualTo(k1);
            Lease l = parkedThenAcquire(k1, k2);
            assertThat(l.reused()).as("variant %s", k2).isFalse();
            assertThat(l.connectReason()).isEqualTo(ConnectReason.KEY_MISMATCH);
            h.release(l);
        }
        Target other = h.target("U", ReusePolicy.ALWAYS);
        assertThat(ReuseKey.builder(other).destination(dest).build()).isNotEqualTo(base().build());
    }

    @Test
    void identicalKeysShareAndEmptyNameEqualsNoName() throws Exception {
        // T15: R5, R6
        ReuseKey k1 = base().name("").mark(0).parameter("p", "1").build();
        ReuseKey k2 = base().mark(0).parameter("p", "1").build();
        assertThat(k1).isEqualTo(k2).hasSameHashCodeAs(k2);
        assertThat(k1.hash64()).isEqualTo(k2.hash64());
        assertThat(parkedThenAcquire(k1, k2).reused()).isTrue();
    }

    @Test
    void markZeroDiffersFromNoMark() {
        // T15: R6
        assertThat(base().mark(0).build()).isNotEqualTo(base().build());
        assertThat(base().tos(0).build()).isNotEqualTo(base().build());
    }

    @Test
    void destinationsDifferingOnlyInPortOrSocketPathNeverShare() throws Exception {
        // T16: R5, R6 (HAProxy #947, #2765)
        ReuseKey p1 = ReuseKey.builder(t).destination(new InetSocketAddress("127.0.0.1", 1)).build();
        ReuseKey p2 = ReuseKey.builder(t).destination(new InetSocketAddress("127.0.0.1", 2)).build();
        assertThat(parkedThenAcquire(p1, p2).reused()).isFalse();
        ReuseKey u1 = ReuseKey.builder(t).destination(UnixDomainSocketAddress.of("/run/a.sock")).build();
        ReuseKey u2 = ReuseKey.builder(t).destination(UnixDomainSocketAddress.of("/run/b.sock")).build();
        assertThat(u1).isNotEqualTo(u2);
        assertThat(u1).isEqualTo(ReuseKey.builder(t).destination(UnixDomainSocketAddress.of("/run/a.sock")).build());
    }

    @Test
    void requestsRewrittenToTheSameDestinationShare() throws Exception {
        // T16: R5 — the key is built per attempt, after the host's rewrite.
        ReuseKey viaA = ReuseKey.builder(t).destination(new InetSocketAddress("127.0.0.1", 9000)).build();
        ReuseKey viaB = ReuseKey.builder(t).destination(new InetSocketAddress("127.0.0.1", 9000)).build();
        assertThat(parkedThenAcquire(viaA, viaB).reused()).isTrue();
    }

    @Test
    void protocolAndHttpVersionAreNotPartOfTheKey() throws Exception {
        // T17: R7 — nothing about ALPN or the HTTP version can be put in a key, so equal keys share.
        ReuseKey k = base().build();
        assertThat(parkedThenAcquire(k, base().build()).reused()).isTrue();
    }

    @Test
    void aConnectionNamedAIsNeverGivenToARequestNamedB() throws Exception {
        // T19: R9
        ReuseKey a = base().name("a").build();
        ReuseKey b = base().name("b").build();
        Lease l = parkedThenAcquire(a, b);
        assertThat(l.reused()).isFalse();
        h.release(l);
    }

    @Test
    void anExplicitNameWinsOverTheSniSoTheConnectionKeepsItsFirstSni() throws Exception {
        // T19: R5, R9 — the host feeds its explicit name, not the SNI, into the key.
        ReuseKey named = base().name("pool-1").build();
        Lease first = h.acquire(h.session(), named, NONE);
        Connection x = first.connection();
        h.release(first);
        Lease second = h.acquire(h.session(), base().name("pool-1").build(), NONE);
        assertThat(second.connection()).isSameAs(x);
        assertThat(x.key()).isSameAs(named);
        h.release(second);
    }
}
