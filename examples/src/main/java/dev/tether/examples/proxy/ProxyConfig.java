package dev.tether.examples.proxy;

import dev.tether.core.ReusePolicy;
import dev.tether.core.annotations.ThreadSafe;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Everything the proxy is started with: where it listens, its backends, the reuse policy and limits
 * for every target, and its timeouts.
 *
 * <p>Invariants: at least one backend; limits follow docs/behaviour.md R2/R3 (−1 = unlimited where
 * allowed); timeouts in milliseconds, &gt; 0.
 *
 * <p>Thread safety: immutable.
 *
 * @param listen where to listen
 * @param backends the backends, round-robin
 * @param policy the reuse policy of every target
 * @param maxIdlePerTarget docs/behaviour.md {@code maxIdlePerTarget}, −1 = unlimited
 * @param maxReuse {@code maxReuse}, −1 = unlimited
 * @param purgeDelayMs {@code purgeDelay} in milliseconds
 * @param maxIdlePerSession {@code maxIdlePerSession}
 * @param lowIdle {@code lowIdle} (HAProxy {@code pool-low-conn}): parked connections kept beyond the need estimate
 * @param loops event loops (and engine loops)
 * @param connectTimeoutMs backend connect timeout
 * @param responseTimeoutMs time from sending a request to its response head
 * @param idleTimeoutMs close a client connection idle this long
 * @param health passive health, back-off and active checks of the targets
 * @param tunnelTimeoutMs close both sides of a tunnel (an accepted upgrade or extended CONNECT) when
 *     no byte went either way for this long
 * @param clientLimits what one client may cost: flood and slow-client defences
 * @param tls trust for {@code https} backends and the TLS front's certificate
 */
@ThreadSafe
public record ProxyConfig(InetSocketAddress listen, List<Backend> backends, ReusePolicy policy, int maxIdlePerTarget,
                          int maxReuse, long purgeDelayMs, int maxIdlePerSession, int lowIdle, int loops, long connectTimeoutMs,
                          long responseTimeoutMs, long idleTimeoutMs, HealthConfig health,
                          long tunnelTimeoutMs, ClientLimits clientLimits,
                          TlsSettings tls) {
    /** Checks the values and copies the list. */
    public ProxyConfig {
        backends = List.copyOf(backends);
        if (backends.isEmpty()) {
            throw new IllegalArgumentException("at least one --backend is required");
        }
        if (loops < 1) {
            throw new IllegalArgumentException("loops < 1: " + loops);
        }
        if (connectTimeoutMs <= 0 || responseTimeoutMs <= 0 || idleTimeoutMs <= 0 || tunnelTimeoutMs <= 0) {
            throw new IllegalArgumentException("timeouts must be > 0: connect=" + connectTimeoutMs + ", response="
                    + responseTimeoutMs + ", idle=" + idleTimeoutMs + ", tunnel=" + tunnelTimeoutMs);
        }
        if (health == null || clientLimits == null || tls == null) {
            throw new IllegalArgumentException("health, client limits and tls must not be null");
        }
    }

    /**
     * A configuration with the defaults: limits of docs/behaviour.md R2, one loop per core, connect 2 s,
     * response 30 s, client idle 60 s, {@link HealthConfig#DEFAULTS}, tunnel idle 1 h,
     * {@link ClientLimits#DEFAULTS}, {@link TlsSettings#DEFAULT}.
     *
     * @param listen where to listen
     * @param backends the backends
     * @param policy the policy
     * @return the configuration
     */
    public static ProxyConfig defaults(InetSocketAddress listen, List<Backend> backends, ReusePolicy policy) {
        return new ProxyConfig(listen, backends, policy, -1, -1, 5_000, 5, 0,
                Math.max(1, Runtime.getRuntime().availableProcessors()), 2_000, 30_000, 60_000, HealthConfig.DEFAULTS,
                3_600_000, ClientLimits.DEFAULTS, TlsSettings.DEFAULT);
    }

    /** A copy with other reuse limits. */
    public ProxyConfig withLimits(int maxIdlePerTargetValue, int maxReuseValue, long purgeDelayMsValue,
                                  int maxIdlePerSessionValue) {
        return new ProxyConfig(listen, backends, policy, maxIdlePerTargetValue, maxReuseValue, purgeDelayMsValue,
                maxIdlePerSessionValue, lowIdle, loops, connectTimeoutMs, responseTimeoutMs, idleTimeoutMs, health,
                tunnelTimeoutMs, clientLimits, tls);
    }

    /** A copy with other timeouts. */
    public ProxyConfig withTimeouts(long connectMs, long responseMs, long idleMs) {
        return new ProxyConfig(listen, backends, policy, maxIdlePerTarget, maxReuse, purgeDelayMs, maxIdlePerSession,
                lowIdle, loops, connectMs, responseMs, idleMs, health, tunnelTimeoutMs,
                clientLimits, tls);
    }

    /** A copy with another {@code lowIdle}. */
    public ProxyConfig withLowIdle(int value) {
        return new ProxyConfig(listen, backends, policy, maxIdlePerTarget, maxReuse, purgeDelayMs, maxIdlePerSession,
                value, loops, connectTimeoutMs, responseTimeoutMs, idleTimeoutMs, health, tunnelTimeoutMs,
                clientLimits, tls);
    }

    /** A copy with another number of loops. */
    public ProxyConfig withLoops(int n) {
        return new ProxyConfig(listen, backends, policy, maxIdlePerTarget, maxReuse, purgeDelayMs, maxIdlePerSession,
                lowIdle, n, connectTimeoutMs, responseTimeoutMs, idleTimeoutMs, health, tunnelTimeoutMs,
                clientLimits, tls);
    }

    /** A copy with another health configuration. */
    public ProxyConfig withHealth(HealthConfig value) {
        return new ProxyConfig(listen, backends, policy, maxIdlePerTarget, maxReuse, purgeDelayMs, maxIdlePerSession,
                lowIdle, loops, connectTimeoutMs, responseTimeoutMs, idleTimeoutMs, value, tunnelTimeoutMs,
                clientLimits, tls);
    }

    /** A copy with another tunnel idle timeout. */
    public ProxyConfig withTunnelTimeout(long ms) {
        return new ProxyConfig(listen, backends, policy, maxIdlePerTarget, maxReuse, purgeDelayMs, maxIdlePerSession,
                lowIdle, loops, connectTimeoutMs, responseTimeoutMs, idleTimeoutMs, health, ms, clientLimits, tls);
    }

    /** A copy with other client limits. */
    public ProxyConfig withClientLimits(ClientLimits value) {
        return new ProxyConfig(listen, backends, policy, maxIdlePerTarget, maxReuse, purgeDelayMs, maxIdlePerSession,
                lowIdle, loops, connectTimeoutMs, responseTimeoutMs, idleTimeoutMs, health, tunnelTimeoutMs, value, tls);
    }

    /** A copy with other TLS settings. */
    public ProxyConfig withTls(TlsSettings settings) {
        return new ProxyConfig(listen, backends, policy, maxIdlePerTarget, maxReuse, purgeDelayMs, maxIdlePerSession,
                lowIdle, loops, connectTimeoutMs, responseTimeoutMs, idleTimeoutMs, health, tunnelTimeoutMs, clientLimits,
                settings);
    }
}
