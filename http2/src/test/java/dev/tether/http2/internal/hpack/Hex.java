package dev.tether.http2.internal.hpack;

import java.nio.ByteBuffer;

/** Hex helpers for tests: RFC-style dumps with spaces in, lower-case hex out. */
final class Hex {
    private Hex() {
    }

    /** Parses hex digits, ignoring white space. */
    static byte[] decode(String hex) {
        String digits = hex.replaceAll("\\s+", "");
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + hex);
        }
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** Formats bytes as lower-case hex without separators. */
    static String encode(byte[] bytes, int off, int len) {
        StringBuilder sb = new StringBuilder(len * 2);
        for (int i = off; i < off + len; i++) {
            sb.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16)).append(Character.forDigit(bytes[i] & 0xF, 16));
        }
        return sb.toString();
    }

    /** Normalises an RFC-style dump: no white space, lower case. */
    static String normalize(String hex) {
        byte[] bytes = decode(hex);
        return encode(bytes, 0, bytes.length);
    }

    /** Formats the bytes between a flipped buffer's position and limit. */
    static String encode(ByteBuffer flipped) {
        ByteBuffer b = flipped.duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return encode(bytes, 0, bytes.length);
    }
}
