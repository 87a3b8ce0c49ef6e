package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

import java.time.Duration;
import java.util.Objects;

/**
 * The per-target pool limits (docs/behaviour.md R2), with HAProxy's defaults, and the per-target
 * extensions of §3.1, all off by default. Immutable and validated once, when built: an invalid value
 * fails with an {@link IllegalArgumentException} naming the setting and the value (R3).
 *
 * <table>
 *   <caption>Settings (−1 means unlimited or off)</caption>
 *   <tr><th>setting</th><th>HAProxy</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>maxIdlePerTarget</td><td>pool-max-conn</td><td>−1</td><td>cap on parked connections; 0 parks nothing</td></tr>
 *   <tr><td>lowIdle</td><td>pool-low-conn</td><td>0</td><td>parked connections kept beyond need; takeover gate</td></tr>
 *   <tr><td>purgeDelay</td><td>pool-purge-delay</td><td>5 s</td><td>purge period; 0 parks nothing</td></tr>
 *   <tr><td>maxReuse</td><td>max-reuse</td><td>−1</td><td>a connection carries at most maxReuse + 1 streams</td></tr>
 *   <tr><td>maxLifetime</td><td>—</td><td>0 (off)</td><td>E1: connections older than this take no new stream</td></tr>
 *   <tr><td>parkedIdleTimeout</td><td>—</td><td>0 (off)</td><td>E2: parked connections idle this long are closed</td></tr>
 *   <tr><td>maxConnectionsPerTarget</td><td>—</td><td>−1 (off)</td><td>E3: cap on open connections</td></tr>
 *   <tr><td>maxWaiters</td><td>—</td><td>0</td><td>E3: requests that may wait at the cap</td></tr>
 *   <tr><td>acquireTimeout</td><td>—</td><td>0 (none)</td><td>E3: how long a request may wait</td></tr>
 * </table>
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public final class ReuseLimits {
    /** HAProxy's defaults, every extension off. */
    public static final ReuseLimits DEFAULTS = builder().build();

    private final int maxIdlePerTarget;
    private final int lowIdle;
    private final long purgeDelayNanos;
    private final int maxReuse;
    private final long maxLifetimeNanos;
    private final long parkedIdleTimeoutNanos;
    private final int maxConnectionsPerTarget;
    private final int maxWaiters;
    private final long acquireTimeoutNanos;

    private ReuseLimits(Builder b) {
        this.maxIdlePerTarget = atLeast("maxIdlePerTarget", b.maxIdlePerTarget, -1);
        this.lowIdle = atLeast("lowIdle", b.lowIdle, 0);
        this.purgeDelayNanos = nonNegative("purgeDelay", b.purgeDelay);
        this.maxReuse = atLeast("maxReuse", b.maxReuse, -1);
        this.maxLifetimeNanos = nonNegative("maxLifetime", b.maxLifetime);
        this.parkedIdleTimeoutNanos = nonNegative("parkedIdleTimeout", b.parkedIdleTimeout);
        this.maxConnectionsPerTarget = atLeast("maxConnectionsPerTarget", b.maxConnectionsPerTarget, -1);
        if (maxConnectionsPerTarget == 0) {
            throw new IllegalArgumentException("maxConnectionsPerTarget must be -1 (off) or positive: 0");
        }
        this.maxWaiters = atLeast("maxWaiters", b.maxWaiters, 0);
        this.acquireTimeoutNanos = nonNegative("acquireTimeout", b.acquireTimeout);
    }

    private static int atLeast(String setting, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(setting + " < " + min + ": " + value);
        }
        return value;
    }

    private static long nonNegative(String setting, Duration value) {
        Objects.requireNonNull(value, setting);
        if (value.isNegative()) {
            throw new IllegalArgumentException(setting + " < 0: " + value);
        }
        try {
            return value.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(setting + " too large: " + value, e);
        }
    }

    /** Starts from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts from these limits, to change some. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxIdlePerTarget = maxIdlePerTarget;
        b.lowIdle = lowIdle;
        b.purgeDelay = Duration.ofNanos(purgeDelayNanos);
        b.maxReuse = maxReuse;
        b.maxLifetime = Duration.ofNanos(maxLifetimeNanos);
        b.parkedIdleTimeout = Duration.ofNanos(parkedIdleTimeoutNanos);
        b.maxConnectionsPerTarget = maxConnectionsPerTarget;
        b.maxWaiters = maxWaiters;
        b.acquireTimeout = Duration.ofNanos(acquireTimeoutNanos);
        return b;
    }

    /** Cap on parked connections of the target ({@code pool-max-conn}); −1 unlimited, 0 parks nothing. */
    public int maxIdlePerTarget() {
        return maxIdlePerTarget;
    }

    /** Parked connections kept beyond the estimated need ({@code pool-low-conn}). */
    public int lowIdle() {
        return lowIdle;
    }

    /** The purge period in nanoseconds ({@code pool-purge-delay}); 0 parks nothing. */
    public long purgeDelayNanos() {
        return purgeDelayNanos;
    }

    /** A connection carries at most {@code maxReuse + 1} streams; −1 unlimited ({@code max-reuse}). */
    public int maxReuse() {
        return maxReuse;
    }

    /** E1: connection lifetime in nanoseconds, 0 when off. */
    public long maxLifetimeNanos() {
        return maxLifetimeNanos;
    }

    /** E2: parked idle timeout in nanoseconds, 0 when off. */
    public long parkedIdleTimeoutNanos() {
        return parkedIdleTimeoutNanos;
    }

    /** E3: cap on the target's open connections, −1 when off. */
    public int maxConnectionsPerTarget() {
        return maxConnectionsPerTarget;
    }

    /** E3: how many requests may wait at the cap. */
    public int maxWaiters() {
        return maxWaiters;
    }

    /** E3: how long a request may wait at the cap, in nanoseconds; 0 means no limit. */
    public long acquireTimeoutNanos() {
        return acquireTimeoutNanos;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ReuseLimits)) {
            return false;
        }
        ReuseLimits l = (ReuseLimits) o;
        return maxIdlePerTarget == l.maxIdlePerTarget && lowIdle == l.lowIdle
                && purgeDelayNanos == l.purgeDelayNanos && maxReuse == l.maxReuse
                && maxLifetimeNanos == l.maxLifetimeNanos
                && parkedIdleTimeoutNanos == l.parkedIdleTimeoutNanos
                && maxConnectionsPerTarget == l.maxConnectionsPerTarget
                && maxWaiters == l.maxWaiters && acquireTimeoutNanos == l.acquireTimeoutNanos;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxIdlePerTarget, lowIdle, purgeDelayNanos, maxReuse, maxLifetimeNanos,
                parkedIdleTimeoutNanos, maxConnectionsPerTarget, maxWaiters, acquireTimeoutNanos);
    }

    @Override
    public String toString() {
        return "ReuseLimits{maxIdlePerTarget=" + maxIdlePerTarget + ", lowIdle=" + lowIdle
                + ", purgeDelay=" + Duration.ofNanos(purgeDelayNanos) + ", maxReuse=" + maxReuse
                + ", maxLifetime=" + Duration.ofNanos(maxLifetimeNanos)
                + ", parkedIdleTimeout=" + Duration.ofNanos(parkedIdleTimeoutNanos)
                + ", maxConnectionsPerTarget=" + maxConnectionsPerTarget + ", maxWaiters=" + maxWaiters
                + ", acquireTimeout=" + Duration.ofNanos(acquireTimeoutNanos) + '}';
    }

    /**
     * Builds {@link ReuseLimits}; values are validated by {@link #build()}.
     *
     * <p>Thread safety: not thread safe; use from one thread.
     */
    public static final class Builder {
        private int maxIdlePerTarget = -1;
        private int lowIdle = 0;
        private Duration purgeDelay = Duration.ofSeconds(5);
        private int maxReuse = -1;
        private Duration maxLifetime = Duration.ZERO;
        private Duration parkedIdleTimeout = Duration.ZERO;
        private int maxConnectionsPerTarget = -1;
        private int maxWaiters = 0;
        private Duration acquireTimeout = Duration.ZERO;

        private Builder() {
        }

        /**
         * Sets {@code maxIdlePerTarget} (≥ −1).
         *
         * @param value the value
         * @return this builder
         */
        public Builder maxIdlePerTarget(int value) {
            this.maxIdlePerTarget = value;
            return this;
        }

        /**
         * Sets {@code lowIdle} (≥ 0).
         *
         * @param value the value
         * @return this builder
         */
        public Builder lowIdle(int value) {
            this.lowIdle = value;
            return this;
        }

        /**
         * Sets {@code purgeDelay} (≥ 0).
         *
         * @param value the value
         * @return this builder
         */
        public Builder purgeDelay(Duration value) {
            this.purgeDelay = value;
            return this;
        }

        /**
         * Sets {@code maxReuse} (≥ −1).
         *
         * @param value the value
         * @return this builder
         */
        public Builder maxReuse(int value) {
            this.maxReuse = value;
            return this;
        }

        /**
         * Sets {@code maxLifetime} (E1; zero turns it off).
         *
         * @param value the value
         * @return this builder
         */
        public Builder maxLifetime(Duration value) {
            this.maxLifetime = value;
            return this;
        }

        /**
         * Sets {@code parkedIdleTimeout} (E2; zero turns it off).
         *
         * @param value the value
         * @return this builder
         */
        public Builder parkedIdleTimeout(Duration value) {
            this.parkedIdleTimeout = value;
            return this;
        }

        /**
         * Sets {@code maxConnectionsPerTarget} (E3; −1 turns it off, else ≥ 1).
         *
         * @param value the value
         * @return this builder
         */
        public Builder maxConnectionsPerTarget(int value) {
            this.maxConnectionsPerTarget = value;
            return this;
        }

        /**
         * Sets {@code maxWaiters} (E3; ≥ 0).
         *
         * @param value the value
         * @return this builder
         */
        public Builder maxWaiters(int value) {
            this.maxWaiters = value;
            return this;
        }

        /**
         * Sets {@code acquireTimeout} (E3; zero means wait without limit).
         *
         * @param value the value
         * @return this builder
         */
        public Builder acquireTimeout(Duration value) {
            this.acquireTimeout = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the limits
         * @throws IllegalArgumentException naming the first invalid setting and its value
         */
        public ReuseLimits build() {
            return new ReuseLimits(this);
        }
    }
}
