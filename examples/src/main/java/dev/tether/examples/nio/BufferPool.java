package dev.tether.examples.nio;

import dev.tether.core.annotations.ThreadConfined;

import java.nio.ByteBuffer;

/**
 * The I/O buffers of one {@link EventLoop}: equal-sized heap buffers lent to a socket (or a layer on
 * it, such as TLS) only while bytes are in flight, so that a connection that waits holds none. As
 * HAProxy allocates a stream's buffers when data arrives and releases them once empty, and as Netty
 * and Jetty read into pooled buffers.
 *
 * <p>Ownership: a buffer {@link #acquire() acquired} belongs to the borrower until it
 * {@link #release releases} it, exactly once; after that the borrower must not touch it (another
 * socket of the loop may be writing into it). Buffers are never shared between loops.
 *
 * <p>Invariants: {@link #outstanding()} is the number of buffers acquired and not released;
 * at most {@code maxPooled} free buffers are kept, the rest are left to the garbage collector; a
 * buffer handed out is cleared (position 0, limit = capacity). With assertions on (tests),
 * {@link BufferChecks} enforces the ownership rule: a second release, or a write or move after release,
 * fails.
 *
 * <p>Thread safety: confined to its loop's thread (the counters may be read, racily, from any thread).
 */
@ThreadConfined("event loop")
public final class BufferPool {
    /** The size of every buffer of the pools an {@link EventLoop} makes. */
    public static final int DEFAULT_BUFFER_SIZE = 32 * 1024;
    /** How many free buffers an {@link EventLoop}'s pool keeps at most (2 MiB at the default size). */
    public static final int DEFAULT_MAX_POOLED = 64;

    private final int bufferSize;
    /** A buffer with no room, for producers writing to a closed socket; never lent, never released. */
    private final ByteBuffer empty = ByteBuffer.allocate(0);
    private final ByteBuffer[] free;
    private int freeCount;
    private int outstanding;
    private long created;
    /** With assertions on (tests), catches a buffer released twice or written after release. */
    private final BufferChecks checks;

    /**
     * Creates an empty pool.
     *
     * @param bufferSize the capacity of every buffer, ≥ 1
     * @param maxPooled how many free buffers to keep at most, ≥ 0
     * @throws IllegalArgumentException if a bound is out of range
     */
    public BufferPool(int bufferSize, int maxPooled) {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("bufferSize < 1: " + bufferSize);
        }
        if (maxPooled < 0) {
            throw new IllegalArgumentException("maxPooled < 0: " + maxPooled);
        }
        this.bufferSize = bufferSize;
        this.free = new ByteBuffer[maxPooled];
        this.checks = BufferChecks.ifAssertionsOn(bufferSize);
    }

    /** The capacity of every buffer of this pool. */
    public int bufferSize() {
        return bufferSize;
    }

    /**
     * Lends a cleared buffer: a free one, or a new one when none is free. Loop thread only.
     *
     * @return the buffer, owned by the caller until {@link #release}
     */
    public ByteBuffer acquire() {
        outstanding++;
        ByteBuffer b;
        boolean fresh = freeCount == 0;
        if (fresh) {
            created++;
            b = ByteBuffer.allocate(bufferSize);
        } else {
            b = free[--freeCount];
            free[freeCount] = null;
        }
        assert checks == null || checks.lent(b, fresh);
        return b;
    }

    /**
     * Takes back a buffer {@link #acquire() lent} by this pool. Loop thread only.
     *
     * @param b the buffer; the caller must not use it any more
     * @throws IllegalArgumentException if {@code b} is not of this pool's size
     */
    public void release(ByteBuffer b) {
        if (b.capacity() != bufferSize || b.isDirect() || b.isReadOnly()) {
            throw new IllegalArgumentException("not a buffer of this pool: " + b);
        }
        assert checks == null || checks.returned(b);
        outstanding--;
        b.clear();
        if (freeCount < free.length) {
            free[freeCount++] = b;
        }
    }

    /** A buffer of capacity 0, owned by the pool: what a closed socket offers its producers. */
    ByteBuffer empty() {
        return empty;
    }

    /** Buffers lent and not yet released: bytes in flight on the loop's connections. */
    public int outstanding() {
        return outstanding;
    }

    /** Free buffers kept for the next {@link #acquire()}. */
    public int pooled() {
        return freeCount;
    }

    /** Buffers allocated since the pool was made (those it could not lend from its free list). */
    public long created() {
        return created;
    }

    @Override
    public String toString() {
        return "BufferPool{size=" + bufferSize + ",outstanding=" + outstanding + ",pooled=" + freeCount + "}";
    }
}
