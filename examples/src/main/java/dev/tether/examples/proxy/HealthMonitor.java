package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.nio.EventLoop;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Passive and active health of the proxy's targets (docs/behaviour.md D10). Requests report what
 * happened to them; a target that fails {@link HealthConfig#fall()} times in a row goes down (one log
 * line), is probed after its back-off (a connect, for {@code https} with its TLS handshake
 * ({@link ProbeDialer}), or a request when it connected but did not answer),
 * and comes back up when a probe passes (one log line). With a
 * check path, every target that is up is also checked every {@link HealthConfig#checkIntervalMs()},
 * and a failed check counts as a failure.
 *
 * <p>Invariants: probes and checks run on one loop, one at a time per target; state changes belong
 * to each target's {@link TargetHealth}, this class only schedules and logs them.
 *
 * <p>Thread safety: {@link #succeeded} and {@link #failed} from any loop; the rest on its loop.
 */
@ThreadSafe
final class HealthMonitor {
    private final HealthConfig config;
    private final EventLoop loop;
    private final ProbeDialer dialer;
    /** How long a probe or check request may wait for its response head: the proxy's response timeout. */
    private final long requestTimeoutNanos;
    private volatile boolean stopped;

    HealthMonitor(HealthConfig config, EventLoop loop, ProxyTls tls, long connectTimeoutMs, long responseTimeoutMs) {
        this.config = config;
        this.loop = loop;
        this.dialer = new ProbeDialer(tls, TimeUnit.MILLISECONDS.toNanos(connectTimeoutMs));
        this.requestTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(Math.min(responseTimeoutMs, 10_000));
    }

    /** The configuration. */
    HealthConfig config() {
        return config;
    }

    /** Starts the active checks, if a check path is configured. */
    void start(List<ProxyContext.Upstream> upstreams) {
        if (config.checkPath() == null) {
            return;
        }
        for (ProxyContext.Upstream u : upstreams) {
            loop.execute(() -> loop.schedule(intervalNanos(), () -> check(u)));
        }
    }

    /** Stops scheduling probes and checks. */
    void stop() {
        stopped = true;
    }

    /** A request to {@code u} got a response head. */
    void succeeded(ProxyContext.Upstream u) {
        u.health().succeeded();
    }

    /**
     * A request to {@code u} failed in a way that counts against it.
     *
     * @param u the upstream
     * @param reason the failure ({@code x-tether-error})
     * @param beforeConnect the failure came before the transport connected
     */
    void failed(ProxyContext.Upstream u, String reason, boolean beforeConnect) {
        long now = System.nanoTime();
        ProxyLog.backendFailure(u.backend().name(), reason, now);
        long backoff = u.health().failed(reason, beforeConnect, now);
        if (backoff >= 0) {
            ProxyLog.targetDown(u.backend().name(), u.health().consecutiveFailures(), reason,
                    TimeUnit.NANOSECONDS.toMillis(backoff));
            later(backoff, () -> probe(u));
        }
    }

    /**
     * One probe after the back-off: the configured check if there is one; else a probe connect when
     * connects were failing, or a liveness request when the target connected but did not answer.
     */
    private void probe(ProxyContext.Upstream u) {
        if (stopped || !u.health().probeStarting()) {
            return;
        }
        String method = config.checkPath() != null ? HealthProbe.CHECK : HealthProbe.LIVENESS;
        String path = config.checkPath() != null ? config.checkPath() : u.health().downBeforeConnect() ? null : "/";
        long timeout = dialer.connectNanos(u.backend()) + (path == null ? 0 : requestTimeoutNanos);
        HealthProbe.start(loop, dialer, u.backend(), method, path, timeout, failure -> {
            if (failure == null) {
                long down = u.health().probePassed(System.nanoTime());
                if (down >= 0) {
                    ProxyLog.targetUp(u.backend().name(), TimeUnit.NANOSECONDS.toMillis(down),
                            path == null ? "probe connect" : "probe " + method + " " + path);
                }
            } else {
                later(u.health().probeFailed(), () -> probe(u));
            }
        });
    }

    private void check(ProxyContext.Upstream u) {
        if (stopped) {
            return;
        }
        if (!u.health().available()) {
            loop.schedule(intervalNanos(), () -> check(u)); // a target that is down is probed instead
            return;
        }
        HealthProbe.start(loop, dialer, u.backend(), HealthProbe.CHECK, config.checkPath(),
                dialer.connectNanos(u.backend()) + requestTimeoutNanos, failure -> {
            if (failure == null) {
                succeeded(u);
            } else {
                failed(u, failure, false);
            }
            if (!stopped) {
                loop.schedule(intervalNanos(), () -> check(u));
            }
        });
    }

    private void later(long delayNanos, Runnable task) {
        if (loop.inLoop()) {
            loop.schedule(delayNanos, task);
        } else {
            loop.execute(() -> loop.schedule(delayNanos, task));
        }
    }

    private long intervalNanos() {
        return TimeUnit.MILLISECONDS.toNanos(config.checkIntervalMs());
    }

}
