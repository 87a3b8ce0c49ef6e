package dev.tether.core.internal;

import dev.tether.core.CloseReason;
import dev.tether.core.ReusePolicy;
import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.ThreadSafe;

/**
 * The parking rule (docs/behaviour.md R50) and its refusal reasons (R53): whether a non-private
 * connection whose last stream ended may be parked.
 *
 * <p>Thread safety: stateless; runs under the connection's home loop lock, which makes this loop's
 * counts exact; other loops' counts are read without their locks (approximate, as in HAProxy).
 */
@ThreadSafe
final class Parking {
    private Parking() {
    }

    /**
     * Returns null if {@code c} may be parked with the given class, else the reason to close it.
     * {@code used} still counts {@code c}.
     */
    @GuardedBy("home.lock")
    static CloseReason refusal(DefaultReuseEngine engine, LoopPool home, Conn c, boolean safeClass) {
        TargetPool pool = home.pool;
        if (pool.limits.purgeDelayNanos() == 0) {
            return CloseReason.POOL_FULL;                       // R50.1
        }
        if (pool.draining) {
            return CloseReason.DRAINED;                         // R50.2
        }
        if (pool.policy == ReusePolicy.NEVER) {
            return CloseReason.POOL_FULL;                       // R50.3: unreachable, NEVER keeps all private
        }
        boolean budget = engine.settings.budgetEnabled();
        long inUse = budget ? engine.settings.budget.inUse() : 0;
        if (budget && inUse >= engine.settings.budgetHigh) {
            return CloseReason.BUDGET;                          // R50.4
        }
        int maxIdle = pool.limits.maxIdlePerTarget();
        if (maxIdle != -1 && pool.parkedSum() >= maxIdle) {
            return CloseReason.POOL_FULL;                       // R50.5
        }
        boolean firstOnLoop = home.stripe.safe == 0 && (safeClass || home.stripe.idle == 0);
        boolean belowLow = !budget || inUse < engine.settings.budgetLow;
        if (!firstOnLoop) {
            long need = pool.estimatedNeed.get();
            long lowIdle = pool.limits.lowIdle();
            // used + parked ≤ open, so R50.6 holds when open ≤ need + lowIdle: then the other loops'
            // stripes (a cache miss each, their threads keep writing them) need not be summed.
            if (!(belowLow && pool.open.get() <= need + lowIdle)) {
                long used = pool.usedSum();
                long parked = pool.parkedSum();
                if (!(belowLow && used + parked <= Math.max(used, need) + lowIdle)) {
                    return belowLow ? CloseReason.OVER_ESTIMATE : CloseReason.BUDGET; // R50.6, R53
                }
            }
        }
        if (!c.ready || c.noNewStreams || c.streams != 0 || c.available < 1) {
            return c.latchReason != null ? c.latchReason : CloseReason.ERROR; // R50.7
        }
        return null;
    }
}
