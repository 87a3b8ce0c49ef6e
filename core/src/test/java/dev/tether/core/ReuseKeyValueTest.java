package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/behaviour.md T15–T19 from the value's side: what a {@link ReuseKey} holds, reports and hashes
 * (R5, R6, R8). The engine indexes connections by {@code hash64()}, so equal keys must hash alike and
 * keys that differ should land apart.
 */
class ReuseKeyValueTest {
    private final EngineHarness h = new EngineHarness();
    private final Target t = h.target("T", ReusePolicy.ALWAYS);
    private final InetSocketAddress dest = new InetSocketAddress("127.0.0.1", 8080);

    private ReuseKey.Builder base() {
        return ReuseKey.builder(t).destination(dest);
    }

    private static final List<UnaryOperator<ReuseKey.Builder>> ONE_INPUT_EACH = List.of(
            b -> b.name("a.example"),
            b -> b.destination(new InetSocketAddress("127.0.0.2", 8080)),
            b -> b.destination(null),
            b -> b.source(new InetSocketAddress("10.0.0.1", 0)),
            b -> b.proxyHeader("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n".getBytes(StandardCharsets.US_ASCII)),
            b -> b.proxyHeader(new byte[0]),
            b -> b.mark(0),
            b -> b.mark(7),
            b -> b.tos(0),
            b -> b.tos(0x10),
            b -> b.parameter("sni", "a.example"),
            b -> b.parameter("sni", "b.example"),
            b -> b.parameter("alpn", "a.example"));

    @Test
    void equalInputsGiveEqualKeysWithEqualHashes() {
        // T15: R6 — presence and value of every input
        for (UnaryOperator<ReuseKey.Builder> v : ONE_INPUT_EACH) {
            ReuseKey a = v.apply(base()).build();
            ReuseKey b = v.apply(base()).build();
            assertThat(a).isEqualTo(b).isNotSameAs(b);
            assertThat(a.hash64()).isEqualTo(b.hash64());
            assertThat(a.hashCode()).isEqualTo(b.hashCode()).isEqualTo((int) (a.hash64() ^ (a.hash64() >>> 32)));
        }
    }

    @Test
    void keysThatDifferInOneInputDifferAndHashApart() {
        // T15: R5, R6, R8 — a present zero is not an absent value; every variant is its own key
        ReuseKey plain = base().build();
        Set<Long> hashes = new HashSet<>();
        Set<Integer> hashCodes = new HashSet<>();
        hashes.add(plain.hash64());
        hashCodes.add(plain.hashCode());
        for (UnaryOperator<ReuseKey.Builder> v : ONE_INPUT_EACH) {
            ReuseKey k = v.apply(base()).build();
            assertThat(k).as("%s", k).isNotEqualTo(plain);
            assertThat(plain).as("%s", k).isNotEqualTo(k);
            hashes.add(k.hash64());
            hashCodes.add(k.hashCode());
        }
        assertThat(hashes).hasSize(ONE_INPUT_EACH.size() + 1);
        assertThat(hashCodes).hasSize(ONE_INPUT_EACH.size() + 1);
        assertThat(plain).isNotEqualTo("not a key").isNotEqualTo(null);
    }

    @Test
    void hashesOfNeighbouringKeysSpreadOverTheIndexSlots() {
        // R8: the per-loop index takes a slot from the hash's low bits; 256 keys differing only in a
        // port, or a name, fill most of 256 slots (uniform hashing: about 162)
        for (int kind = 0; kind < 2; kind++) {
            Set<Long> slots = new HashSet<>();
            for (int i = 0; i < 256; i++) {
                ReuseKey k = kind == 0 ? base().destination(new InetSocketAddress("127.0.0.1", 10_000 + i)).build()
                        : base().name("host" + i + ".example").build();
                long folded = k.hash64() ^ (k.hash64() >>> 32);
                slots.add(folded & 0xFF);
            }
            assertThat(slots.size()).as("kind %d", kind).isGreaterThan(140);
        }
    }

    @Test
    void aKeyReportsWhatItWasBuiltFrom() {
        // T15: R5 — the inputs, as given
        byte[] header = {1, 2, 3};
        InetSocketAddress source = new InetSocketAddress("10.0.0.1", 0);
        ReuseKey k = base().name("a.example").source(source).proxyHeader(header).mark(7).tos(0x10)
                .parameter("sni", "a.example").parameter("alpn", "h2").build();
        assertThat(k.target()).isSameAs(t);
        assertThat(k.name()).isEqualTo("a.example");
        assertThat(k.destination()).isEqualTo(dest);
        assertThat(k.source()).isEqualTo(source);
        assertThat(k.proxyHeader()).containsExactly(1, 2, 3);
        header[0] = 9;
        assertThat(k.proxyHeader()).as("a copy is kept").containsExactly(1, 2, 3);
        assertThat(k.hasMark()).isTrue();
        assertThat(k.mark()).isEqualTo(7);
        assertThat(k.hasTos()).isTrue();
        assertThat(k.tos()).isEqualTo(0x10);
        assertThat(k.parameter("sni")).isEqualTo("a.example");
        assertThat(k.parameter("alpn")).isEqualTo("h2");
        assertThat(k.parameter("absent")).isNull();
        assertThat(k.toString()).isEqualTo("ReuseKey{target=T, name=a.example, destination=" + dest
                + ", source=" + source + ", proxyHeader=3 bytes, mark=7, tos=16, alpn=h2, sni=a.example}");
        ReuseKey bare = ReuseKey.builder(t).build();
        assertThat(bare.name()).isNull();
        assertThat(bare.destination()).isNull();
        assertThat(bare.source()).isNull();
        assertThat(bare.proxyHeader()).isNull();
        assertThat(bare.hasMark()).isFalse();
        assertThat(bare.hasTos()).isFalse();
        assertThat(bare.toString()).isEqualTo("ReuseKey{target=T}");
    }
}
