package dev.tether.http2.internal.hpack;

import dev.tether.http2.internal.hpack.HpackEncoder.StringCoding;
import org.junit.jupiter.api.Test;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HpackEncoderTest {

    @Test
    void huffmanCodesAStringOnlyWhenThatIsShorter() {
        HpackEncoder encoder = new HpackEncoder(4096, StringCoding.HUFFMAN_WHEN_SHORTER, IndexingPolicy.NONE);
        assertThat(encode(encoder, ":status", "307", false)).isEqualTo("0803333037");  // Huffman is 3 octets too
        assertThat(encode(encoder, "cache-control", "no-cache", false)).isEqualTo("0f0986a8eb10649cbf");
    }

    @Test
    void sensitiveFieldsAreNeverIndexedLiteralsEvenWhenTheStaticTableHoldsThem() throws HpackException {
        HpackEncoder encoder = new HpackEncoder(4096, false);
        assertThat(encode(encoder, ":method", "GET", true)).isEqualTo("1203474554");
        assertThat(encode(encoder, "x-token", "s3cret", true)).isEqualTo("1007782d746f6b656e06733363726574");
        assertThat(encoder.dynamicTableSize()).isZero();
        List<Field> decoded = HpackDecoderTest.decode(new HpackDecoder(4096, 16384, 4096), "1203474554");
        assertThat(decoded).containsExactly(new Field(":method", "GET", true));
    }

    @Test
    void sensitiveFieldMayReuseANameFromTheDynamicTable() {
        HpackEncoder encoder = new HpackEncoder(4096, false);
        assertThat(encode(encoder, "x-custom", "a", false)).isEqualTo("4008782d637573746f6d0161");
        assertThat(encode(encoder, "x-custom", "secret", true)).isEqualTo("1f2f06736563726574");  // name index 62
        assertThat(encoder.table().length()).isEqualTo(1);
    }

    @Test
    void fieldAlreadyInTheDynamicTableIsWrittenIndexed() {
        HpackEncoder encoder = new HpackEncoder(4096, false);
        encode(encoder, "x-a", "1", false);
        encode(encoder, "x-b", "2", false);
        assertThat(encode(encoder, "x-a", "1", false)).isEqualTo("bf");
        assertThat(encode(encoder, "x-b", "2", false)).isEqualTo("be");
        assertThat(encode(encoder, "x-b", "3", false)).isEqualTo("7e0133");  // name from the newest match
    }

    @Test
    void selectivePolicyKeepsLongPathsAndPerMessageValuesOutOfTheTable() {
        HpackEncoder encoder = new HpackEncoder(4096, false);
        String shortPath = "/" + "p".repeat(IndexingPolicy.MAX_INDEXED_PATH_LENGTH - 1);
        assertThat(encode(encoder, ":path", shortPath, false)).startsWith("44");
        assertThat(encode(encoder, ":path", shortPath + "x", false)).startsWith("04");
        assertThat(encode(encoder, "content-length", "42", false)).isEqualTo("0f0d023432");
        assertThat(encode(encoder, "etag", "\"abc\"", false)).startsWith("0f13");
        assertThat(encode(encoder, "user-agent", "tether", false)).startsWith("7a");
        assertThat(RfcAppendixCTest.entries(encoder.table())).containsExactly("user-agent: tether", ":path: " + shortPath);
    }

    @Test
    void selectivePolicyProtectsCredentialsAndShortCookies() {
        HpackEncoder encoder = new HpackEncoder(4096, false);
        assertThat(encode(encoder, "authorization", "Basic YQ==", false)).startsWith("1f08");
        assertThat(encode(encoder, "proxy-authorization", "Basic YQ==", false)).startsWith("1f22");
        assertThat(encode(encoder, "cookie", "s=" + "x".repeat(IndexingPolicy.MIN_SAFE_COOKIE_LENGTH - 3), false))
                .startsWith("1f11");
        assertThat(encode(encoder, "cookie", "s=" + "x".repeat(IndexingPolicy.MIN_SAFE_COOKIE_LENGTH - 2), false))
                .startsWith("60");
        assertThat(encoder.table().length()).isEqualTo(1);
    }

    @Test
    void policiesDisagreeOnAnEntryLargerThanThreeQuartersOfTheTable() {
        String big = "v".repeat(3100);  // 1 + 3100 + 32 = 3133 > 3072
        assertThat(encode(new HpackEncoder(4096, false), "x", big, false)).startsWith("0001");
        assertThat(encode(new HpackEncoder(4096, StringCoding.RAW, IndexingPolicy.ALWAYS), "x", big, false))
                .startsWith("4001");
        assertThat(encode(new HpackEncoder(4096, StringCoding.RAW, IndexingPolicy.ALWAYS), "x", big + big, false))
                .startsWith("0001");  // larger than the whole table: never indexed by anyone
        assertThat(encode(new HpackEncoder(4096, StringCoding.RAW, IndexingPolicy.NONE), "x", "y", false))
                .isEqualTo("0001780179");
    }

    @Test
    void rejectsCharsAboveFfWithoutWritingOrIndexing() {
        HpackEncoder encoder = new HpackEncoder(4096, true);
        ByteBuffer out = ByteBuffer.allocate(64);
        assertThatThrownBy(() -> encoder.encode("caf\u20ac", "x", false, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 3").hasMessageContaining("U+20AC");
        assertThatThrownBy(() -> encoder.encode("x", "\u0100", false, out)).isInstanceOf(IllegalArgumentException.class);
        assertThat(out.position()).isZero();
        assertThat(encoder.table().length()).isZero();
        encoder.encode("x", "\u00ff", false, out);  // 0xFF itself is an octet
        assertThat(out.position()).isPositive();
    }

    @Test
    void overflowLeavesBufferAndTableUntouched() {
        HpackEncoder encoder = new HpackEncoder(4096, true);
        ByteBuffer small = ByteBuffer.allocate(8);
        small.put((byte) 0x55);
        assertThatThrownBy(() -> encoder.encode("x-long-name", "a-value-that-does-not-fit", false, small))
                .isInstanceOf(BufferOverflowException.class);
        assertThat(small.position()).isEqualTo(1);
        assertThat(encoder.table().length()).isZero();
        String fresh = encode(new HpackEncoder(4096, true), "x-long-name", "a-value-that-does-not-fit", false);
        assertThat(encode(encoder, "x-long-name", "a-value-that-does-not-fit", false)).isEqualTo(fresh);
    }

    @Test
    void maxEncodedLengthBoundsEveryEncoding() {
        SplittableRandom random = new SplittableRandom(42);
        HpackEncoder[] encoders = {new HpackEncoder(4096, true), new HpackEncoder(0, false),
            new HpackEncoder(4096, StringCoding.HUFFMAN_UNLESS_LONGER, IndexingPolicy.ALWAYS)};
        for (int i = 0; i < 20_000; i++) {
            String name = randomString(random, random.nextInt(3) == 0 ? 300 : 12);
            String value = randomString(random, random.nextInt(3) == 0 ? 5000 : 20);
            HpackEncoder encoder = encoders[i % encoders.length];
            int bound = HpackEncoder.maxEncodedLength(name, value);
            ByteBuffer out = ByteBuffer.allocate(bound);
            encoder.encode(name, value, random.nextInt(4) == 0, out);  // must not overflow
            assertThat(out.position()).isLessThanOrEqualTo(bound);
        }
    }

    @Test
    void beginBlockAnnouncesTableSizeChangesSmallestFirst() {
        HpackEncoder encoder = new HpackEncoder(4096, false);
        assertThat(begin(encoder)).isEmpty();
        encoder.setMaxTableSize(4096);
        assertThat(begin(encoder)).isEmpty();
        encoder.setMaxTableSize(100);
        assertThat(begin(encoder)).isEqualTo("3f45");
        assertThat(begin(encoder)).isEmpty();
        encoder.setMaxTableSize(0);
        encoder.setMaxTableSize(4096);
        assertThat(begin(encoder)).isEqualTo("203fe11f");
        encoder.setMaxTableSize(8192);
        encoder.setMaxTableSize(2048);
        assertThat(begin(encoder)).isEqualTo("3fe10f");  // the smallest is also the final size
        encoder.setMaxTableSize(8192);
        assertThat(begin(encoder)).isEqualTo("3fe13f");
    }

    @Test
    void shrinkingEvictsAtOnceAndAFailedBeginBlockStaysPending() {
        HpackEncoder encoder = new HpackEncoder(4096, false);
        encode(encoder, "x-a", "1", false);
        encoder.setMaxTableSize(0);
        assertThat(encoder.dynamicTableSize()).isZero();
        ByteBuffer tiny = ByteBuffer.allocate(0);
        assertThatThrownBy(() -> encoder.beginBlock(tiny)).isInstanceOf(BufferOverflowException.class);
        assertThat(begin(encoder)).isEqualTo("20");
    }

    @Test
    void refusesToEncodeBeforeAPendingSizeUpdateIsAnnounced() {
        HpackEncoder encoder = new HpackEncoder(4096, false);
        encoder.setMaxTableSize(1000);
        ByteBuffer out = ByteBuffer.allocate(64);
        assertThatThrownBy(() -> encoder.encode("x", "y", false, out))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("beginBlock");
        encoder.beginBlock(out);
        encoder.encode("x", "y", false, out);
        assertThat(Hex.encode(out.flip())).isEqualTo("3fc9074001780179");
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new HpackEncoder(-1, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxTableSize < 0: -1");
        assertThatThrownBy(() -> new HpackEncoder(1, true).setMaxTableSize(-1))
                .isInstanceOf(IllegalArgumentException.class);
        HpackEncoder encoder = new HpackEncoder(4096, true);
        ByteBuffer out = ByteBuffer.allocate(64);
        assertThatThrownBy(() -> encoder.encode(null, "v", false, out)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> encoder.encode("n", null, false, out)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> encoder.encode("n", "v", false, null)).isInstanceOf(NullPointerException.class);
    }

    private static String randomString(SplittableRandom random, int maxLength) {
        char[] chars = new char[random.nextInt(maxLength + 1)];
        int range = random.nextBoolean() ? 32 : 256;  // control octets have the longest Huffman codes
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) random.nextInt(range);
        }
        return new String(chars);
    }

    private static String begin(HpackEncoder encoder) {
        ByteBuffer out = ByteBuffer.allocate(HpackEncoder.MAX_BLOCK_PREFIX_LENGTH);
        encoder.beginBlock(out);
        return Hex.encode(out.flip());
    }

    static String encode(HpackEncoder encoder, String name, String value, boolean sensitive) {
        ByteBuffer out = ByteBuffer.allocate(HpackEncoder.maxEncodedLength(name, value));
        encoder.encode(name, value, sensitive, out);
        return Hex.encode(out.flip());
    }
}
