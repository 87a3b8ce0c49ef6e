package dev.tether.examples.proxy;

import dev.tether.core.NanoClock;
import dev.tether.core.annotations.ThreadSafe;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the proxy tells its operator, through {@code System.Logger} {@value #NAME}: at INFO only
 * state changes (listening, the configuration, shutdown, a target going down or coming back up);
 * each backend failure at DEBUG; and at most one WARNING per target per interval saying how many
 * backend failures it stands for. Nothing is logged per request at INFO.
 *
 * <p>Passive health checks report through {@link #targetDown} and {@link #targetUp}; every backend
 * failure (a connect that failed or timed out, a connection lost mid-exchange, a response timeout)
 * goes through {@link #backendFailure}.
 *
 * <p>Invariants: per target, two WARNING lines are at least the interval apart.
 *
 * <p>Thread safety: safe from any thread.
 */
@ThreadSafe
public final class ProxyLog {
    /** The logger's name. */
    public static final String NAME = "dev.tether.examples.proxy";
    /** The least time between two warnings about one target's failures, by default. */
    public static final Duration DEFAULT_WARNING_INTERVAL = Duration.ofSeconds(10);

    private final System.Logger log;
    private final NanoClock clock;
    private final Duration warningInterval;
    private final RateLimiter warnings;

    /**
     * A log with the default interval on the system clock.
     */
    public ProxyLog() {
        this(System.getLogger(NAME), NanoClock.SYSTEM, DEFAULT_WARNING_INTERVAL);
    }

    /**
     * A log on a given logger and clock, for tests.
     *
     * @param log where lines go
     * @param clock the time of each failure
     * @param warningInterval the least time between two warnings about one target
     */
    public ProxyLog(System.Logger log, NanoClock clock, Duration warningInterval) {
        this.log = log;
        this.clock = clock;
        this.warningInterval = warningInterval;
        this.warnings = new RateLimiter(warningInterval.toNanos());
    }

    /**
     * The proxy listens: one line for the address, one for the configuration.
     *
     * @param config the configuration
     * @param port the bound port
     */
    public void listening(ProxyConfig config, int port) {
        log.log(Level.INFO, "listening on " + config.listen().getHostString() + ":" + port);
        log.log(Level.INFO, "configuration: policy " + config.policy().name().toLowerCase(Locale.ROOT)
                + ", backends " + config.backends().stream().map(ProxyLog::spec).collect(Collectors.joining(" "))
                + ", loops " + config.loops() + ", max-idle-per-target " + config.maxIdlePerTarget() + ", max-reuse "
                + config.maxReuse() + ", purge-delay-ms " + config.purgeDelayMs() + ", max-idle-per-session "
                + config.maxIdlePerSession() + ", low-idle " + config.lowIdle() + ", timeouts (ms) connect "
                + config.connectTimeoutMs() + " response " + config.responseTimeoutMs() + " idle "
                + config.idleTimeoutMs());
    }

    /**
     * The proxy stops listening and lets the requests in flight finish.
     *
     * @param inFlight requests in flight
     */
    public void stopping(long inFlight) {
        log.log(Level.INFO, "stopping: " + inFlight + " request(s) in flight finish first");
    }

    /**
     * A target is considered down (passive health): new requests avoid it.
     *
     * @param target the target's name
     * @param reason why, e.g. {@code "3 consecutive connect failures"}
     */
    public void targetDown(String target, String reason) {
        log.log(Level.INFO, "target " + target + " down: " + reason);
    }

    /**
     * A target that was down takes requests again.
     *
     * @param target the target's name
     */
    public void targetUp(String target) {
        log.log(Level.INFO, "target " + target + " up");
    }

    /**
     * One backend failure: DEBUG always; a WARNING when none was logged for this target within the
     * interval, counting the failures since the previous one.
     *
     * @param target the target's name
     * @param reason the failure, e.g. the {@code x-tether-error} value {@code "connect-failed"}
     */
    public void backendFailure(String target, String reason) {
        if (log.isLoggable(Level.DEBUG)) {
            log.log(Level.DEBUG, "backend failure on target " + target + ": " + reason);
        }
        long failures = warnings.tryAcquire(target, clock.nanoTime());
        if (failures > 0 && log.isLoggable(Level.WARNING)) {
            log.log(Level.WARNING, "target " + target + ": " + failures + " backend failure(s) since the last warning"
                    + " (at most one per " + every() + "), latest: " + reason);
        }
    }

    private String every() {
        long ms = warningInterval.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    private static String spec(Backend b) {
        return b.protocol().name().toLowerCase(Locale.ROOT) + "://" + b.address().getHostString() + ":"
                + b.address().getPort();
    }
}
