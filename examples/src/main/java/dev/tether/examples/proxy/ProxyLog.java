package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadSafe;

import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's operational log lines, on {@link System.Logger} {@value #NAME}: a target going down or
 * coming back (one line per transition), and backend failures (WARNING, at most one line per target
 * per {@link #FAILURE_INTERVAL_NANOS}, with the count of failures not logged in between).
 *
 * <p>Invariants: nothing is formatted unless the level is enabled; the failure rate limit is per
 * target name.
 *
 * <p>Thread safety: thread-safe; called from every loop.
 */
@ThreadSafe
public final class ProxyLog {
    /** The logger's name. */
    public static final String NAME = "dev.tether.examples.proxy";
    static final long FAILURE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final System.Logger LOG = System.getLogger(NAME);
    /** Per target: when the last failure line was written, and failures since. */
    private static final ConcurrentHashMap<String, long[]> FAILURES = new ConcurrentHashMap<>();

    private ProxyLog() {
    }

    /**
     * A target stopped taking traffic.
     *
     * @param target the target's name
     * @param failures consecutive failures that marked it down
     * @param reason the last failure ({@code x-tether-error})
     * @param backoffMillis time until its probe
     */
    static void targetDown(String target, int failures, String reason, long backoffMillis) {
        if (LOG.isLoggable(Level.WARNING)) {
            LOG.log(Level.WARNING, "target {0} DOWN after {1} consecutive failures (last: {2}); probe in {3} ms",
                    target, failures, reason, backoffMillis);
        }
    }

    /**
     * A target takes traffic again.
     *
     * @param target the target's name
     * @param downMillis how long it was down
     * @param how what brought it back ({@code "probe connect"} or {@code "health check"})
     */
    static void targetUp(String target, long downMillis, String how) {
        if (LOG.isLoggable(Level.INFO)) {
            LOG.log(Level.INFO, "target {0} UP after {1} ms down ({2} succeeded)", target, downMillis, how);
        }
    }

    /**
     * A request's backend failed; rate-limited per target.
     *
     * @param target the target's name
     * @param reason the failure ({@code x-tether-error})
     * @param nowNanos the time
     */
    static void backendFailure(String target, String reason, long nowNanos) {
        if (!LOG.isLoggable(Level.WARNING)) {
            return;
        }
        long[] slot = FAILURES.computeIfAbsent(target, t -> new long[] {nowNanos - FAILURE_INTERVAL_NANOS, 0});
        long suppressed;
        synchronized (slot) {
            if (nowNanos - slot[0] < FAILURE_INTERVAL_NANOS) {
                slot[1]++;
                return;
            }
            suppressed = slot[1];
            slot[0] = nowNanos;
            slot[1] = 0;
        }
        LOG.log(Level.WARNING, "backend {0} failed: {1} ({2} more failures since the last line)", target, reason,
                suppressed);
    }
}
