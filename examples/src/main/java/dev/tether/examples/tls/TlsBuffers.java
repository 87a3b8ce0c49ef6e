package dev.tether.examples.tls;

import dev.tether.core.annotations.ThreadConfined;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * A small pool of equal heap buffers, each large enough for one TLS record, that {@link TlsEngine}s
 * borrow only while bytes are in flight (an idle TLS connection holds none).
 *
 * <p>Invariants: {@link #borrowed()} is the number of buffers handed out and not yet given back; at
 * most {@code maxPooled} free buffers are kept, the rest are left to the collector; every buffer handed
 * out is cleared.
 *
 * <p>Thread safety: confined to one event loop; each loop has its own pool.
 */
@ThreadConfined("event loop")
public final class TlsBuffers {
    /** Large enough for any TLS record the JDK produces or accepts (16 KiB of data plus overhead). */
    public static final int DEFAULT_BUFFER_SIZE = 17 * 1024;

    private final int bufferSize;
    private final int maxPooled;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private int borrowed;

    /**
     * Creates a pool.
     *
     * @param bufferSize the size of every buffer, at least the largest TLS packet the engines use
     * @param maxPooled how many free buffers to keep
     */
    public TlsBuffers(int bufferSize, int maxPooled) {
        if (bufferSize < 1024 || maxPooled < 0) {
            throw new IllegalArgumentException("bufferSize < 1024 or maxPooled < 0: " + bufferSize + ", " + maxPooled);
        }
        this.bufferSize = bufferSize;
        this.maxPooled = maxPooled;
    }

    /** A pool of {@link #DEFAULT_BUFFER_SIZE} buffers keeping up to 64 free ones. */
    public TlsBuffers() {
        this(DEFAULT_BUFFER_SIZE, 64);
    }

    /** The size of each buffer. */
    public int bufferSize() {
        return bufferSize;
    }

    /** A cleared buffer, pooled or new. */
    ByteBuffer acquire() {
        ByteBuffer b = free.pollFirst();
        borrowed++;
        return b != null ? b.clear() : ByteBuffer.allocate(bufferSize);
    }

    /** Gives {@code b} back; it must not be used afterwards. */
    void release(ByteBuffer b) {
        borrowed--;
        if (free.size() < maxPooled) {
            free.addFirst(b);
        }
    }

    /**
     * Copies as many bytes as fit from {@code src} (read mode) into {@code dst} (write mode).
     *
     * @return the number of bytes copied
     */
    static int move(ByteBuffer src, ByteBuffer dst) {
        int n = Math.min(src.remaining(), dst.remaining());
        int limit = src.limit();
        src.limit(src.position() + n);
        dst.put(src);
        src.limit(limit);
        return n;
    }

    /** Buffers handed out and not given back. */
    public int borrowed() {
        return borrowed;
    }

    @Override
    public String toString() {
        return "TlsBuffers{size=" + bufferSize + ",borrowed=" + borrowed + ",free=" + free.size() + "}";
    }
}
