package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadConfined;

import java.nio.ByteBuffer;

/**
 * The request body bytes of one exchange between client and backend. Bodies up to
 * {@link #CAPACITY} bytes are kept whole, so that the request can be replayed; a longer body is
 * streamed through the same bounded buffer and makes the request not replayable.
 *
 * <p>Invariants: {@code 0 ≤ sent ≤ len ≤ CAPACITY}; {@code replayable} goes true to false once, when
 * sent bytes are dropped to make room; the buffer is allocated only when a body arrives.
 *
 * <p>Thread safety: confined to the exchange's loop.
 */
@ThreadConfined("session loop")
final class RequestBody {
    /** Bytes held at most; also the h2c frontend's stream window. */
    static final int CAPACITY = 64 * 1024;
    /**
     * Body bytes held before the request is forwarded. A body that ends within them reaches the
     * backend only once the frontend's codec accepted all of it, so a malformed body (a bad chunk, a
     * length that disagrees) never reaches a backend with its head. Half the buffer: the HTTP/1
     * frontend pauses reading only when the room left is below what its socket buffer holds.
     */
    static final int HOLD_BYTES = CAPACITY / 2;

    private byte[] buf;
    private int len;
    private int sent;
    private boolean ended;
    private boolean replayable = true;

    /** Empty again, for the exchange's next request: the buffer is let go (an idle connection holds none). */
    void reset() {
        buf = null;
        len = 0;
        sent = 0;
        ended = false;
        replayable = true;
    }

    /** Takes what fits of {@code src}. */
    void offer(ByteBuffer src) {
        if (!src.hasRemaining()) {
            return;
        }
        if (buf == null) {
            buf = new byte[CAPACITY];
        }
        if (src.remaining() > CAPACITY - len && sent > 0) {
            System.arraycopy(buf, sent, buf, 0, len - sent);
            len -= sent;
            sent = 0;
            replayable = false;
        }
        int n = Math.min(src.remaining(), CAPACITY - len);
        src.get(buf, len, n);
        len += n;
    }

    /** Room for more bytes, counting what dropping sent bytes would free. */
    int space() {
        return CAPACITY - (len - sent);
    }

    /** The client ended the body. */
    void end() {
        ended = true;
    }

    /** True when the whole body (so far) is still here to be sent again. */
    boolean replayable() {
        return replayable;
    }

    /** Starts sending from the first byte again (a replay). */
    void rewind() {
        if (replayable) {
            sent = 0;
        }
    }

    /** The bytes not yet sent, as a view; advance it, then call {@link #markSent}. */
    ByteBuffer unsent() {
        return buf == null ? ByteBuffer.allocate(0) : ByteBuffer.wrap(buf, sent, len - sent);
    }

    /** Bytes received and not yet sent. */
    int unsentBytes() {
        return len - sent;
    }

    /** Records that {@code n} more bytes were sent. */
    void markSent(int n) {
        sent += n;
    }

    /** True when the client ended the body and every byte was sent. */
    boolean allSent() {
        return ended && sent == len;
    }

    /** True once the client ended the body. */
    boolean ended() {
        return ended;
    }

    /** True when a request held for its body should go now: the body ended or reached {@link #HOLD_BYTES}. */
    boolean holdOver() {
        return ended || len - sent >= HOLD_BYTES;
    }
}
