package dev.tether.http2.internal.hpack;

import dev.tether.core.annotations.ThreadSafe;

import java.nio.ByteBuffer;

/**
 * The static Huffman code of RFC 7541 Appendix B and its encoder: code lengths transcribed from the
 * appendix, codes derived from them by the canonical construction the appendix uses ([CANONICAL]).
 *
 * <p>Invariants: {@code LENGTHS} has 257 entries (256 octets plus EOS, symbol 256), every length is
 * in 5..30, and the lengths satisfy Kraft's equality (the code is complete, so every bit sequence is
 * a prefix of some code word); {@code CODES[s]} holds symbol {@code s}'s code word right-aligned in
 * its {@code LENGTHS[s]} low bits. The tables are built once, at class load, and never change.
 *
 * <p>Thread safety: immutable after class initialisation; every method is safe from any thread.
 */
@ThreadSafe
final class Huffman {
    /** Symbol number of EOS, which RFC 7541 §5.2 forbids inside a string. */
    static final int EOS = 256;

    /** Code length in bits of each symbol 0..256, in symbol order (RFC 7541 Appendix B). */
    static final byte[] LENGTHS = {
        // 0..31: control octets
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
        28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        // 32..63: ' ' ! " # $ % & ' ( ) * + , - . / 0 1 2 3 4 5 6 7 8 9 : ; < = > ?
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
        5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
        // 64..95: @ A..Z [ \ ] ^ _
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
        7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
        // 96..127: ` a..z { | } ~ DEL
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
        6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
        // 128..255
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
        24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
        21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
        19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
        26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
        // 256: EOS
        30,
    };

    /** Code word of each symbol, right-aligned; derived from {@link #LENGTHS}. */
    static final int[] CODES = canonicalCodes(LENGTHS);

    private Huffman() {
    }

    /**
     * Assigns canonical code words: shorter codes first, and within one length, increasing symbol
     * values get consecutive code words. This reproduces every row of RFC 7541 Appendix B.
     */
    private static int[] canonicalCodes(byte[] lengths) {
        int[] codes = new int[lengths.length];
        int code = 0;
        int previousLength = 0;
        for (int length = 1; length <= 30; length++) {
            for (int symbol = 0; symbol < lengths.length; symbol++) {
                if (lengths[symbol] != length) {
                    continue;
                }
                code <<= length - previousLength;
                previousLength = length;
                codes[symbol] = code++;
            }
        }
        return codes;
    }

    /**
     * Returns how many octets {@link #encode} writes for {@code s}: the sum of the code lengths of
     * its chars, rounded up to whole octets. Every char must be at most 0xFF (callers check).
     *
     * @param s the string, chars 0..0xFF only
     * @return the Huffman-encoded length in octets
     */
    static long encodedLength(CharSequence s) {
        long bits = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            bits += LENGTHS[s.charAt(i)];
        }
        return (bits + 7) >>> 3;
    }

    /**
     * Writes the Huffman encoding of {@code s} to {@code out}, padding the last octet with the most
     * significant bits of EOS (all ones), as RFC 7541 §5.2 requires. Every char must be at most 0xFF.
     *
     * @param s the string, chars 0..0xFF only
     * @param out where the octets go; needs {@link #encodedLength(CharSequence)} octets of room
     * @throws java.nio.BufferOverflowException if {@code out} lacks room (some octets may be written)
     */
    static void encode(CharSequence s, ByteBuffer out) {
        long pending = 0;  // the low `bits` bits are code bits not yet written
        int bits = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            int length = LENGTHS[c];
            pending = (pending << length) | CODES[c];
            bits += length;
            while (bits >= 8) {
                bits -= 8;
                out.put((byte) (pending >>> bits));
            }
        }
        if (bits > 0) {
            // RFC 7541 §5.2: pad with the most significant bits of EOS, i.e. ones.
            out.put((byte) ((pending << (8 - bits)) | (0xFF >>> bits)));
        }
    }
}
