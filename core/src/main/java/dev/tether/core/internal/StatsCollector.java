package dev.tether.core.internal;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectReason;
import dev.tether.core.FailureClass;
import dev.tether.core.TargetStats;
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

    static TargetStats snapshot(TargetPool pool) {
        LoopPool[] loops = pool.loops;
        long[] totals = new long[2];
        long[] gauges = new long[7];
        long[] parkedPerLoop = new long[loops.length];
        long[] connectReasons = new long[ConnectReason.values().length];
        long[] closeReasons = new long[CloseReason.values().length];
        long[] failureClasses = new long[FailureClass.values().length];
        for (LoopPool lp : loops) {
            lp.lock.lock();
        }
        try {
            for (LoopPool lp : loops) {
                Stripe s = lp.stripe;
                totals[0] += s.connect;
                totals[1] += s.reuse;
                gauges[0] += s.used;
                gauges[1] += s.idle;
                gauges[2] += s.safe;
                gauges[3] += s.privateBusy;
                gauges[4] += s.privateIdle;
                parkedPerLoop[lp.loop] = s.parked();
                add(connectReasons, s.connectReasons);
                add(closeReasons, s.closeReasons);
                add(failureClasses, s.failureClasses);
            }
            gauges[5] = pool.estimatedNeed.get();
            gauges[6] = pool.peakUsed.get();
        } finally {
            for (int i = loops.length - 1; i >= 0; i--) {
                loops[i].lock.unlock();
            }
        }
        return new TargetStats(pool.name(), totals, gauges, parkedPerLoop, pool.draining, connectReasons,
                closeReasons, failureClasses);
    }

    private static void add(long[] into, long[] from) {
        for (int i = 0; i < from.length; i++) {
            into[i] += from[i];
        }
    }
}
