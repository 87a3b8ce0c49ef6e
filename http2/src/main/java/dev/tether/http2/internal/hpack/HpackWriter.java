package dev.tether.http2.internal.hpack;

import dev.tether.core.annotations.ThreadSafe;

import java.nio.ByteBuffer;

/**
 * Writes HPACK's two primitives: prefixed integers (RFC 7541 §5.1) and string literals (§5.2).
 *
 * <p>Invariants: integers are written in their shortest form, so a value below 2^31 takes at most
 * {@link #MAX_INT_LENGTH} octets; a Huffman-coded string is never longer than its raw octets, so a
 * string literal never takes more than its length prefix plus its raw length. Stateless.
 *
 * <p>Thread safety: stateless; every method is safe from any thread.
 */
@ThreadSafe
final class HpackWriter {
    /** The most octets an integer below 2^31 takes with any prefix: the prefix octet plus 5. */
    static final int MAX_INT_LENGTH = 1 + HpackReader.MAX_CONTINUATION_OCTETS;

    private HpackWriter() {
    }

    /**
     * Writes {@code value} with a {@code prefixBits}-bit prefix; the bits of {@code flags} above the
     * prefix go into the first octet.
     *
     * @param out where the octets go
     * @param flags the representation's pattern bits, for example {@code 0x40}
     * @param prefixBits 1..8
     * @param value at least 0
     * @throws java.nio.BufferOverflowException if {@code out} lacks room (some octets may be written)
     */
    static void writeInt(ByteBuffer out, int flags, int prefixBits, int value) {
        int mask = (1 << prefixBits) - 1;
        if (value < mask) {
            out.put((byte) (flags | value));
            return;
        }
        out.put((byte) (flags | mask));
        int rest = value - mask;
        while (rest >= 0x80) {
            out.put((byte) (0x80 | (rest & 0x7F)));
            rest >>>= 7;
        }
        out.put((byte) rest);
    }

    /**
     * Returns how many octets {@link #writeInt} writes for {@code value}.
     *
     * @param prefixBits 1..8
     * @param value at least 0
     * @return 1..{@link #MAX_INT_LENGTH}
     */
    static int intLength(int prefixBits, int value) {
        int mask = (1 << prefixBits) - 1;
        if (value < mask) {
            return 1;
        }
        int length = 2;
        for (int rest = value - mask; rest >= 0x80; rest >>>= 7) {
            length++;
        }
        return length;
    }

    /**
     * Writes a string literal, Huffman-coded or raw as {@code coding} says. Every char must be at
     * most 0xFF (the encoder checks before calling).
     *
     * @param out where the octets go
     * @param s the string
     * @param coding when Huffman coding is used
     * @throws java.nio.BufferOverflowException if {@code out} lacks room (some octets may be written)
     */
    static void writeString(ByteBuffer out, CharSequence s, HpackEncoder.StringCoding coding) {
        int rawLength = s.length();
        if (coding != HpackEncoder.StringCoding.RAW) {
            long huffmanLength = Huffman.encodedLength(s);
            if (huffmanLength < rawLength
                    || (huffmanLength == rawLength && coding == HpackEncoder.StringCoding.HUFFMAN_UNLESS_LONGER)) {
                writeInt(out, 0x80, 7, (int) huffmanLength);
                Huffman.encode(s, out);
                return;
            }
        }
        writeInt(out, 0x00, 7, rawLength);
        if (out.hasArray() && out.remaining() >= rawLength) {
            byte[] array = out.array();
            int at = out.arrayOffset() + out.position();
            for (int i = 0; i < rawLength; i++) {
                array[at + i] = (byte) s.charAt(i);
            }
            out.position(out.position() + rawLength);
        } else {
            for (int i = 0; i < rawLength; i++) {
                out.put((byte) s.charAt(i));
            }
        }
    }
}
