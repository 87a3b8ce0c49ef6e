package dev.tether.examples.nio;

import dev.tether.core.annotations.ThreadSafe;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of {@link EventLoop}s, one per core by default; loop {@code i} is the reuse engine's
 * loop {@code i}.
 *
 * <p>Invariants: the loops never change; {@link #next()} hands them out round-robin.
 *
 * <p>Thread safety: safe from any thread.
 */
@ThreadSafe
public final class EventLoopGroup implements AutoCloseable {
    private final EventLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * Starts {@code n} loops.
     *
     * @param n how many, ≥ 1
     * @param name the thread name prefix
     */
    public EventLoopGroup(int n, String name) {
        if (n < 1) {
            throw new IllegalArgumentException("loops < 1: " + n);
        }
        loops = new EventLoop[n];
        for (int i = 0; i < n; i++) {
            loops[i] = new EventLoop(i, name + "-" + i);
        }
    }

    /** The number of loops. */
    public int size() {
        return loops.length;
    }

    /**
     * The loop with index {@code i}.
     *
     * @param i the index
     * @return the loop
     */
    public EventLoop loop(int i) {
        return loops[i];
    }

    /** The next loop, round-robin. */
    public EventLoop next() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    /** Stops every loop and closes their channels. */
    @Override
    public void close() {
        for (EventLoop l : loops) {
            l.shutdown();
        }
    }
}
