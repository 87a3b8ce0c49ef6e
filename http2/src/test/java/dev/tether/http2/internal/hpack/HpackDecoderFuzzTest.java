package dev.tether.http2.internal.hpack;

import dev.tether.http2.internal.hpack.HpackEncoder.StringCoding;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded fuzzing of the decoder: random, grammar-shaped and mutated valid blocks. Whatever the
 * input, decode returns or throws {@link HpackException}, and what reaches the listener stays
 * within the limits. Replay a failure with {@code -Dtether.fuzz.seed=<seed>}; raise the count with
 * {@code -Dtether.fuzz.blocks=<n>}.
 */
class HpackDecoderFuzzTest {
    private static final int MAX_TABLE = 4096;
    private static final int MAX_LIST = 8192;
    private static final int MAX_STRING = 1024;

    @Test
    void anyBlockEitherDecodesWithinTheLimitsOrFailsWithHpackException() {
        long seed = Long.getLong("tether.fuzz.seed", 0x7E7E_4BAC_2024L);
        int blocks = Integer.getInteger("tether.fuzz.blocks", 250_000);
        SplittableRandom random = new SplittableRandom(seed);
        List<byte[]> valid = validBlocks(random.split(), 3000);
        HpackDecoder decoder = newDecoder();
        LimitCheckingListener listener = new LimitCheckingListener();
        int failures = 0;
        for (int i = 0; i < blocks; i++) {
            byte[] block = nextBlock(random, valid);
            listener.reset();
            try {
                decoder.decode(ByteBuffer.wrap(block), listener);
                assertThat(decoder.dynamicTableSize()).isLessThanOrEqualTo(decoder.dynamicTableCapacity());
                assertThat(decoder.dynamicTableCapacity()).isLessThanOrEqualTo(MAX_TABLE);
            } catch (HpackException e) {
                if (e.reason() == HpackException.Reason.INTERNAL || e.offset() < 0 || e.offset() > block.length) {
                    fail("seed=" + seed + " block #" + i + " = " + Hex.encode(block, 0, block.length) + ": " + e, e);
                }
                failures++;
                decoder = newDecoder();
            } catch (Throwable t) {
                fail("seed=" + seed + " block #" + i + " = " + Hex.encode(block, 0, block.length)
                        + ": unexpected " + t, t);
            }
            if (listener.violation != null) {
                fail("seed=" + seed + " block #" + i + " = " + Hex.encode(block, 0, block.length) + ": "
                        + listener.violation);
            }
        }
        // Both outcomes must be exercised, or the generator has gone blind.
        assertThat(failures).isBetween(blocks / 10, blocks - blocks / 10);
    }

    private static HpackDecoder newDecoder() {
        return new HpackDecoder(MAX_TABLE, MAX_LIST, MAX_STRING);
    }

    private static byte[] nextBlock(SplittableRandom random, List<byte[]> valid) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            byte[] noise = new byte[random.nextInt(48)];
            random.nextBytes(noise);
            return noise;
        }
        if (kind <= 2) {
            return grammarBlock(random);
        }
        byte[] block = valid.get(random.nextInt(valid.size())).clone();
        return kind <= 4 ? block : mutate(random, block);
    }

    /** Representations with random fields: indexes, lengths near limits, Huffman flags, size updates. */
    private static byte[] grammarBlock(SplittableRandom random) {
        ByteBuffer out = ByteBuffer.allocate(4096);
        int representations = random.nextInt(8);
        for (int i = 0; i < representations && out.remaining() > 64; i++) {
            switch (random.nextInt(5)) {
                case 0: HpackWriter.writeInt(out, 0x80, 7, randomInt(random)); break;
                case 1: HpackWriter.writeInt(out, 0x20, 5, randomInt(random)); break;
                default:
                    int pattern = new int[] {0x40, 0x00, 0x10}[random.nextInt(3)];
                    int nameIndex = random.nextBoolean() ? 0 : randomInt(random);
                    HpackWriter.writeInt(out, pattern, pattern == 0x40 ? 6 : 4, nameIndex);
                    if (nameIndex == 0) {
                        randomString(random, out);
                    }
                    randomString(random, out);
            }
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    private static void randomString(SplittableRandom random, ByteBuffer out) {
        int length = random.nextInt(4) == 0 ? randomInt(random) : random.nextInt(40);
        HpackWriter.writeInt(out, random.nextBoolean() ? 0x80 : 0, 7, length);
        int present = Math.min(length, Math.min(out.remaining() - 8, random.nextInt(48)));
        for (int i = 0; i < present; i++) {
            out.put((byte) random.nextInt(256));
        }
    }

    private static int randomInt(SplittableRandom random) {
        switch (random.nextInt(4)) {
            case 0: return random.nextInt(70);
            case 1: return random.nextInt(200);
            case 2: return random.nextInt(5000);
            default: return random.nextInt(Integer.MAX_VALUE);
        }
    }

    private static byte[] mutate(SplittableRandom random, byte[] block) {
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && block.length > 0; m++) {
            int at = random.nextInt(block.length);
            switch (random.nextInt(6)) {
                case 0: block[at] ^= (byte) (1 << random.nextInt(8)); break;
                case 1: block[at] = (byte) random.nextInt(256); break;
                case 2: block = Arrays.copyOf(block, at); break;
                case 3: block[at] = new byte[] {(byte) 0x80, 0x3f, (byte) 0xff, 0x7f, 0x20, 0x10}[random.nextInt(6)]; break;
                case 4: {
                    byte[] longer = new byte[block.length + 1];
                    System.arraycopy(block, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(256);
                    System.arraycopy(block, at, longer, at + 1, block.length - at);
                    block = longer;
                    break;
                }
                default: {
                    byte[] doubled = Arrays.copyOf(block, block.length * 2);
                    System.arraycopy(block, 0, doubled, block.length, block.length);
                    block = doubled;
                }
            }
        }
        return block;
    }

    /** Blocks from our encoder, in the order of one connection, so later ones reference the table. */
    private static List<byte[]> validBlocks(SplittableRandom random, int count) {
        List<byte[]> blocks = new ArrayList<>(count);
        HpackEncoder encoder = new HpackEncoder(MAX_TABLE, StringCoding.HUFFMAN_WHEN_SHORTER, IndexingPolicy.ALWAYS);
        ByteBuffer out = ByteBuffer.allocate(1 << 16);
        for (int i = 0; i < count; i++) {
            out.clear();
            encoder.beginBlock(out);
            List<Field> fields = RandomHeaders.list(random, 12);
            for (Field field : fields) {
                encoder.encode(field.name(), field.value(), field.neverIndexed(), out);
            }
            blocks.add(Arrays.copyOf(out.array(), out.position()));
        }
        return blocks;
    }

    /** Records the first breach of the limits a decoder promises its listener. */
    private static final class LimitCheckingListener implements HeaderListener {
        long listSize;
        String violation;

        void reset() {
            listSize = 0;
        }

        @Override
        public void onHeader(String name, String value, boolean neverIndexed) {
            listSize += name.length() + value.length() + 32L;
            if (violation == null && (name.length() > MAX_STRING || value.length() > MAX_STRING)) {
                violation = "string over " + MAX_STRING + ": " + name.length() + "/" + value.length();
            }
            if (violation == null && listSize > MAX_LIST) {
                violation = "header list over " + MAX_LIST + ": " + listSize;
            }
            for (int i = 0; violation == null && i < name.length() + value.length(); i++) {
                char c = i < name.length() ? name.charAt(i) : value.charAt(i - name.length());
                if (c > 0xFF) {
                    violation = "char above 0xFF";
                }
            }
        }
    }
}
