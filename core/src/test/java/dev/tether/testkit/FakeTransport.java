package dev.tether.testkit;

import dev.tether.core.Transport;

import java.util.concurrent.atomic.AtomicInteger;

/** A transport that records how often it was closed. Thread safety: atomic counter. */
public final class FakeTransport implements Transport {
    private final AtomicInteger closes = new AtomicInteger();

    @Override
    public void close() {
        closes.incrementAndGet();
    }

    /** True once closed. */
    public boolean isClosed() {
        return closes.get() > 0;
    }

    /** How many times {@link #close()} was called (the engine calls it exactly once). */
    public int closeCount() {
        return closes.get();
    }
}
