package dev.tether.examples.origin;

import dev.tether.core.annotations.ThreadSafe;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The body the origin answers to a request that carries an {@code x-request-id}: it names the request
 * it answers and carries a checksum of its own content, so a client sees at once a body meant for
 * another request or one corrupted on the way. Layout: {@code id=<id> n=<n>\n}, then {@code n}
 * payload bytes derived from the id, then {@code crc=<crc32 of all before, 8 hex digits>\n}.
 *
 * <p>Invariants: the same id and size always give the same bytes.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
public final class ChecksummedBody {
    private static final byte[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".getBytes(StandardCharsets.US_ASCII);
    private static final int TRAILER = "crc=00000000\n".length();

    private ChecksummedBody() {
    }

    /**
     * Builds the body answering request {@code id}.
     *
     * @param id the request id (printable ASCII, no space)
     * @param n the payload size
     * @return the body
     */
    public static byte[] build(String id, int n) {
        byte[] prefix = ("id=" + id + " n=" + n + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[prefix.length + n + TRAILER];
        System.arraycopy(prefix, 0, b, 0, prefix.length);
        long x = id.hashCode() * 0x9E3779B97F4A7C15L + n;
        for (int i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            b[prefix.length + i] = ALPHABET[(int) Math.floorMod(x, (long) ALPHABET.length)];
        }
        CRC32 crc = new CRC32();
        crc.update(b, 0, prefix.length + n);
        byte[] trailer = String.format("crc=%08x\n", crc.getValue()).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(trailer, 0, b, prefix.length + n, TRAILER);
        return b;
    }

    /**
     * Checks a received body against the request it should answer.
     *
     * @param body the bytes received
     * @param expectedId the id of the request sent
     * @return {@code null} when the body is intact and answers that request; else what is wrong:
     *     {@code "other-request"} (an intact body for another id), {@code "corrupt"}
     */
    public static String verify(byte[] body, String expectedId) {
        int nl = indexOf(body, (byte) '\n');
        if (nl < 0 || body.length < nl + 1 + TRAILER) {
            return "corrupt";
        }
        String head = new String(body, 0, nl, StandardCharsets.US_ASCII);
        int space = head.indexOf(" n=");
        if (!head.startsWith("id=") || space < 0) {
            return "corrupt";
        }
        String id = head.substring(3, space);
        int n;
        try {
            n = Integer.parseInt(head.substring(space + 3));
        } catch (NumberFormatException e) {
            return "corrupt";
        }
        if (body.length != nl + 1 + n + TRAILER) {
            return "corrupt";
        }
        CRC32 crc = new CRC32();
        crc.update(body, 0, nl + 1 + n);
        String trailer = new String(body, nl + 1 + n, TRAILER, StandardCharsets.US_ASCII);
        if (!trailer.equals(String.format("crc=%08x\n", crc.getValue()))) {
            return "corrupt";
        }
        return id.equals(expectedId) ? null : "other-request";
    }

    private static int indexOf(byte[] b, byte c) {
        for (int i = 0; i < Math.min(b.length, 256); i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
