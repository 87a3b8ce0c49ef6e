package dev.tether.http2.internal.hpack;

import dev.tether.http2.internal.hpack.HpackEncoder.StringCoding;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded simulation of one connection's header traffic: random header lists, random table size
 * changes (SETTINGS_HEADER_TABLE_SIZE sent by the decoder's side, acknowledged, applied by the
 * encoder), every policy and coding. After every block the decoded list equals the sent list, the
 * never-indexed flags are the ones the encoder promised, and both dynamic tables are identical.
 * Replay a failure with {@code -Dtether.sim.seed=<seed>}.
 */
class HpackRoundTripSimulationTest {
    private static final int[] TABLE_SIZES = {0, 1, 32, 64, 100, 256, 4096, 8192};

    @Test
    void encoderAndDecoderStayInStepWhateverTheTrafficAndTableSizes() {
        long firstSeed = Long.getLong("tether.sim.seed", 1L);
        int seeds = Integer.getInteger("tether.sim.seeds", 60);
        for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
            try {
                run(seed, 300);
            } catch (AssertionError | HpackException | RuntimeException e) {
                fail("seed=" + seed + ": " + e, e);
            }
        }
    }

    private static void run(long seed, int blocks) throws HpackException {
        SplittableRandom random = new SplittableRandom(seed);
        IndexingPolicy policy = IndexingPolicy.values()[random.nextInt(IndexingPolicy.values().length)];
        StringCoding coding = StringCoding.values()[random.nextInt(StringCoding.values().length)];
        HpackEncoder encoder = new HpackEncoder(4096, coding, policy);
        HpackDecoder decoder = new HpackDecoder(4096, 1 << 20, 1 << 16);
        ByteBuffer out = ByteBuffer.allocate(1 << 18);
        for (int b = 0; b < blocks; b++) {
            if (random.nextInt(10) == 0) {
                changeTableSize(random, encoder, decoder);
            }
            List<Field> sent = RandomHeaders.list(random, 20);
            out.clear();
            encoder.beginBlock(out);
            for (Field field : sent) {
                encoder.encode(field.name(), field.value(), field.neverIndexed(), out);
            }
            RecordingListener listener = new RecordingListener();
            decoder.decode(out.flip(), listener);
            List<Field> expected = new ArrayList<>(sent.size());
            for (Field field : sent) {
                expected.add(new Field(field.name(), field.value(), field.neverIndexed() || selfProtected(policy, field)));
            }
            assertThat(listener.fields).as("block %d, %s, %s", b, policy, coding).isEqualTo(expected);
            assertThat(RfcAppendixCTest.entries(decoder.table())).as("block %d", b)
                    .isEqualTo(RfcAppendixCTest.entries(encoder.table()));
            assertThat(decoder.dynamicTableSize()).isEqualTo(encoder.dynamicTableSize());
        }
    }

    /**
     * One or more SETTINGS changes between two blocks: the decoder's side advertises a size, and the
     * encoder uses it (or, sometimes, less, which needs no announcement).
     */
    private static void changeTableSize(SplittableRandom random, HpackEncoder encoder, HpackDecoder decoder) {
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            int advertised = TABLE_SIZES[random.nextInt(TABLE_SIZES.length)];
            decoder.setMaxTableSize(advertised);
            encoder.setMaxTableSize(random.nextInt(4) == 0 ? random.nextInt(advertised + 1) : advertised);
        }
    }

    /** The SELECTIVE policy's own never-indexed fields (RFC 7541 §7.1.3). */
    private static boolean selfProtected(IndexingPolicy policy, Field field) {
        if (policy != IndexingPolicy.SELECTIVE) {
            return false;
        }
        String name = field.name();
        return name.equals("authorization") || name.equals("proxy-authorization")
                || (name.equals("cookie") && field.value().length() < IndexingPolicy.MIN_SAFE_COOKIE_LENGTH);
    }
}
