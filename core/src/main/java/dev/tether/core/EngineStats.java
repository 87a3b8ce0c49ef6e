package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

import java.util.List;

/**
 * A snapshot of the whole engine: one {@link TargetStats} per target (each consistent in itself),
 * their sums, and the engine-wide figures of docs/behaviour.md §4.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public final class EngineStats {
    private final List<TargetStats> targets;
    private final long takeovers;
    private final long openSessions;

    /**
     * Creates a snapshot; the engine makes them ({@link ReuseEngine#stats()}).
     *
     * @param targets one snapshot per target
     * @param takeovers connections migrated between loops
     * @param openSessions sessions opened and not closed
     */
    public EngineStats(List<TargetStats> targets, long takeovers, long openSessions) {
        this.targets = List.copyOf(targets);
        this.takeovers = takeovers;
        this.openSessions = openSessions;
    }

    /** Per-target snapshots, in registration order. */
    public List<TargetStats> targets() {
        return targets;
    }

    /** Connections migrated from another loop (R61). */
    public long takeovers() {
        return takeovers;
    }

    /** Sessions opened and not yet closed. */
    public long openSessions() {
        return openSessions;
    }

    /** Sum of {@link TargetStats#connect()}. */
    public long connect() {
        return targets.stream().mapToLong(TargetStats::connect).sum();
    }

    /** Sum of {@link TargetStats#reuse()}. */
    public long reuse() {
        return targets.stream().mapToLong(TargetStats::reuse).sum();
    }

    /** {@code reuse / (reuse + connect)} over all targets, 0 when both are 0. */
    public double reuseRatio() {
        long reuse = reuse();
        long all = reuse + connect();
        return all == 0 ? 0 : (double) reuse / all;
    }

    /** Sum of {@link TargetStats#used()}. */
    public long used() {
        return targets.stream().mapToLong(TargetStats::used).sum();
    }

    /** Sum of {@link TargetStats#idle()}. */
    public long idle() {
        return targets.stream().mapToLong(TargetStats::idle).sum();
    }

    /** Sum of {@link TargetStats#safe()}. */
    public long safe() {
        return targets.stream().mapToLong(TargetStats::safe).sum();
    }

    /** Sum of {@link TargetStats#privateBusy()}. */
    public long privateBusy() {
        return targets.stream().mapToLong(TargetStats::privateBusy).sum();
    }

    /** Sum of {@link TargetStats#privateIdle()}. */
    public long privateIdle() {
        return targets.stream().mapToLong(TargetStats::privateIdle).sum();
    }

    /** Sum of {@link TargetStats#needEstimate()}. */
    public long needEstimate() {
        return targets.stream().mapToLong(TargetStats::needEstimate).sum();
    }

    /**
     * New connections for {@code reason}, over all targets.
     *
     * @param reason the reason
     * @return the count
     */
    public long connects(ConnectReason reason) {
        return targets.stream().mapToLong(t -> t.connects(reason)).sum();
    }

    /**
     * Closes for {@code reason}, over all targets.
     *
     * @param reason the reason
     * @return the count
     */
    public long closes(CloseReason reason) {
        return targets.stream().mapToLong(t -> t.closes(reason)).sum();
    }

    /**
     * Failed exchanges of class {@code failureClass}, over all targets.
     *
     * @param failureClass the class
     * @return the count
     */
    public long failures(FailureClass failureClass) {
        return targets.stream().mapToLong(t -> t.failures(failureClass)).sum();
    }

    @Override
    public String toString() {
        return "EngineStats{connect=" + connect() + ", reuse=" + reuse() + ", used=" + used() + ", idle=" + idle()
                + ", safe=" + safe() + ", privateIdle=" + privateIdle() + ", takeovers=" + takeovers
                + ", sessions=" + openSessions + ", targets=" + targets + '}';
    }
}
