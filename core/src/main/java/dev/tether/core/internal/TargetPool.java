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
 * A target (HAProxy's {@code server}) and its pools: one {@link LoopPool} per event loop, the
 * target-wide need estimate, the purge deadline, the drain flag, waiters (E3) and pre-connect
 * requests (E6).
 *
 * <p>Invariants (§1.4): {@code used ≤ peakUsed ≤ estimatedNeed} whenever every loop lock is held
 * (each increment of a loop's {@code used} raises both; only the purge pass lowers them);
 * {@code open} counts connections created and not yet closed.
 *
 * <p>Thread safety: safe from any thread. Per-loop state is guarded by each loop's lock;
 * {@code peakUsed}, {@code estimatedNeed}, {@code purgeDeadline} and {@code open} are atomics;
 * the flags are volatile.
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
    final AtomicLong peakUsed = new AtomicLong();
    final AtomicLong estimatedNeed = new AtomicLong();
    final AtomicLong purgeDeadline = new AtomicLong(NO_DEADLINE);
    final AtomicInteger takeoverCursor = new AtomicInteger();
    final AtomicInteger open = new AtomicInteger();
    final Waiters waiters;
    volatile boolean draining;
    volatile boolean removed;

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

    /** Arms the purge deadline at {@code now + purgeDelay} unless one is armed (R54). */
    void armPurge(long now) {
        if (purgeDeadline.get() == NO_DEADLINE) {
            purgeDeadline.compareAndSet(NO_DEADLINE, now + limits.purgeDelayNanos());
        }
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
