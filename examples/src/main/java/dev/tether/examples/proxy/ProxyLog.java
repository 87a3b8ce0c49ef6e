package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadSafe;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The proxy's operational log lines, on {@link System.Logger} {@value #NAME}. INFO carries only state
 * changes: listening, the configuration, stopping, and a target coming back up; a target going down
 * is a WARNING (one line per transition), and so is a start with backend verification off. Each backend failure is a DEBUG line, and a WARNING at most
 * once per target per {@link #FAILURE_INTERVAL_NANOS}, with the count of failures not logged in
 * between. Nothing is logged per request at INFO.
 *
 * <p>Invariants: nothing is formatted unless the level is enabled; the failure rate limit is per
 * target name; numbers are written without grouping, whatever the locale.
 *
 * <p>Thread safety: thread-safe; called from every loop.
 */
@ThreadSafe
public final class ProxyLog {
    /** The logger's name. */
    public static final String NAME = "dev.tether.examples.proxy";
    static final long FAILURE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final System.Logger LOG = System.getLogger(NAME);
    private static final RateLimiter FAILURES = new RateLimiter(FAILURE_INTERVAL_NANOS);

    private ProxyLog() {
    }

    /**
     * The proxy listens: one line for the address, one for the configuration, and a WARNING when
     * backend certificates are not verified ({@code --insecure-skip-verify}).
     *
     * @param config the configuration
     * @param port the bound port
     */
    static void listening(ProxyConfig config, int port) {
        if (config.tls().insecureSkipVerify() && LOG.isLoggable(Level.WARNING)) {
            LOG.log(Level.WARNING, "--insecure-skip-verify: backend certificates and host names are NOT verified;"
                    + " anyone on the path can read and change the traffic (for testing only)");
        }
        if (!LOG.isLoggable(Level.INFO)) {
            return;
        }
        LOG.log(Level.INFO, "listening on " + config.listen().getHostString() + ":" + port
                + (config.tls().tlsFront() ? " (TLS)" : ""));
        LOG.log(Level.INFO, "configuration: policy " + config.policy().name().toLowerCase(Locale.ROOT)
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
    static void stopping(long inFlight) {
        if (LOG.isLoggable(Level.INFO)) {
            LOG.log(Level.INFO, "stopping: {0,number,#} request(s) in flight finish first", inFlight);
        }
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
            LOG.log(Level.WARNING, "target {0} DOWN after {1,number,#} consecutive failures (last: {2}); probe in {3,number,#} ms",
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
            LOG.log(Level.INFO, "target {0} UP after {1,number,#} ms down ({2} succeeded)", target, downMillis, how);
        }
    }

    /**
     * A request's backend failed: a DEBUG line each time, and a WARNING when none was written for this
     * target within the interval.
     *
     * @param target the target's name
     * @param reason the failure ({@code x-tether-error})
     * @param nowNanos the time
     */
    static void backendFailure(String target, String reason, long nowNanos) {
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "backend {0} failure: {1}", target, reason);
        }
        long failures = FAILURES.tryAcquire(target, nowNanos);
        if (failures > 0 && LOG.isLoggable(Level.WARNING)) {
            LOG.log(Level.WARNING, "backend {0} failed: {1} ({2,number,#} more failures since the last line)", target, reason,
                    failures - 1);
        }
    }

    /**
     * A connection to an {@code https} backend failed before its handshake was done: a DEBUG line with
     * the name it was for and the JDK's account of why. The request it carried reports the failure by
     * its reason ({@link #backendFailure}), which is where the WARNING comes from.
     *
     * @param target the target's name
     * @param sni the server name sent, or {@code null}
     * @param why the failure's detail
     */
    static void handshakeFailed(String target, String sni, String why) {
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "backend {0} ({1}) TLS: {2}", target, sni == null ? "no SNI" : "SNI " + sni, why);
        }
    }

    private static String spec(Backend b) {
        return b.protocol().name().toLowerCase(Locale.ROOT) + "://" + b.address().getHostString() + ":"
                + b.address().getPort() + (b.tls() == null ? "" : "?" + b.tls());
    }
}
