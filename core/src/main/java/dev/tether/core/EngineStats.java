package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

import java.util.List;

/**
 * A snapshot of the whole engine: one {@link TargetStats} per target (each consistent in itself),
 * their sums, and the engine-wide figures of docs/behaviour.md §4. Made by the engine only
 * ({@link ReuseEngine#stats()}).
 *
 * <p>Invariants: every sum equals the sum of the same figure over {@link #targets()}.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public interface EngineStats {
    /** Per-target snapshots, in registration order. */
    List<TargetStats> targets();

    /** Connections migrated from another loop (R61). */
    long takeovers();

    /** Sessions opened and not yet closed. */
    long openSessions();

    /** Sum of {@link TargetStats#connect()}. */
    long connect();

    /** Sum of {@link TargetStats#reuse()}. */
    long reuse();

    /** {@code reuse / (reuse + connect)} over all targets, 0 when both are 0. */
    double reuseRatio();

    /** Sum of {@link TargetStats#used()}. */
    long used();

    /** Sum of {@link TargetStats#idle()}. */
    long idle();

    /** Sum of {@link TargetStats#safe()}. */
    long safe();

    /** Sum of {@link TargetStats#privateBusy()}. */
    long privateBusy();

    /** Sum of {@link TargetStats#privateIdle()}. */
    long privateIdle();

    /** Sum of {@link TargetStats#needEstimate()}. */
    long needEstimate();

    /**
     * New connections for {@code reason}, over all targets.
     *
     * @param reason the reason
     * @return the count
     */
    long connects(ConnectReason reason);

    /**
     * Closes for {@code reason}, over all targets.
     *
     * @param reason the reason
     * @return the count
     */
    long closes(CloseReason reason);

    /**
     * Failed exchanges of class {@code failureClass}, over all targets.
     *
     * @param failureClass the class
     * @return the count
     */
    long failures(FailureClass failureClass);
}
