package dev.tether.core;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.core.internal.EngineSettings;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.IntFunction;

/**
 * Builds a {@link ReuseEngine}: {@code ReuseEngine.builder(connector)}, the options, then
 * {@link #build()}. Engine-scope settings of docs/behaviour.md R2; per-target limits are in
 * {@link ReuseLimits}. Each option is validated when set and names the setting and the value when
 * it is refused.
 *
 * <p>Invariants: every field holds a valid value at all times (the defaults are valid).
 *
 * <p>Thread safety: not thread safe; use from one thread.
 */
@NotThreadSafe
public final class ReuseEngineBuilder {
    private final Connector connector;
    private NanoClock clock = NanoClock.SYSTEM;
    private ReuseListener listener = ReuseListener.NONE;
    private int loops = 1;
    private int maxIdlePerSession = 5;
    private ConnectionBudget budget;
    private long budgetLow;
    private long budgetHigh;
    private boolean shareAcrossLoops = true;
    private Duration leaseLeakThreshold = Duration.ZERO;
    private IntFunction<Executor> loopExecutors = loop -> Runnable::run;

    ReuseEngineBuilder(Connector connector) {
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    /**
     * Sets the clock read for events that carry no time (default {@link NanoClock#SYSTEM}).
     *
     * @param clock the clock
     * @return this builder
     */
    public ReuseEngineBuilder clock(NanoClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Sets the listener that receives counter events.
     *
     * @param listener the listener
     * @return this builder
     */
    public ReuseEngineBuilder listener(ReuseListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Sets the number of event loops (default 1).
     *
     * @param loops ≥ 1
     * @return this builder
     */
    public ReuseEngineBuilder loops(int loops) {
        if (loops < 1) {
            throw new IllegalArgumentException("loops < 1: " + loops);
        }
        this.loops = loops;
        return this;
    }

    /**
     * Sets how many PRIVATE_IDLE connections a session may hold (HAProxy
     * {@code max-session-srv-conns}, default 5, R35).
     *
     * @param value ≥ 0
     * @return this builder
     */
    public ReuseEngineBuilder maxIdlePerSession(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("maxIdlePerSession < 0: " + value);
        }
        this.maxIdlePerSession = value;
        return this;
    }

    /**
     * Enables the connection budget (R4, D4): parking stops at {@code high}, and above it each
     * acquire closes a parked connection; below {@code low} parking follows the need estimate.
     *
     * @param budget the host's count of what it rations
     * @param low the low threshold, ≥ 0
     * @param high the high threshold, ≥ {@code low}
     * @return this builder
     */
    public ReuseEngineBuilder budget(ConnectionBudget budget, long low, long high) {
        Objects.requireNonNull(budget, "budget");
        if (low < 0) {
            throw new IllegalArgumentException("budget low < 0: " + low);
        }
        if (high < low) {
            throw new IllegalArgumentException("budget high < low: " + high + " < " + low);
        }
        this.budget = budget;
        this.budgetLow = low;
        this.budgetHigh = high;
        return this;
    }

    /**
     * Allows taking parked connections over from other loops (HAProxy
     * {@code tune.idle-pool.shared}, default true, R59).
     *
     * @param share whether loops share parked connections
     * @return this builder
     */
    public ReuseEngineBuilder shareAcrossLoops(boolean share) {
        this.shareAcrossLoops = share;
        return this;
    }

    /**
     * Reports leases held longer than {@code threshold} (E5; zero turns it off, the default).
     *
     * @param threshold the threshold, ≥ 0
     * @return this builder
     */
    public ReuseEngineBuilder leaseLeakThreshold(Duration threshold) {
        Objects.requireNonNull(threshold, "threshold");
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("leaseLeakThreshold < 0: " + threshold);
        }
        this.leaseLeakThreshold = threshold;
        return this;
    }

    /**
     * Sets the executor of each event loop, used to run a waiting lease's retry and its
     * listener on its session's loop (E3). The default runs tasks in the calling thread, which
     * suits a single-threaded host.
     *
     * @param executors the executor for a loop index
     * @return this builder
     */
    public ReuseEngineBuilder loopExecutors(IntFunction<Executor> executors) {
        this.loopExecutors = Objects.requireNonNull(executors, "executors");
        return this;
    }

    /** Builds the engine. */
    public ReuseEngine build() {
        return new ReuseEngine(new EngineSettings(connector, clock, listener, loops, maxIdlePerSession, budget,
                budgetLow, budgetHigh, shareAcrossLoops, leaseLeakThreshold.toNanos(), loopExecutors));
    }
}
