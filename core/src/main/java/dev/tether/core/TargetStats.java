package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

import java.util.Arrays;

/**
 * A snapshot of one target's counters (docs/behaviour.md §4), taken under all of the target's locks, so
 * that the invariants of §1.4 hold within it. Gauges are exact at the instant of the snapshot; totals
 * only grow.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public final class TargetStats {
    private final String name;
    private final long connect;
    private final long reuse;
    private final long used;
    private final long idle;
    private final long safe;
    private final long[] parkedPerLoop;
    private final long privateBusy;
    private final long privateIdle;
    private final long needEstimate;
    private final long peakUsed;
    private final boolean draining;
    private final long[] connectReasons;
    private final long[] closeReasons;
    private final long[] failureClasses;

    /**
     * Creates a snapshot; the engine makes them ({@link ReuseEngine#stats(Target)}).
     *
     * @param name the target's name
     * @param totals {@code connect} and {@code reuse}
     * @param gauges {@code used, idle, safe, privateBusy, privateIdle, needEstimate, peakUsed}
     * @param parkedPerLoop parked connections per event loop
     * @param draining whether the target drains
     * @param connectReasons counts indexed by {@link ConnectReason#ordinal()}
     * @param closeReasons counts indexed by {@link CloseReason#ordinal()}
     * @param failureClasses counts indexed by {@link FailureClass#ordinal()}
     */
    public TargetStats(String name, long[] totals, long[] gauges, long[] parkedPerLoop, boolean draining,
                       long[] connectReasons, long[] closeReasons, long[] failureClasses) {
        this.name = name;
        this.connect = totals[0];
        this.reuse = totals[1];
        this.used = gauges[0];
        this.idle = gauges[1];
        this.safe = gauges[2];
        this.privateBusy = gauges[3];
        this.privateIdle = gauges[4];
        this.needEstimate = gauges[5];
        this.peakUsed = gauges[6];
        this.parkedPerLoop = parkedPerLoop.clone();
        this.draining = draining;
        this.connectReasons = connectReasons.clone();
        this.closeReasons = closeReasons.clone();
        this.failureClasses = failureClasses.clone();
    }

    /** The target's name. */
    public String name() {
        return name;
    }

    /** Leases served by a new connection, pre-connects and replays included. */
    public long connect() {
        return connect;
    }

    /** Leases served by an existing connection. */
    public long reuse() {
        return reuse;
    }

    /** {@code reuse / (reuse + connect)}, 0 when both are 0. */
    public double reuseRatio() {
        long all = reuse + connect;
        return all == 0 ? 0 : (double) reuse / all;
    }

    /** Connections in EXCLUSIVE, AVAILABLE or SESSION_RESERVED. */
    public long used() {
        return used;
    }

    /** Parked IDLE connections, all loops. */
    public long idle() {
        return idle;
    }

    /** Parked SAFE connections, all loops. */
    public long safe() {
        return safe;
    }

    /** {@code idle + safe}. */
    public long parked() {
        return idle + safe;
    }

    /**
     * Parked connections on one event loop.
     *
     * @param loop the loop index
     * @return the count
     */
    public long parked(int loop) {
        return parkedPerLoop[loop];
    }

    /** PRIVATE_BUSY connections. */
    public long privateBusy() {
        return privateBusy;
    }

    /** PRIVATE_IDLE connections. */
    public long privateIdle() {
        return privateIdle;
    }

    /** Open connections: {@code used + idle + safe + privateBusy + privateIdle}. */
    public long open() {
        return used + idle + safe + privateBusy + privateIdle;
    }

    /** The estimated need (HAProxy {@code need_conn_est}). */
    public long needEstimate() {
        return needEstimate;
    }

    /** The highest {@code used} since the last purge pass. */
    public long peakUsed() {
        return peakUsed;
    }

    /** True if the target drains. */
    public boolean draining() {
        return draining;
    }

    /**
     * New connections opened for {@code reason}.
     *
     * @param reason the reason
     * @return the count
     */
    public long connects(ConnectReason reason) {
        return connectReasons[reason.ordinal()];
    }

    /**
     * Connections closed for {@code reason}.
     *
     * @param reason the reason
     * @return the count
     */
    public long closes(CloseReason reason) {
        return closeReasons[reason.ordinal()];
    }

    /** All closes. */
    public long closes() {
        return Arrays.stream(closeReasons).sum();
    }

    /**
     * Failed exchanges of class {@code failureClass}.
     *
     * @param failureClass the class
     * @return the count
     */
    public long failures(FailureClass failureClass) {
        return failureClasses[failureClass.ordinal()];
    }

    @Override
    public String toString() {
        return "TargetStats{" + name + ": connect=" + connect + ", reuse=" + reuse + ", used=" + used
                + ", idle=" + idle + ", safe=" + safe + ", privateBusy=" + privateBusy
                + ", privateIdle=" + privateIdle + ", needEstimate=" + needEstimate + ", closes=" + closes() + '}';
    }
}
