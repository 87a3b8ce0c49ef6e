package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/behaviour.md T15–T19: what the reuse key compares. */
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
        // T16: R5 — the key is built per attempt, after the host's rewrite: what counts is the address
        // the connection is opened to, however the host arrived at it (a name it resolved, or a literal).
        ReuseKey viaName = ReuseKey.builder(t).destination(new InetSocketAddress("localhost", 9000)).build();
        ReuseKey viaLiteral = ReuseKey.builder(t)
                .destination(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 9000)).build();
        assertThat(((InetSocketAddress) viaName.destination()).getHostString()).isEqualTo("localhost");
        Lease shared = parkedThenAcquire(viaName, viaLiteral);
        assertThat(shared.reused()).isTrue();
        h.release(shared);
        // R5, R9: rewritten to another port, the request never rides the connection opened before.
        ReuseKey otherPort = ReuseKey.builder(t).destination(new InetSocketAddress("localhost", 9001)).build();
        assertThat(parkedThenAcquire(viaName, otherPort).reused()).isFalse();
    }

    @Test
    void protocolAndHttpVersionAreNotPartOfTheKey() throws Exception {
        // T17: R7 — the builder offers no input for ALPN, the protocol or the HTTP version, ...
        List<String> inputs = Arrays.stream(ReuseKey.Builder.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.getName().equals("build"))
                .map(Method::getName).toList();
        assertThat(inputs).containsExactlyInAnyOrder("name", "destination", "source", "proxyHeader", "mark", "tos",
                "parameter");
        // ... so a request over HTTP/1.1 and one over h2 to the same destination build equal keys and
        // share whatever connection the first one opened.
        Lease l = parkedThenAcquire(base().build(), base().build());
        assertThat(l.reused()).isTrue();
        h.release(l);
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
        // T19: R5, R9 — the connection name is the host's explicit name if it has one, else the SNI.
        ReuseKey named = base().name(connectionName("pool-1", "a.example")).build();
        Lease first = h.acquire(h.session(), named, NONE);
        Connection x = first.connection();
        h.release(first);
        // A request whose SNI would differ still reuses the connection with an equal name ...
        ReuseKey sameNameOtherSni = base().name(connectionName("pool-1", "b.example")).build();
        Lease second = h.acquire(h.session(), sameNameOtherSni, NONE);
        assertThat(second.connection()).isSameAs(x);
        assertThat(x.key()).isSameAs(named);     // ... and the connection keeps the key it was opened with
        h.release(second);
        // Without an explicit name the SNI is the name: another SNI never shares.
        Lease bySni = parkedThenAcquire(base().name(connectionName(null, "a.example")).build(),
                base().name(connectionName(null, "b.example")).build());
        assertThat(bySni.reused()).isFalse();
        h.release(bySni);
    }

    /** R5's connection name, as a host computes it: its explicit name if it has one, else the SNI. */
    private static String connectionName(String explicitName, String sni) {
        return explicitName != null ? explicitName : sni;
    }
}
