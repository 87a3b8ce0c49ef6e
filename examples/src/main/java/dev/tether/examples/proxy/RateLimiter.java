package dev.tether.examples.proxy;

import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.ThreadSafe;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Lets through at most one event per key per interval and counts the rest, so that a log line can
 * say how many events it stands for. Keys are few (one per target); events are rare (failures),
 * so this is not on a hot path.
 *
 * <p>Invariants: per key, permitted events are at least {@code intervalNanos} apart; every event
 * is counted in exactly one permitted event's total (the next permitted one).
 *
 * <p>Thread safety: safe from any thread; each key's window is guarded by its own monitor.
 */
@ThreadSafe
final class RateLimiter {
    private final long intervalNanos;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    /**
     * One key's state.
     *
     * <p>Thread safety: guarded by its own monitor.
     */
    @ThreadSafe
    private static final class Window {
        @GuardedBy("this")
        private boolean started;
        @GuardedBy("this")
        private long nextPermittedNanos;
        /** Events since the last permitted one, this one excluded. */
        @GuardedBy("this")
        private long held;
    }

    /**
     * @param intervalNanos the least time between two permitted events of one key, &gt; 0
     */
    RateLimiter(long intervalNanos) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("intervalNanos <= 0: " + intervalNanos);
        }
        this.intervalNanos = intervalNanos;
    }

    /**
     * Counts one event of {@code key} at {@code nowNanos}.
     *
     * @param key the key, e.g. a target's name
     * @param nowNanos the time of the event ({@link System#nanoTime()} scale)
     * @return 0 if the event is held back; else the number of events it stands for: itself and every
     *     event held back since the key's previous permitted event
     */
    long tryAcquire(String key, long nowNanos) {
        Window w = windows.computeIfAbsent(key, k -> new Window());
        synchronized (w) {
            if (w.started && nowNanos - w.nextPermittedNanos < 0) {
                w.held++;
                return 0;
            }
            w.started = true;
            w.nextPermittedNanos = nowNanos + intervalNanos;
            long total = w.held + 1;
            w.held = 0;
            return total;
        }
    }
}
