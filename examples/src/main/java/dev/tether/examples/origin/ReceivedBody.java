package dev.tether.examples.origin;

import dev.tether.core.annotations.NotThreadSafe;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * What the origin received of one request body: its length and CRC-32 (answered as
 * {@code x-request-bytes} and {@code x-request-crc32}, so a test sees that every byte arrived in
 * order), and for {@code /echo} the bytes themselves, sent back as the response body.
 *
 * <p>Invariants: {@code length} counts every byte offered; {@code kept} holds them all when
 * echoing, up to {@link #MAX_ECHO} bytes (more is counted, not kept).
 *
 * <p>Thread safety: confined to its connection's loop.
 */
@NotThreadSafe
final class ReceivedBody {
    /** The largest body {@code /echo} sends back. */
    static final int MAX_ECHO = 16 << 20;

    private final CRC32 crc = new CRC32();
    private final boolean echo;
    private byte[] kept = new byte[0];
    private long length;

    /**
     * @param path the request path: {@code /echo} keeps the bytes
     */
    ReceivedBody(String path) {
        this.echo = isEcho(path);
    }

    static boolean isEcho(String path) {
        return path.equals("/echo") || path.startsWith("/echo?");
    }

    /** Counts (and, echoing, keeps) the remaining bytes of {@code data}; its position does not move. */
    void add(ByteBuffer data) {
        int n = data.remaining();
        if (echo && length + n <= MAX_ECHO) {
            int at = (int) length;
            if (at + n > kept.length) {
                kept = Arrays.copyOf(kept, Math.max(at + n, Math.min(MAX_ECHO, kept.length * 2 + 8192)));
            }
            data.duplicate().get(kept, at, n);
        }
        crc.update(data.duplicate());
        length += n;
    }

    long length() {
        return length;
    }

    long crc32() {
        return crc.getValue();
    }

    /** The bytes to send back, or {@code null} when not echoing (or the body was too large to keep). */
    ByteBuffer echoed() {
        return echo && length <= MAX_ECHO ? ByteBuffer.wrap(kept, 0, (int) length).asReadOnlyBuffer() : null;
    }
}
