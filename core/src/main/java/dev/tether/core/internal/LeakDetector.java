package dev.tether.core.internal;

import dev.tether.core.ReuseListener;
import dev.tether.core.annotations.ThreadSafe;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lease leak detection (docs/behaviour.md E5): when on, every acquire captures its stack and
 * {@code maintain} reports, once per lease, a lease not released within the threshold. When off it
 * does and allocates nothing.
 *
 * <p>Thread safety: the set of active leases is concurrent; a lease's {@code leakReported} flag is
 * volatile.
 */
@ThreadSafe
final class LeakDetector {
    private final long thresholdNanos;
    private final ReuseListener listener;
    private final Set<LeaseImpl> active = ConcurrentHashMap.newKeySet();

    LeakDetector(long thresholdNanos, ReuseListener listener) {
        this.thresholdNanos = thresholdNanos;
        this.listener = listener;
    }

    void acquired(LeaseImpl lease) {
        if (thresholdNanos > 0) {
            lease.traceAcquire(new Throwable("lease acquired here"));
            active.add(lease);
        }
    }

    void released(LeaseImpl lease) {
        if (thresholdNanos > 0) {
            active.remove(lease);
        }
    }

    /** Reports overdue leases; returns the earliest deadline of those not reported yet. */
    long scan(long now) {
        if (thresholdNanos == 0) {
            return TargetPool.NO_DEADLINE;
        }
        long next = TargetPool.NO_DEADLINE;
        for (LeaseImpl l : active) {
            if (l.leakReported || l.status != LeaseImpl.ACTIVE) {
                continue;
            }
            long due = l.acquiredAtNanos + thresholdNanos;
            if (due - now <= 0) {
                l.markLeakReported();
                try {
                    listener.onLeaseLeak(l, l.acquiredAt);
                } catch (RuntimeException e) {
                    DefaultReuseEngine.LOG.log(System.Logger.Level.WARNING, "listener failed", e);
                }
            } else {
                next = Maintenance.earliest(next, due);
            }
        }
        return next;
    }
}
