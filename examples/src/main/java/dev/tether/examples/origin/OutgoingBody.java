package dev.tether.examples.origin;

import dev.tether.core.annotations.NotThreadSafe;

import java.nio.ByteBuffer;

/**
 * A response body being sent: the {@link OriginServer#PATTERN} cut to length, or for {@code /echo}
 * the request body received.
 *
 * <p>Invariants: {@code left} is the bytes still to send, ≥ 0; an echoed body is sent in order.
 *
 * <p>Thread safety: confined to its connection's loop.
 */
@NotThreadSafe
final class OutgoingBody {
    private final ByteBuffer echo;
    private long left;

    OutgoingBody(OriginReply reply, boolean head) {
        this.echo = reply.echo == null ? null : reply.echo.duplicate();
        this.left = head ? 0 : reply.bodyLength;
    }

    long left() {
        return left;
    }

    /**
     * The next bytes to send, at most {@code max}; report what was taken with {@link #sent}.
     *
     * @param max the most the caller can take
     * @return a buffer whose remaining bytes are the next ones
     */
    ByteBuffer next(int max) {
        ByteBuffer src = echo != null ? echo.duplicate() : OriginServer.PATTERN.duplicate();
        src.limit(src.position() + (int) Math.min(Math.min(src.remaining(), left), max));
        return src;
    }

    /** {@code n} bytes of the last {@link #next} were sent. */
    void sent(int n) {
        left -= n;
        if (echo != null) {
            echo.position(echo.position() + n);
        }
    }
}
