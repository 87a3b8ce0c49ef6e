package dev.tether.core.internal;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectReason;
import dev.tether.core.EngineStats;
import dev.tether.core.FailureClass;
import dev.tether.core.TargetStats;
import dev.tether.core.annotations.ThreadSafe;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The engine's {@link EngineStats}: one {@link TargetSnapshot} per target and the engine-wide
 * figures; every sum is computed from the target snapshots when asked.
 *
 * <p>Invariants: never changes after construction.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
final class EngineSnapshot implements EngineStats {
    private final List<TargetStats> targets;
    private final long takeovers;
    private final long openSessions;

    EngineSnapshot(List<TargetStats> targets, long takeovers, long openSessions) {
        this.targets = List.copyOf(targets);
        this.takeovers = takeovers;
        this.openSessions = openSessions;
    }

    private long sum(ToLongFunction<TargetStats> figure) {
        long total = 0;
        for (TargetStats t : targets) {
            total += figure.applyAsLong(t);
        }
        return total;
    }

    @Override
    public List<TargetStats> targets() {
        return targets;
    }

    @Override
    public long takeovers() {
        return takeovers;
    }

    @Override
    public long openSessions() {
        return openSessions;
    }

    @Override
    public long connect() {
        return sum(TargetStats::connect);
    }

    @Override
    public long reuse() {
        return sum(TargetStats::reuse);
    }

    @Override
    public double reuseRatio() {
        long reuse = reuse();
        long all = reuse + connect();
        return all == 0 ? 0 : (double) reuse / all;
    }

    @Override
    public long used() {
        return sum(TargetStats::used);
    }

    @Override
    public long idle() {
        return sum(TargetStats::idle);
    }

    @Override
    public long safe() {
        return sum(TargetStats::safe);
    }

    @Override
    public long privateBusy() {
        return sum(TargetStats::privateBusy);
    }

    @Override
    public long privateIdle() {
        return sum(TargetStats::privateIdle);
    }

    @Override
    public long needEstimate() {
        return sum(TargetStats::needEstimate);
    }

    @Override
    public long connects(ConnectReason reason) {
        return sum(t -> t.connects(reason));
    }

    @Override
    public long closes(CloseReason reason) {
        return sum(t -> t.closes(reason));
    }

    @Override
    public long failures(FailureClass failureClass) {
        return sum(t -> t.failures(failureClass));
    }

    @Override
    public String toString() {
        return "EngineStats{connect=" + connect() + ", reuse=" + reuse() + ", used=" + used() + ", idle=" + idle()
                + ", safe=" + safe() + ", privateIdle=" + privateIdle() + ", takeovers=" + takeovers
                + ", sessions=" + openSessions + ", targets=" + targets + '}';
    }
}
