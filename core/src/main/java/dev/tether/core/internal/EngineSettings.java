package dev.tether.core.internal;

import dev.tether.core.ConnectionBudget;
import dev.tether.core.Connector;
import dev.tether.core.NanoClock;
import dev.tether.core.ReuseListener;
import dev.tether.core.annotations.ThreadSafe;

import java.util.concurrent.Executor;
import java.util.function.IntFunction;

/**
 * The engine-wide settings (docs/behaviour.md R2, engine scope), validated by the public builder.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public final class EngineSettings {
    final Connector connector;
    final NanoClock clock;
    final ReuseListener listener;
    final int loops;
    final int maxIdlePerSession;
    final ConnectionBudget budget;
    final long budgetLow;
    final long budgetHigh;
    final boolean shareAcrossLoops;
    final long leaseLeakThresholdNanos;
    final IntFunction<Executor> loopExecutors;

    /**
     * Creates validated settings; see {@code ReuseEngineBuilder} for each meaning.
     *
     * @param connector opens connections
     * @param clock the clock for events that carry no time
     * @param listener counter events
     * @param loops number of event loops
     * @param maxIdlePerSession PRIVATE_IDLE cap per session
     * @param budget the host's budget, or null when disabled
     * @param budgetLow the low threshold
     * @param budgetHigh the high threshold
     * @param shareAcrossLoops whether takeover is allowed
     * @param leaseLeakThresholdNanos E5 threshold, 0 when off
     * @param loopExecutors the executor of each loop, for E3 waiters
     */
    public EngineSettings(Connector connector, NanoClock clock, ReuseListener listener, int loops,
                          int maxIdlePerSession, ConnectionBudget budget, long budgetLow, long budgetHigh,
                          boolean shareAcrossLoops, long leaseLeakThresholdNanos,
                          IntFunction<Executor> loopExecutors) {
        this.connector = connector;
        this.clock = clock;
        this.listener = listener;
        this.loops = loops;
        this.maxIdlePerSession = maxIdlePerSession;
        this.budget = budget;
        this.budgetLow = budgetLow;
        this.budgetHigh = budgetHigh;
        this.shareAcrossLoops = shareAcrossLoops;
        this.leaseLeakThresholdNanos = leaseLeakThresholdNanos;
        this.loopExecutors = loopExecutors;
    }

    boolean budgetEnabled() {
        return budget != null;
    }

    /** True when the budget is disabled or {@code inUse < low} (R4). */
    boolean belowLow() {
        return budget == null || budget.inUse() < budgetLow;
    }

    /** True when the budget is enabled and {@code inUse > high} (R4, R52). */
    boolean aboveHigh() {
        return budget != null && budget.inUse() > budgetHigh;
    }
}
