package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadSafe;

/**
 * How the proxy judges its targets (docs/behaviour.md D10): passive health from the requests it
 * forwards, and optional active checks.
 *
 * <p>Invariants: {@code fall ≥ 1}; {@code 0 < backoffMs ≤ backoffMaxMs}; {@code checkIntervalMs > 0};
 * {@code checkPath} is {@code null} (no active check) or starts with {@code /}.
 *
 * <p>Thread safety: immutable.
 *
 * @param fall consecutive failures (connects that fail, and requests on a new connection that time out
 *     with no response) that mark a target down
 * @param backoffMs how long a target stays down before its first probe; doubled after each failed
 *     probe, with ±20 % jitter
 * @param backoffMaxMs the longest back-off
 * @param checkPath the path of the active check ({@code GET}, any 2xx or 3xx passes), or {@code null}
 * @param checkIntervalMs time between two active checks of a target that is up
 */
@ThreadSafe
public record HealthConfig(int fall, long backoffMs, long backoffMaxMs, String checkPath, long checkIntervalMs) {
    /** Down after 3 consecutive failures, first probe after 1 s, back-off at most 30 s, no active check. */
    public static final HealthConfig DEFAULTS = new HealthConfig(3, 1_000, 30_000, null, 2_000);

    /** Checks the values. */
    public HealthConfig {
        if (fall < 1) {
            throw new IllegalArgumentException("health fall < 1: " + fall);
        }
        if (backoffMs <= 0 || backoffMaxMs < backoffMs) {
            throw new IllegalArgumentException("health back-off must be > 0 and <= its maximum: " + backoffMs + ", max "
                    + backoffMaxMs);
        }
        if (checkIntervalMs <= 0) {
            throw new IllegalArgumentException("health check interval must be > 0: " + checkIntervalMs);
        }
        if (checkPath != null && !checkPath.startsWith("/")) {
            throw new IllegalArgumentException("health check path must start with /: " + checkPath);
        }
    }

    /** A copy with an active check. */
    public HealthConfig withCheck(String path, long intervalMs) {
        return new HealthConfig(fall, backoffMs, backoffMaxMs, path, intervalMs);
    }

    /** A copy with other passive limits. */
    public HealthConfig withPassive(int fallCount, long backoff, long backoffMax) {
        return new HealthConfig(fallCount, backoff, backoffMax, checkPath, checkIntervalMs);
    }
}
