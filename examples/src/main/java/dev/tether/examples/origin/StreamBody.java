package dev.tether.examples.origin;

import dev.tether.core.annotations.ThreadConfined;

import java.nio.ByteBuffer;

/**
 * The response body of one h2c stream of the origin while it is being queued: its bytes (a
 * {@link ChecksummedBody}, or the repeated "ok" pattern), how much is left, and the fault that cuts or
 * slows it.
 *
 * <p>Invariants: {@code sent + left} is the body's length; {@code resetAt} is −1 or ≤ the length.
 *
 * <p>Thread safety: confined to its connection's loop.
 */
@ThreadConfined("event loop")
final class StreamBody {
    private final byte[] bytes;
    long left;
    long sent;
    /** {@link Fault#RESET_MID_BODY}: the stream is reset once this many bytes were queued, or −1. */
    final long resetAt;
    /** {@link Fault#SLOW_DRIP}: bytes still to send one at a time. */
    int drip;

    StreamBody(OriginReply r, long length) {
        this.bytes = r.body;
        this.left = length;
        this.resetAt = r.fault == Fault.RESET_MID_BODY ? length / 2 : -1;
        this.drip = r.fault == Fault.SLOW_DRIP ? (int) Math.min(64, length) : 0;
    }

    /** The next bytes to queue, at most {@code max} (and never past {@code resetAt}). */
    ByteBuffer next(long max) {
        long n = Math.min(max, resetAt >= 0 ? resetAt - sent : left);
        n = Math.min(n, left);
        if (bytes != null) {
            return ByteBuffer.wrap(bytes, (int) sent, (int) n);
        }
        ByteBuffer src = OriginServer.PATTERN.duplicate();
        src.limit((int) Math.min(src.capacity(), n));
        return src;
    }

    /** Records that {@code n} bytes were queued. */
    void queued(int n) {
        sent += n;
        left -= n;
    }

    /** True when the stream must be reset now. */
    boolean resetDue() {
        return resetAt >= 0 && sent >= resetAt;
    }
}
