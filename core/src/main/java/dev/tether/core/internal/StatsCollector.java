package dev.tether.core.internal;

import dev.tether.core.annotations.ThreadSafe;

/**
 * Takes consistent snapshots of a target's counters: all of its loop locks are held, in index
 * order, while the stripes are summed (docs/behaviour.md §4).
 *
 * <p>Thread safety: stateless; may run on any thread.
 */
@ThreadSafe
final class StatsCollector {
    private StatsCollector() {
    }

    static TargetSnapshot snapshot(TargetPool pool) {
        LoopPool[] loops = pool.loops;
        Stripe sum = new Stripe();
        long[] parkedPerLoop = new long[loops.length];
        long needEstimate;
        long peakUsed;
        LoopLock.lockAll(loops);
        try {
            for (LoopPool lp : loops) {
                sum.add(lp.stripe);
                parkedPerLoop[lp.loop] = lp.stripe.parked();
            }
            needEstimate = pool.estimatedNeed();
            peakUsed = pool.peakUsed();
        } finally {
            LoopLock.unlockAll(loops);
        }
        return new TargetSnapshot(pool.name(), sum, parkedPerLoop, needEstimate, peakUsed, pool.isDraining());
    }
}
