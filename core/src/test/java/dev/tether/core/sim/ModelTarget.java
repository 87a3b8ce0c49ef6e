package dev.tether.core.sim;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectReason;
import dev.tether.core.ConnectionState;
import dev.tether.core.FailureClass;
import dev.tether.core.ReusePolicy;

import java.util.ArrayList;
import java.util.List;

/**
 * A target of the {@link ReuseModel} with one event loop: its AVAILABLE list, its parked connections
 * in LRU order (the IDLE and SAFE lists of a key are this list filtered by state and key, since both
 * keep parking order, R16, R51), its open connections, its counters and its purge deadline.
 * Gauges are recomputed from the states of the open connections (§1.4), never kept.
 *
 * <p>Invariants: {@code live} holds exactly the open connections; {@code available} exactly the
 * AVAILABLE ones; {@code parked} exactly the IDLE and SAFE ones, head = least recently parked;
 * {@code peakUsed ≤ estimatedNeed} and {@code used ≤ peakUsed}.
 *
 * <p>Thread safety: not thread safe.
 */
final class ModelTarget {
    final int index;
    final ReusePolicy policy;
    final boolean dispatch;
    final boolean h2;
    final int h2Cap;
    final int maxIdlePerTarget;
    final int maxReuse;
    final int lowIdle;
    final long purgeDelayNanos;

    boolean draining;
    final List<ModelConn> live = new ArrayList<>();
    final List<ModelConn> available = new ArrayList<>();
    final List<ModelConn> parked = new ArrayList<>();
    long connect;
    long reuse;
    long peakUsed;
    long estimatedNeed;
    final long[] connectReasons = new long[ConnectReason.values().length];
    final long[] closeReasons = new long[CloseReason.values().length];
    final long[] failureClasses = new long[FailureClass.values().length];
    boolean deadlineArmed;
    long deadline;

    ModelTarget(int index, SimConfig.TargetSpec spec) {
        this.index = index;
        this.policy = spec.policy;
        this.dispatch = spec.dispatch;
        this.h2 = spec.h2;
        this.h2Cap = spec.h2Cap;
        this.maxIdlePerTarget = spec.maxIdlePerTarget;
        this.maxReuse = spec.maxReuse;
        this.lowIdle = spec.lowIdle;
        this.purgeDelayNanos = spec.purgeDelayNanos;
    }

    /** R1: a dispatch target behaves as NEVER whatever its policy. */
    boolean effectivelyNever() {
        return policy == ReusePolicy.NEVER || dispatch;
    }

    long count(ConnectionState s) {
        long n = 0;
        for (ModelConn c : live) {
            if (c.state == s) {
                n++;
            }
        }
        return n;
    }

    /** §1.4: EXCLUSIVE + AVAILABLE + SESSION_RESERVED. */
    long used() {
        return count(ConnectionState.EXCLUSIVE) + count(ConnectionState.AVAILABLE)
                + count(ConnectionState.SESSION_RESERVED);
    }

    long parkedCount() {
        return parked.size();
    }

    /** §1.4, R18, R25: each increment of {@code used} raises peakUsed and estimatedNeed to it. */
    void raiseAfterUsedIncrement() {
        long used = used();
        peakUsed = Math.max(peakUsed, used);
        estimatedNeed = Math.max(estimatedNeed, used);
    }

    /** The first parked connection in {@code state} with {@code key}, parked earliest (R16). */
    ModelConn firstParked(ConnectionState state, int key) {
        for (ModelConn c : parked) {
            if (c.state == state && c.key == key) {
                return c;
            }
        }
        return null;
    }

    boolean hasParked(ConnectionState state) {
        for (ModelConn c : parked) {
            if (c.state == state) {
                return true;
            }
        }
        return false;
    }

    String name() {
        return "T" + (index + 1);
    }
}
