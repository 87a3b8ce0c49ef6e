package dev.tether.http2.internal.hpack;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http2.internal.hpack.HpackException.Reason;

import java.nio.charset.StandardCharsets;

/**
 * A cursor over one header block held in a byte array, decoding HPACK's two primitives: prefixed
 * integers (RFC 7541 §5.1) and string literals (§5.2). It works on the array directly, so the
 * per-octet loop makes no virtual calls.
 *
 * <p>Invariants: {@code start <= pos <= end <= buf.length}; offsets reported in errors are
 * {@code position - start}. After {@link #readString} the decoded octets are
 * {@code strBuf[strOff, strOff + strLen)}: a slice of the block for raw strings, of the scratch
 * array for Huffman-coded ones, valid until the next {@code readString}. The scratch array only
 * grows, and only to {@code len * 8 / 5} for a Huffman string of {@code len} octets, where
 * {@code len} has already been checked against the string limit and the bytes present.
 *
 * <p>Thread safety: not thread-safe; owned by one {@link HpackDecoder}.
 */
@NotThreadSafe
final class HpackReader {
    /** More continuation octets than this cannot encode a value below 2^31 (5 × 7 = 35 bits). */
    static final int MAX_CONTINUATION_OCTETS = 5;

    private byte[] buf;
    private int start;
    private int pos;
    private int end;

    private byte[] scratch = new byte[64];
    private byte[] strBuf;
    private int strOff;
    private int strLen;

    /** Points the cursor at {@code buf[start, end)}. */
    void reset(byte[] buf, int start, int end) {
        this.buf = buf;
        this.start = start;
        this.pos = start;
        this.end = end;
        this.strBuf = null;
    }

    /** Drops the reference to the block's array. */
    void release() {
        this.buf = null;
        this.strBuf = null;
    }

    boolean hasRemaining() {
        return pos < end;
    }

    /** Returns the next octet, 0..255, without consuming it; requires {@link #hasRemaining()}. */
    int peek() {
        return buf[pos] & 0xFF;
    }

    /** Returns the cursor's offset from the block's first octet. */
    int offset() {
        return pos - start;
    }

    /**
     * Reads an integer whose prefix is the low {@code prefixBits} bits of the current octet
     * (RFC 7541 §5.1); requires {@link #hasRemaining()}.
     *
     * @param prefixBits 1..8
     * @return the value, 0..2^31−1
     * @throws HpackException TRUNCATED if the block ends inside it; INTEGER_OVERFLOW if it exceeds
     *     2^31−1 or uses more than {@link #MAX_CONTINUATION_OCTETS} continuation octets
     */
    int readInt(int prefixBits) throws HpackException {
        int first = pos;
        int mask = (1 << prefixBits) - 1;
        int value = buf[pos++] & mask;
        if (value < mask) {
            return value;
        }
        long total = value;
        for (int i = 0, shift = 0; i < MAX_CONTINUATION_OCTETS; i++, shift += 7) {
            if (pos == end) {
                throw new HpackException(Reason.TRUNCATED, first - start, "block ends inside an integer");
            }
            int b = buf[pos++];
            total += (long) (b & 0x7F) << shift;
            if (total > Integer.MAX_VALUE) {
                throw new HpackException(Reason.INTEGER_OVERFLOW, first - start, "integer exceeds 2^31-1");
            }
            if ((b & 0x80) == 0) {
                return (int) total;
            }
        }
        // RFC 7541 §5.1: encodings exceeding implementation limits in octet length are errors.
        throw new HpackException(Reason.INTEGER_OVERFLOW, first - start,
                "integer uses more than " + MAX_CONTINUATION_OCTETS + " continuation octets");
    }

    /**
     * Reads a string literal (RFC 7541 §5.2) and decodes it into {@link #strBuf}, {@link #strOff},
     * {@link #strLen} without creating a {@code String}.
     *
     * @param maxLength the longest accepted length, applied to the length prefix before anything is
     *     allocated, and to the decoded length of a Huffman string
     * @return the decoded length in octets
     * @throws HpackException TRUNCATED, INTEGER_OVERFLOW, STRING_TOO_LONG, HUFFMAN_EOS or HUFFMAN_PADDING
     */
    int readString(int maxLength) throws HpackException {
        if (pos == end) {
            throw new HpackException(Reason.TRUNCATED, offset(), "block ends before a string literal");
        }
        int first = pos;
        boolean huffman = buf[pos] < 0;  // the H bit is the top bit of the first octet
        int len = readInt(7);
        if (len > maxLength) {
            throw new HpackException(Reason.STRING_TOO_LONG, first - start,
                    "string length " + len + " exceeds the limit of " + maxLength);
        }
        if (len > end - pos) {
            throw new HpackException(Reason.TRUNCATED, first - start,
                    "string of " + len + " octets but only " + (end - pos) + " remain");
        }
        if (!huffman) {
            strBuf = buf;
            strOff = pos;
            strLen = len;
            pos += len;
            return len;
        }
        return readHuffman(first, len, maxLength);
    }

    private int readHuffman(int first, int len, int maxLength) throws HpackException {
        int room = (int) Math.min(Integer.MAX_VALUE - 8, (long) len * 8 / 5);
        if (scratch.length < room) {
            scratch = new byte[(int) Math.max(room, Math.min(Integer.MAX_VALUE - 8, scratch.length * 2L))];
        }
        int n = HuffmanDecoder.decode(buf, pos, len, scratch);
        if (n == HuffmanDecoder.ERROR_EOS) {
            throw new HpackException(Reason.HUFFMAN_EOS, first - start, "Huffman string contains EOS");
        }
        if (n == HuffmanDecoder.ERROR_PADDING) {
            throw new HpackException(Reason.HUFFMAN_PADDING, first - start,
                    "Huffman padding is longer than 7 bits or not a prefix of EOS");
        }
        if (n > maxLength) {
            throw new HpackException(Reason.STRING_TOO_LONG, first - start,
                    "decoded string length " + n + " exceeds the limit of " + maxLength);
        }
        strBuf = scratch;
        strOff = 0;
        strLen = n;
        pos += len;
        return n;
    }

    /** Creates the {@code String} of the octets last read by {@link #readString}, one char per octet. */
    String string() {
        return new String(strBuf, strOff, strLen, StandardCharsets.ISO_8859_1);
    }
}
