package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

/**
 * A snapshot of one target's counters (docs/behaviour.md §4), taken under all of the target's locks, so
 * that the invariants of §1.4 hold within it. Gauges are exact at the instant of the snapshot; totals
 * only grow. Made by the engine only ({@link ReuseEngine#stats(Target)}).
 *
 * <p>Invariants: {@code open() == used() + idle() + safe() + privateBusy() + privateIdle()};
 * {@code used() ≤ peakUsed() ≤ needEstimate()}; the per-reason counts sum to their totals.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public interface TargetStats {
    /** The target's name. */
    String name();

    /** Leases served by a new connection, pre-connects and replays included. */
    long connect();

    /** Leases served by an existing connection. */
    long reuse();

    /** {@code reuse / (reuse + connect)}, 0 when both are 0. */
    double reuseRatio();

    /** Connections in EXCLUSIVE, AVAILABLE or SESSION_RESERVED. */
    long used();

    /** Parked IDLE connections, all loops. */
    long idle();

    /** Parked SAFE connections, all loops. */
    long safe();

    /** {@code idle + safe}. */
    long parked();

    /**
     * Parked connections on one event loop.
     *
     * @param loop the loop index
     * @return the count
     */
    long parked(int loop);

    /** PRIVATE_BUSY connections. */
    long privateBusy();

    /** PRIVATE_IDLE connections. */
    long privateIdle();

    /** Open connections: {@code used + idle + safe + privateBusy + privateIdle}. */
    long open();

    /** The estimated need (HAProxy {@code need_conn_est}). */
    long needEstimate();

    /** The highest {@code used} since the last purge pass. */
    long peakUsed();

    /** True if the target drains. */
    boolean draining();

    /**
     * New connections opened for {@code reason}.
     *
     * @param reason the reason
     * @return the count
     */
    long connects(ConnectReason reason);

    /**
     * Connections closed for {@code reason}.
     *
     * @param reason the reason
     * @return the count
     */
    long closes(CloseReason reason);

    /** All closes. */
    long closes();

    /**
     * Failed exchanges of class {@code failureClass}.
     *
     * @param failureClass the class
     * @return the count
     */
    long failures(FailureClass failureClass);
}
