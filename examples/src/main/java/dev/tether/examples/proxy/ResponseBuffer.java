package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadConfined;

import java.nio.ByteBuffer;

/**
 * The response body bytes a downstream could not take yet, bounded by {@link #CAPACITY}: the
 * backend reads no more than {@link #space()} (HTTP/1) or is held by its stream window (HTTP/2,
 * whose window is smaller than the capacity).
 *
 * <p>Invariants: {@code pending() ≤ CAPACITY}; the storage grows on demand and is dropped when
 * emptied by {@link #clear()}.
 *
 * <p>Thread safety: confined to the exchange's loop.
 */
@ThreadConfined("session loop")
final class ResponseBuffer {
    /** Bytes held at most. */
    static final int CAPACITY = 96 * 1024;

    /** In write mode. */
    private ByteBuffer buf;

    boolean isEmpty() {
        return buf == null || buf.position() == 0;
    }

    int pending() {
        return buf == null ? 0 : buf.position();
    }

    int space() {
        return CAPACITY - pending();
    }

    /** Copies all of {@code src}. */
    void add(ByteBuffer src) {
        int n = src.remaining();
        if (n == 0) {
            return;
        }
        if (n > space()) {
            throw new IllegalStateException("response buffer overflow: " + n + " > " + space());
        }
        if (buf == null) {
            buf = ByteBuffer.allocate(Math.min(CAPACITY, Math.max(8 * 1024, Integer.highestOneBit(n) << 1)));
        } else if (buf.remaining() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.min(CAPACITY, Math.max(buf.capacity() * 2, buf.position() + n)));
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
        buf.put(src);
    }

    /**
     * Offers the buffered bytes to {@code down}; returns how many it took. The downstream may end the
     * exchange while taking them (a failed write closes the client), which clears this buffer: what
     * it did not take is then dropped.
     */
    int drainTo(Downstream down) {
        if (isEmpty()) {
            return 0;
        }
        ByteBuffer b = buf;
        b.flip();
        int before = b.remaining();
        down.body(b);
        int n = before - b.remaining();
        if (buf == b) {
            b.compact();
        }
        return n;
    }

    void clear() {
        buf = null;
    }
}
