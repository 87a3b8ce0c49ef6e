package dev.tether.core.sim;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectReason;
import dev.tether.core.FailureClass;
import dev.tether.core.ReleaseResult;
import dev.tether.core.ReusePolicy;

import java.util.EnumMap;
import java.util.Map;

/**
 * What a set of simulation runs actually exercised: executed steps per kind, targets per policy and
 * mux kind, new connections per reason, closes per reason at release, failure classes, anticipated
 * leases. The test asserts minimum counts so that a generator bug cannot pass silently.
 *
 * <p>Invariants: counts only grow.
 *
 * <p>Thread safety: not thread safe.
 */
final class Coverage {
    final Map<Step.Kind, Long> steps = new EnumMap<>(Step.Kind.class);
    final Map<ReusePolicy, Long> policies = new EnumMap<>(ReusePolicy.class);
    long h1Targets;
    long h2Targets;
    long dispatchTargets;
    final Map<ConnectReason, Long> connectReasons = new EnumMap<>(ConnectReason.class);
    final Map<CloseReason, Long> releaseCloses = new EnumMap<>(CloseReason.class);
    final Map<FailureClass, Long> failures = new EnumMap<>(FailureClass.class);
    final Map<CloseReason, Long> closes = new EnumMap<>(CloseReason.class);
    long reused;
    long anticipated;
    long seeds;
    long takeovers;
    long lockedAcquires;
    long multiLoopSeeds;
    int maxLoops;
    long budgetSeeds;
    long extensionSeeds;
    final Map<dev.tether.core.AcquireFailure, Long> acquireFailures = new EnumMap<>(dev.tether.core.AcquireFailure.class);
    long leaks;
    long preconnects;
    /** E3: acquires that waited, waiters served by a retry, waiters failed. */
    long waited;
    long waitersServed;
    long waitersFailed;

    void run(SimConfig config) {
        seeds++;
        maxLoops = Math.max(maxLoops, config.loops);
        multiLoopSeeds += config.loops > 1 ? 1 : 0;
        budgetSeeds += config.budget ? 1 : 0;
        extensionSeeds += config.extensions ? 1 : 0;
        for (SimConfig.TargetSpec t : config.targets) {
            policies.merge(t.policy, 1L, Long::sum);
            if (t.h2) {
                h2Targets++;
            } else {
                h1Targets++;
            }
            if (t.dispatch) {
                dispatchTargets++;
            }
        }
    }

    void step(Step.Kind kind) {
        steps.merge(kind, 1L, Long::sum);
    }

    void acquired(ModelLease l) {
        if (l.reused) {
            reused++;
            anticipated += l.anticipated ? 1 : 0;
        } else {
            connectReasons.merge(l.reason, 1L, Long::sum);
        }
    }

    void acquireFailed(dev.tether.core.AcquireFailure f) {
        acquireFailures.merge(f, 1L, Long::sum);
    }

    void released(ReleaseResult r) {
        if (r.closeReason() != null) {
            releaseCloses.merge(r.closeReason(), 1L, Long::sum);
        }
        if (r.failureClass() != null) {
            failures.merge(r.failureClass(), 1L, Long::sum);
        }
    }

    /** What a finished run's model counted in all. */
    void finished(ReuseModel model) {
        takeovers += model.takeovers;
        for (ModelTarget t : model.targets) {
            preconnects += t.connectReasons[ConnectReason.PRECONNECT.ordinal()];
            for (CloseReason r : CloseReason.values()) {
                if (t.closeReasons[r.ordinal()] > 0) {
                    closes.merge(r, t.closeReasons[r.ordinal()], Long::sum);
                }
            }
        }
    }

    long steps(Step.Kind kind) {
        return steps.getOrDefault(kind, 0L);
    }

    @Override
    public String toString() {
        return "steps=" + steps + "\npolicies=" + policies + " h1=" + h1Targets + " h2=" + h2Targets
                + " dispatch=" + dispatchTargets + "\nconnectReasons=" + connectReasons
                + "\nreleaseCloses=" + releaseCloses + "\ncloses=" + closes + "\nfailures=" + failures + "\nreused=" + reused
                + " anticipated=" + anticipated + "\nloops<=" + maxLoops + " multiLoopSeeds=" + multiLoopSeeds
                + " takeovers=" + takeovers + " lockedAcquires=" + lockedAcquires + " budgetSeeds=" + budgetSeeds
                + "\nextensionSeeds=" + extensionSeeds + " acquireFailures=" + acquireFailures + " leaks=" + leaks + " preconnects=" + preconnects
                + "\nwaited=" + waited + " waitersServed=" + waitersServed + " waitersFailed=" + waitersFailed;
    }
}
