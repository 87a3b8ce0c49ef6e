package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

import java.util.Objects;

/**
 * The immutable configuration of a {@link Target}: its name, {@link ReusePolicy} (default
 * {@link ReusePolicy#SAFE}), {@link ReuseLimits} (default {@link ReuseLimits#DEFAULTS}) and whether
 * it is a dispatch target. Build one with {@link #builder(String)}.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public final class TargetConfig {
    private final String name;
    private final ReusePolicy policy;
    private final ReuseLimits limits;
    private final boolean dispatch;

    private TargetConfig(Builder b) {
        this.name = b.name;
        this.policy = b.policy;
        this.limits = b.limits;
        this.dispatch = b.dispatch;
    }

    /**
     * Starts a configuration for a target with this name.
     *
     * @param name a non-empty name
     * @return a builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The target's name. */
    public String name() {
        return name;
    }

    /** The policy. */
    public ReusePolicy policy() {
        return policy;
    }

    /** The limits. */
    public ReuseLimits limits() {
        return limits;
    }

    /** True for a dispatch target (every connection private, R1, R23). */
    public boolean dispatch() {
        return dispatch;
    }

    @Override
    public String toString() {
        return "TargetConfig{name=" + name + ", policy=" + policy + ", dispatch=" + dispatch
                + ", limits=" + limits + '}';
    }

    /**
     * Builds a {@link TargetConfig}.
     *
     * <p>Thread safety: not thread safe; use from one thread.
     */
    public static final class Builder {
        private final String name;
        private ReusePolicy policy = ReusePolicy.SAFE;
        private ReuseLimits limits = ReuseLimits.DEFAULTS;
        private boolean dispatch;

        private Builder(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("name is empty");
            }
            this.name = name;
        }

        /**
         * Sets the reuse policy.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder policy(ReusePolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets the limits.
         *
         * @param limits the limits
         * @return this builder
         */
        public Builder limits(ReuseLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Marks the target as a dispatch (not a real server) target.
         *
         * @param dispatch true for a dispatch target
         * @return this builder
         */
        public Builder dispatch(boolean dispatch) {
            this.dispatch = dispatch;
            return this;
        }

        /** Builds the configuration. */
        public TargetConfig build() {
            return new TargetConfig(this);
        }
    }
}
