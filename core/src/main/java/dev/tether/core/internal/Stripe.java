package dev.tether.core.internal;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectReason;
import dev.tether.core.ConnectionState;
import dev.tether.core.FailureClass;
import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.NotThreadSafe;

/**
 * One event loop's share of a target's counters (docs/behaviour.md §4). A target's value is the sum
 * of its stripes; each stripe is written only under its {@link LoopPool}'s lock, so updates need no
 * atomic instruction. {@code idle} and {@code safe} are exact per loop (parked connections live on
 * their home loop); {@code used} of one stripe may be negative after a takeover moved a connection
 * between loops: only the sum is a gauge.
 *
 * <p>Thread safety: guarded by its {@code LoopPool.lock}; other threads may read it without the
 * lock for approximate cross-loop decisions (as HAProxy's counters are).
 */
@NotThreadSafe
final class Stripe {
    @GuardedBy("LoopPool.lock")
    long used;
    @GuardedBy("LoopPool.lock")
    long idle;
    @GuardedBy("LoopPool.lock")
    long safe;
    @GuardedBy("LoopPool.lock")
    long privateBusy;
    @GuardedBy("LoopPool.lock")
    long privateIdle;
    @GuardedBy("LoopPool.lock")
    long connect;
    @GuardedBy("LoopPool.lock")
    long reuse;
    final long[] connectReasons = new long[ConnectReason.values().length];
    final long[] closeReasons = new long[CloseReason.values().length];
    final long[] failureClasses = new long[FailureClass.values().length];

    /** Adds {@code delta} to the gauge that counts connections in {@code state}, if any. */
    void count(ConnectionState state, int delta) {
        switch (state) {
            case EXCLUSIVE:
            case AVAILABLE:
            case SESSION_RESERVED:
                used += delta;
                break;
            case IDLE:
                idle += delta;
                break;
            case SAFE:
                safe += delta;
                break;
            case PRIVATE_BUSY:
                privateBusy += delta;
                break;
            case PRIVATE_IDLE:
                privateIdle += delta;
                break;
            default:
                break;
        }
    }

    long parked() {
        return idle + safe;
    }

    /** Adds every counter of {@code other} to this one (a snapshot's sum; {@code other}'s lock held). */
    void add(Stripe other) {
        used += other.used;
        idle += other.idle;
        safe += other.safe;
        privateBusy += other.privateBusy;
        privateIdle += other.privateIdle;
        connect += other.connect;
        reuse += other.reuse;
        addAll(connectReasons, other.connectReasons);
        addAll(closeReasons, other.closeReasons);
        addAll(failureClasses, other.failureClasses);
    }

    private static void addAll(long[] into, long[] from) {
        for (int i = 0; i < from.length; i++) {
            into[i] += from[i];
        }
    }
}
