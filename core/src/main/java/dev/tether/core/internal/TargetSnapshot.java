package dev.tether.core.internal;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectReason;
import dev.tether.core.FailureClass;
import dev.tether.core.TargetStats;
import dev.tether.core.annotations.ThreadSafe;

import java.util.Arrays;

/**
 * The engine's {@link TargetStats}: a target's stripes summed under all of its locks by
 * {@link StatsCollector}.
 *
 * <p>Invariants: never changes after construction; {@code sum} is owned by this object alone.
 *
 * <p>Thread safety: immutable (safely published through its final fields).
 */
@ThreadSafe
final class TargetSnapshot implements TargetStats {
    private final String name;
    private final Stripe sum;
    private final long[] parkedPerLoop;
    private final long needEstimate;
    private final long peakUsed;
    private final boolean draining;

    TargetSnapshot(String name, Stripe sum, long[] parkedPerLoop, long needEstimate, long peakUsed, boolean draining) {
        this.name = name;
        this.sum = sum;
        this.parkedPerLoop = parkedPerLoop;
        this.needEstimate = needEstimate;
        this.peakUsed = peakUsed;
        this.draining = draining;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long connect() {
        return sum.connect;
    }

    @Override
    public long reuse() {
        return sum.reuse;
    }

    @Override
    public double reuseRatio() {
        long all = sum.reuse + sum.connect;
        return all == 0 ? 0 : (double) sum.reuse / all;
    }

    @Override
    public long used() {
        return sum.used;
    }

    @Override
    public long idle() {
        return sum.idle;
    }

    @Override
    public long safe() {
        return sum.safe;
    }

    @Override
    public long parked() {
        return sum.parked();
    }

    @Override
    public long parked(int loop) {
        return parkedPerLoop[loop];
    }

    @Override
    public long privateBusy() {
        return sum.privateBusy;
    }

    @Override
    public long privateIdle() {
        return sum.privateIdle;
    }

    @Override
    public long open() {
        return sum.used + sum.parked() + sum.privateBusy + sum.privateIdle;
    }

    @Override
    public long needEstimate() {
        return needEstimate;
    }

    @Override
    public long peakUsed() {
        return peakUsed;
    }

    @Override
    public boolean draining() {
        return draining;
    }

    @Override
    public long connects(ConnectReason reason) {
        return sum.connectReasons[reason.ordinal()];
    }

    @Override
    public long closes(CloseReason reason) {
        return sum.closeReasons[reason.ordinal()];
    }

    @Override
    public long closes() {
        return Arrays.stream(sum.closeReasons).sum();
    }

    @Override
    public long failures(FailureClass failureClass) {
        return sum.failureClasses[failureClass.ordinal()];
    }

    @Override
    public String toString() {
        return "TargetStats{" + name + ": connect=" + sum.connect + ", reuse=" + sum.reuse + ", used=" + sum.used
                + ", idle=" + sum.idle + ", safe=" + sum.safe + ", privateBusy=" + sum.privateBusy
                + ", privateIdle=" + sum.privateIdle + ", needEstimate=" + needEstimate + ", closes=" + closes() + '}';
    }
}
