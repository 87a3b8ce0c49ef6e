package dev.tether.core.internal;

import dev.tether.core.AcquireException;
import dev.tether.core.AcquireFailure;
import dev.tether.core.ReuseLimits;
import dev.tether.core.ReusePolicy;
import dev.tether.core.Target;
import dev.tether.core.TargetConfig;
import dev.tether.core.annotations.ThreadSafe;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A target (HAProxy's {@code server}) and its pools: one {@link LoopPool} per event loop, waiters (E3)
 * and the target-wide figures it alone writes: the count of open connections, {@code peakUsed} and
 * {@code estimatedNeed}, the purge deadline and the pass that uses them (R54, R55), the takeover cursor
 * (R60), and the drain and removal flags.
 *
 * <p>Invariants (§1.4): {@code used ≤ peakUsed ≤ estimatedNeed} whenever every loop lock is held
 * (each increment of a loop's {@code used} raises both; only the purge pass lowers them);
 * {@code open} counts connections reserved by {@link #tryReserveOpen} and not yet gone.
 *
 * <p>Thread safety: safe from any thread. Per-loop state is guarded by each loop's lock;
 * {@code peakUsed}, {@code estimatedNeed}, {@code purgeDeadline}, {@code open} and the cursor are
 * atomics; the flags are volatile and only ever set by one method each.
 */
@ThreadSafe
public final class TargetPool implements Target {
    static final long NO_DEADLINE = Long.MIN_VALUE;

    final DefaultReuseEngine engine;
    final int id;
    final TargetConfig config;
    /** The policy in force: {@code NEVER} for a dispatch target (R1). */
    final ReusePolicy policy;
    final ReuseLimits limits;
    final LoopPool[] loops;
    final Waiters waiters;
    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong estimatedNeed = new AtomicLong();
    private final AtomicLong purgeDeadline = new AtomicLong(NO_DEADLINE);
    private final AtomicInteger takeoverCursor = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean draining;
    /** Once true, always true. */
    private volatile boolean removed;

    TargetPool(DefaultReuseEngine engine, int id, TargetConfig config, int loopCount) {
        this.engine = engine;
        this.id = id;
        this.config = config;
        this.policy = config.dispatch() ? ReusePolicy.NEVER : config.policy();
        this.limits = config.limits();
        this.loops = new LoopPool[loopCount];
        for (int i = 0; i < loopCount; i++) {
            loops[i] = new LoopPool(this, i);
        }
        this.waiters = new Waiters(this);
    }

    // ---- open connections (E3, R68) -------------------------------------------------------------

    /** Counts a new connection in {@code open} unless that reaches {@code cap} (−1: no cap). */
    boolean tryReserveOpen(int cap) {
        if (cap < 0) {
            open.incrementAndGet();
            return true;
        }
        int n;
        while ((n = open.get()) < cap) {
            if (open.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    /** A reserved connection is gone: closed, or its connector failed. */
    void connectionGone() {
        open.decrementAndGet();
    }

    int openCount() {
        return open.get();
    }

    // ---- gauges summed over the loops ------------------------------------------------------------

    /** Sum of the loops' {@code used} stripes; exact under all loop locks, approximate otherwise. */
    long usedSum() {
        long sum = 0;
        for (LoopPool l : loops) {
            sum += l.stripe.used;
        }
        return sum;
    }

    /** Sum of parked connections over all loops. */
    long parkedSum() {
        long sum = 0;
        for (LoopPool l : loops) {
            sum += l.stripe.idle + l.stripe.safe;
        }
        return sum;
    }

    long estimatedNeed() {
        return estimatedNeed.get();
    }

    long peakUsed() {
        return peakUsed.get();
    }

    /**
     * Raises {@code peakUsed} and {@code estimatedNeed} to at least {@code used} (§1.4). When both
     * are already at least {@code open} (an upper bound of {@code used}) there is nothing to raise,
     * and the other loops' stripes, which their threads keep writing, are not read.
     */
    void raisePeak() {
        long bound = open.get();
        if (peakUsed.get() >= bound && estimatedNeed.get() >= bound) {
            return;
        }
        long used = usedSum();
        raise(peakUsed, used);
        raise(estimatedNeed, used);
    }

    private static void raise(AtomicLong value, long atLeast) {
        long v;
        while ((v = value.get()) < atLeast) {
            if (value.compareAndSet(v, atLeast)) {
                return;
            }
        }
    }

    // ---- purge (R54, R55, D7) ---------------------------------------------------------------------

    /** Arms the purge deadline at {@code now + purgeDelay} unless one is armed (R54). */
    void armPurge(long now) {
        if (purgeDeadline.get() == NO_DEADLINE) {
            purgeDeadline.compareAndSet(NO_DEADLINE, now + limits.purgeDelayNanos());
        }
    }

    long purgeDeadline() {
        return purgeDeadline.get();
    }

    /**
     * One purge pass over all loops (R55): every loop lock is held while the counters are read, the
     * estimate decays and each loop closes its quota from its LRU head; transports close after.
     */
    void purge(long now, Preconnects preconnects) {
        PurgeEvent event = FlightEvents.beginPurge();
        long parked;
        long estimate;
        long closed = 0;
        LoopLock.lockAll(loops);
        try {
            parked = parkedSum();
            if (parked == 0) {
                purgeDeadline.set(NO_DEADLINE);                   // R55.1
                return;
            }
            long used = usedSum();
            long peak = peakUsed.get();
            long need = estimatedNeed.get();
            long excess = used + parked - Math.max(peak, need);  // R55.2
            long toKill = excess > 0 ? (excess + 1) / 2 : 0;
            estimate = Math.max(peak, (need + peak) / 2);
            estimatedNeed.set(estimate);                          // R55.3
            peakUsed.set(used);
            for (LoopPool lp : loops) {
                long parkedHere = lp.stripe.parked();
                long quota = toKill == 0 ? 0 : Math.min(parkedHere, toKill * parkedHere / parked + 1); // R55.4
                closed += lp.purgeLocked(quota, preconnects);
            }
            purgeDeadline.set(parkedSum() > 0 ? now + limits.purgeDelayNanos() : NO_DEADLINE);
        } finally {
            LoopLock.unlockAll(loops);
        }
        FlightEvents.purged(event, this, parked, closed, estimate);
    }

    // ---- takeover cursor (R60, R61) ---------------------------------------------------------------

    int takeoverCursor() {
        return takeoverCursor.get();
    }

    /** R61: the next scan starts past the loop a connection was just taken from. */
    void tookOverFrom(int victimLoop) {
        takeoverCursor.set(victimLoop + 1);
    }

    // ---- drain and removal (R66–R68) --------------------------------------------------------------

    /**
     * Why the target serves no acquire now, or {@code null} while it does: the engine is closed, or
     * the target drains (R67). Read before a lookup, and again before a request joins the waiters.
     */
    AcquireException refusal() {
        if (engine.isClosed()) {
            return new AcquireException(AcquireFailure.ENGINE_CLOSED, "the engine is closed");
        }
        if (draining) {
            return new AcquireException(AcquireFailure.TARGET_DRAINING, "target " + name() + " is draining");
        }
        return null;
    }

    void startDraining() {
        draining = true;
    }

    void stopDraining() {
        draining = false;
    }

    void markRemoved() {
        removed = true;
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public ReusePolicy policy() {
        return config.policy();
    }

    @Override
    public ReuseLimits limits() {
        return limits;
    }

    @Override
    public boolean isDispatch() {
        return config.dispatch();
    }

    @Override
    public boolean isDraining() {
        return draining;
    }

    @Override
    public boolean isRemoved() {
        return removed;
    }

    /** The engine that owns it. */
    public DefaultReuseEngine engine() {
        return engine;
    }

    @Override
    public String toString() {
        return "Target@" + id + "{" + config.name() + "," + policy + (draining ? ",draining" : "")
                + (removed ? ",removed" : "") + '}';
    }
}
