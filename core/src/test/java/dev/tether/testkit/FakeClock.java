package dev.tether.testkit;

import dev.tether.core.NanoClock;

import java.util.concurrent.TimeUnit;

/** A clock that moves only when a test says so. Thread safety: volatile time; advance from one thread. */
public final class FakeClock implements NanoClock {
    private volatile long now = 1_000_000_000L;

    @Override
    public long nanoTime() {
        return now;
    }

    /** Advances the clock and returns the new time. */
    public long advance(long amount, TimeUnit unit) {
        now += unit.toNanos(amount);
        return now;
    }

    /** Advances by {@code nanos} and returns the new time. */
    public long advanceNanos(long nanos) {
        now += nanos;
        return now;
    }
}
