package dev.tether.http2.internal.hpack;

import dev.tether.http2.internal.hpack.HpackException.Reason;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import static dev.tether.http2.internal.hpack.HpackDecoderTest.assertFailure;
import static dev.tether.http2.internal.hpack.HpackDecoderTest.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decoder's defences: header list size (HPACK bombs) and string length, checked before allocating. */
class HpackLimitsTest {
    private static final HpackEncoder.StringCoding RAW = HpackEncoder.StringCoding.RAW;

    @Test
    void hpackBombFailsWithHeaderListTooLargeBeforeTheListIsExpanded() throws HpackException {
        // One 4,033-octet entry, then 100,000 one-octet references to it: a 104 KB block that would
        // expand to a 403 MB header list.
        ByteBuffer block = ByteBuffer.allocate(110_000);
        HpackWriter.writeInt(block, 0x40, 6, 0);
        HpackWriter.writeString(block, "x", RAW);
        HpackWriter.writeString(block, "v".repeat(4000), RAW);
        int literalLength = block.position();
        for (int i = 0; i < 100_000; i++) {
            block.put((byte) 0xBE);
        }
        block.flip();
        HpackDecoder decoder = new HpackDecoder(4096, 65536, 8192);
        long[] fieldsAndSize = new long[2];
        HeaderListener counting = (name, value, neverIndexed) -> {
            fieldsAndSize[0]++;
            fieldsAndSize[1] += name.length() + value.length() + 32;
        };
        failOnce(block.duplicate());  // load and link every class and call site on the path first
        long allocatedBefore = allocatedBytes();
        HpackException failure = null;
        try {
            decoder.decode(block, counting);
        } catch (HpackException e) {
            failure = e;
        }
        long allocated = allocatedBytes() - allocatedBefore;
        assertThat(failure).isNotNull();
        assertThat(failure.reason()).isEqualTo(Reason.HEADER_LIST_TOO_LARGE);
        // 16 fields of 4,033 octets fit in 65,536; the 17th, the 16th reference, trips the limit. The
        // listener, where a caller would build the list, never saw more than the limit allows; and
        // references hand over the table's own strings, so nothing was copied per reference.
        assertThat(fieldsAndSize[0]).isEqualTo(16);
        assertThat(fieldsAndSize[1]).isLessThanOrEqualTo(65536);
        assertThat(failure.offset()).isEqualTo(literalLength + 15);
        assertThat(block.hasRemaining()).isFalse();
        // The 4,000-char value, the exception and its message: kilobytes, not the 403 MB expansion.
        assertThat(allocated).as("bytes allocated decoding the bomb").isLessThan(256 * 1024);
    }

    @Test
    void lengthPrefixNear2To31FailsWithStringTooLongBeforeAllocating() {
        for (int flags : new int[] {0x00, 0x80}) {  // raw and Huffman
            ByteBuffer block = ByteBuffer.allocate(16);
            block.put((byte) 0x40);
            HpackWriter.writeInt(block, flags, 7, Integer.MAX_VALUE);
            block.put((byte) 'x').flip();
            // STRING_TOO_LONG, not TRUNCATED: the prefix is refused before the octets are looked for.
            failOnce(block.duplicate());
            long allocatedBefore = allocatedBytes();
            HpackException failure = failOnce(block);
            long allocated = allocatedBytes() - allocatedBefore;
            assertThat(failure.reason()).isEqualTo(Reason.STRING_TOO_LONG);
            assertThat(failure.offset()).isEqualTo(1);
            assertThat(allocated).as("bytes allocated").isLessThan(64 * 1024);
        }
    }

    @Test
    void stringsOfExactlyTheLimitPassAndOneOctetMoreFails() throws HpackException {
        String ten = "abcdefghij";
        assertThat(decode(new HpackDecoder(4096, 16384, 10), block(ten, ten))).containsExactly(Field.of(ten, ten));
        assertFailure(new HpackDecoder(4096, 16384, 10), block(ten + "k", ten), Reason.STRING_TOO_LONG, 1);
        assertFailure(new HpackDecoder(4096, 16384, 10), block(ten, ten + "k"), Reason.STRING_TOO_LONG, 12);
    }

    @Test
    void huffmanStringThatDecodesPastTheLimitFailsEvenWhenItsPrefixFits() {
        // Thirteen '0's are 65 bits: 9 Huffman octets, within a limit of 10, decoding to 13 octets.
        ByteBuffer block = ByteBuffer.allocate(32);
        block.put((byte) 0x41);
        HpackWriter.writeString(block, "0000000000000", HpackEncoder.StringCoding.HUFFMAN_WHEN_SHORTER);
        block.flip();
        assertThat(block.get(1) & 0xFF).isEqualTo(0x89);
        assertThatThrownBy(() -> new HpackDecoder(4096, 16384, 10).decode(block, (n, v, ni) -> { }))
                .isInstanceOfSatisfying(HpackException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.STRING_TOO_LONG);
                    assertThat(e.offset()).isEqualTo(1);
                });
    }

    /** A literal with incremental indexing and a new name, both raw. */
    private static String block(String name, String value) {
        ByteBuffer out = ByteBuffer.allocate(64);
        out.put((byte) 0x40);
        HpackWriter.writeString(out, name, RAW);
        HpackWriter.writeString(out, value, RAW);
        return Hex.encode(out.flip());
    }

    /** Decodes {@code block} with a fresh decoder and returns the failure, or null. */
    private static HpackException failOnce(ByteBuffer block) {
        try {
            new HpackDecoder(4096, 65536, 1 << 20).decode(block, (name, value, neverIndexed) -> { });
            return null;
        } catch (HpackException e) {
            return e;
        }
    }

    /** Bytes this thread has allocated so far (HotSpot's per-thread counter). */
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
