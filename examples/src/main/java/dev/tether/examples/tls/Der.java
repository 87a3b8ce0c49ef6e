package dev.tether.examples.tls;

import dev.tether.core.annotations.ThreadSafe;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The few DER encodings (ITU-T X.690) a self-signed X.509 certificate needs: every value is built
 * as a complete tag-length-value byte array, and constructed values concatenate their parts.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class Der {
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;

    private Der() {
    }

    /** A tag-length-value with the definite length form. */
    static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** A constructed value of the parts, in order. */
    static byte[] constructed(int tag, byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return tlv(tag, out.toByteArray());
    }

    static byte[] sequence(byte[]... parts) {
        return constructed(SEQUENCE, parts);
    }

    static byte[] set(byte[]... parts) {
        return constructed(SET, parts);
    }

    /** An explicit context-specific tag {@code [n]} around one value. */
    static byte[] explicit(int n, byte[] value) {
        return tlv(0xa0 | n, value);
    }

    static byte[] integer(BigInteger v) {
        return tlv(0x02, v.toByteArray()); // two's complement, minimal: what DER wants
    }

    static byte[] bool(boolean v) {
        return tlv(0x01, new byte[] {(byte) (v ? 0xff : 0)});
    }

    static byte[] nullValue() {
        return new byte[] {0x05, 0x00};
    }

    static byte[] octetString(byte[] v) {
        return tlv(0x04, v);
    }

    /** A BIT STRING of whole bytes (no unused bits). */
    static byte[] bitString(byte[] v) {
        byte[] c = new byte[v.length + 1];
        System.arraycopy(v, 0, c, 1, v.length);
        return tlv(0x03, c);
    }

    static byte[] utf8String(String s) {
        return tlv(0x0c, s.getBytes(StandardCharsets.UTF_8));
    }

    /** A UTCTime {@code YYMMDDHHMMSSZ}; valid for years 1950 to 2049 (RFC 5280 §4.1.2.5). */
    static byte[] utcTime(String yymmddhhmmss) {
        return tlv(0x17, (yymmddhhmmss + "Z").getBytes(StandardCharsets.US_ASCII));
    }

    /** An OBJECT IDENTIFIER from its dotted form, {@code 1.2.840.10045.4.3.2}. */
    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        base128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            base128(out, Long.parseLong(arcs[i]));
        }
        return tlv(0x06, out.toByteArray());
    }

    private static void base128(ByteArrayOutputStream out, long v) {
        int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            int b = (int) (v >>> (7 * i)) & 0x7f;
            out.write(i == 0 ? b : b | 0x80);
        }
    }
}
