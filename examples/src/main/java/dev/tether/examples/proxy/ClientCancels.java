package dev.tether.examples.proxy;

import dev.tether.core.FailureClass;
import dev.tether.core.annotations.ThreadSafe;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Exchanges the client abandoned (it disconnected, reset its stream, or the proxy stopped) while
 * their backend stream was open, per target name: by the {@link FailureClass} the engine gave the
 * release, or {@link #DRAINED} when the rest of the response was read so that the connection could be
 * kept (D13: released as completed, no class; the engine then places it as after any exchange). The
 * engine counts a failed release by its class (R71); subtracting these counts from the engine's
 * leaves the failures the backend caused.
 *
 * <p>Invariants: counts only grow; for each target and class, this count is at most the engine's.
 *
 * <p>Thread safety: safe from any thread (a concurrent map of atomic arrays).
 */
@ThreadSafe
public final class ClientCancels {
    private static final FailureClass[] CLASSES = FailureClass.values();
    /** The index, after every class's, of the cancels whose response was drained (D13). */
    public static final int DRAINED = CLASSES.length;
    /** The length of a count array: one per {@link FailureClass}, then {@link #DRAINED}. */
    public static final int SLOTS = DRAINED + 1;
    private final Map<String, AtomicLongArray> byTarget = new ConcurrentHashMap<>();

    /**
     * Counts one abandoned exchange.
     *
     * @param target the name of the target whose stream it held
     * @param failure the class the engine's release returned (nothing is counted if null)
     */
    void record(String target, FailureClass failure) {
        if (failure != null) {
            counts(target).incrementAndGet(failure.ordinal());
        }
    }

    /**
     * Counts one abandoned exchange whose response was read to its end and released as completed.
     *
     * @param target the name of the target whose stream it held
     */
    void recordDrained(String target) {
        counts(target).incrementAndGet(DRAINED);
    }

    private AtomicLongArray counts(String target) {
        return byTarget.computeIfAbsent(target, t -> new AtomicLongArray(SLOTS));
    }

    /**
     * Abandoned exchanges of every target and class.
     *
     * @return the count
     */
    public long total() {
        long n = 0;
        for (AtomicLongArray a : byTarget.values()) {
            for (int i = 0; i < a.length(); i++) {
                n += a.get(i);
            }
        }
        return n;
    }

    /**
     * A copy of the counts, per target name, each array of {@link #SLOTS} indexed by
     * {@link FailureClass#ordinal()}, then {@link #DRAINED}.
     * Take it before the engine's stats: every cancel is counted by the engine before it is counted
     * here, so then no class counts more cancels than the engine's snapshot has failures.
     *
     * @return target name to counts
     */
    public Map<String, long[]> snapshot() {
        Map<String, long[]> copy = new HashMap<>();
        byTarget.forEach((target, a) -> {
            long[] counts = new long[SLOTS];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = a.get(i);
            }
            copy.put(target, counts);
        });
        return copy;
    }
}
