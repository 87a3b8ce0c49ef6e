package dev.tether.examples.origin;

import dev.tether.core.annotations.NotThreadSafe;

import java.nio.ByteBuffer;

/**
 * A response body being sent: the {@link OriginServer#PATTERN} cut to length, or the reply's own
 * bytes (for {@code /echo} the request body received, for a chaos request its {@link ChecksummedBody}),
 * and the fault that cuts it ({@link Fault#RESET_MID_BODY}) or slows it ({@link Fault#SLOW_DRIP}).
 *
 * <p>Invariants: {@code left} is the bytes still to send, ≥ 0; an explicit body is sent in order;
 * {@code resetAt} is −1 or at most the length; {@link #next} never goes past {@code resetAt}.
 *
 * <p>Thread safety: confined to its connection's loop.
 */
@NotThreadSafe
final class OutgoingBody {
    private final ByteBuffer echo;
    private long left;
    private long sent;
    /** {@link Fault#RESET_MID_BODY}: the body is cut once this many bytes were sent, or −1. */
    final long resetAt;
    /** {@link Fault#SLOW_DRIP}: bytes still to send one at a time. */
    int drip;

    OutgoingBody(OriginReply reply, boolean head) {
        this.echo = reply.echo == null ? null : reply.echo.duplicate();
        this.left = head ? 0 : reply.bodyLength;
        this.resetAt = reply.fault == Fault.RESET_MID_BODY ? left / 2 : -1;
        this.drip = reply.fault == Fault.SLOW_DRIP ? (int) Math.min(64, left) : 0;
    }

    /** True when the body must be cut now ({@link Fault#RESET_MID_BODY}). */
    boolean resetDue() {
        return resetAt >= 0 && sent >= resetAt;
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
        long n = Math.min(Math.min(src.remaining(), left), max);
        if (resetAt >= 0) {
            n = Math.min(n, resetAt - sent);
        }
        src.limit(src.position() + (int) n);
        return src;
    }

    /** {@code n} bytes of the last {@link #next} were sent. */
    void sent(int n) {
        left -= n;
        sent += n;
        if (echo != null) {
            echo.position(echo.position() + n);
        }
    }
}
