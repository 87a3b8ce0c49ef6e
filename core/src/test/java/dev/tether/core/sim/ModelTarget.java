package dev.tether.core.sim;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectReason;
import dev.tether.core.ConnectionState;
import dev.tether.core.FailureClass;
import dev.tether.core.ReusePolicy;

import java.util.ArrayList;
import java.util.List;

/**
 * A target of the {@link ReuseModel}: per event loop its AVAILABLE list and its parked connections in
 * LRU order (the IDLE and SAFE lists of a key on a loop are that loop's LRU filtered by state and key,
 * since both keep parking order, R16, R51), its open connections, its counters, its takeover cursor
 * (R60), its purge deadline, and its E6 pre-connect wish. Gauges are recomputed from the states of the open connections (§1.4),
 * never kept.
 *
 * <p>Invariants: {@code live} holds exactly the open connections; {@code available[l]} exactly the
 * AVAILABLE ones homed on loop {@code l}; {@code parked[l]} exactly the IDLE and SAFE ones homed on
 * loop {@code l}, head = least recently parked; {@code peakUsed ≤ estimatedNeed} and
 * {@code used ≤ peakUsed}.
 *
 * <p>Thread safety: not thread safe.
 */
final class ModelTarget {
    final int index;
    final SimConfig.TargetSpec spec;
    final ReusePolicy policy;
    final boolean dispatch;
    final boolean h2;
    final int h2Cap;
    final int maxIdlePerTarget;
    final int maxReuse;
    final int lowIdle;
    final long purgeDelayNanos;
    final long maxLifetimeNanos;
    final long parkedIdleTimeoutNanos;
    /** E3: the cap on open connections, or −1. */
    final int maxConnections;
    final int maxWaiters;
    final long acquireTimeoutNanos;
    /** E3: the requests waiting at the cap, oldest first. */
    final java.util.ArrayDeque<ReuseModel.Request> waiters = new java.util.ArrayDeque<>();
    /** E3: a retry of the oldest waiter is scheduled and has not run yet. */
    boolean retryScheduled;
    /** E6: the key pre-connected (at most one per target in the simulation), or −1. */
    /** E6: the pre-connected keys and their counts, in the order they were first asked for. */
    final java.util.LinkedHashMap<Integer, Integer> preconnect = new java.util.LinkedHashMap<>();

    boolean draining;
    final List<ModelConn> live = new ArrayList<>();
    final List<List<ModelConn>> available = new ArrayList<>();
    final List<List<ModelConn>> parked = new ArrayList<>();
    long connect;
    long reuse;
    long peakUsed;
    long estimatedNeed;
    /** R60: the loop the next takeover scan starts at (modulo the number of loops). */
    int takeoverCursor;
    final long[] connectReasons = new long[ConnectReason.values().length];
    final long[] closeReasons = new long[CloseReason.values().length];
    final long[] failureClasses = new long[FailureClass.values().length];
    boolean deadlineArmed;
    long deadline;

    ModelTarget(int index, SimConfig.TargetSpec spec, int loops) {
        this.index = index;
        this.spec = spec;
        this.policy = spec.policy;
        this.dispatch = spec.dispatch;
        this.h2 = spec.h2;
        this.h2Cap = spec.h2Cap;
        this.maxIdlePerTarget = spec.maxIdlePerTarget;
        this.maxReuse = spec.maxReuse;
        this.lowIdle = spec.lowIdle;
        this.purgeDelayNanos = spec.purgeDelayNanos;
        this.maxLifetimeNanos = spec.maxLifetimeNanos;
        this.parkedIdleTimeoutNanos = spec.parkedIdleTimeoutNanos;
        this.maxConnections = spec.maxConnections;
        this.maxWaiters = spec.maxWaiters;
        this.acquireTimeoutNanos = spec.acquireTimeoutNanos;
        for (int l = 0; l < loops; l++) {
            available.add(new ArrayList<>());
            parked.add(new ArrayList<>());
        }
    }

    int loops() {
        return parked.size();
    }

    boolean pinned(int key) {
        return spec.pinned(key);
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

    /** §1.4: parked over all loops. */
    long parkedCount() {
        long n = 0;
        for (List<ModelConn> l : parked) {
            n += l.size();
        }
        return n;
    }

    long parkedOn(int loop) {
        return parked.get(loop).size();
    }

    /** §1.4, R18, R25: each increment of {@code used} raises peakUsed and estimatedNeed to it. */
    void raiseAfterUsedIncrement() {
        long used = used();
        peakUsed = Math.max(peakUsed, used);
        estimatedNeed = Math.max(estimatedNeed, used);
    }

    /** Whether loop {@code loop} has a parked connection in {@code state} (any key). */
    boolean hasParked(int loop, ConnectionState state) {
        for (ModelConn c : parked.get(loop)) {
            if (c.state == state) {
                return true;
            }
        }
        return false;
    }

    /** E6: open non-private connections with {@code key}, in any state. */
    int openWithKey(int key) {
        int n = 0;
        for (ModelConn c : live) {
            n += c.key == key && !c.priv ? 1 : 0;
        }
        return n;
    }

    /** E6: whether purge must keep {@code c}, as closing it would take its pre-connected key's parked count below the wish. */
    boolean preconnectProtects(ModelConn c) {
        Integer count = preconnect.get(c.key);
        if (count == null) {
            return false;
        }
        int parkedWithKey = 0;
        for (List<ModelConn> l : parked) {
            for (ModelConn p : l) {
                parkedWithKey += p.key == c.key ? 1 : 0;
            }
        }
        return parkedWithKey <= count;
    }

    /**
     * E3: the least recently parked connection over all loops (any key), skipping a loop whose lock
     * another thread holds; on equal parking times the lowest loop's.
     */
    ModelConn capVictim(int lockedLoop) {
        ModelConn best = null;
        for (int l = 0; l < parked.size(); l++) {
            if (l == lockedLoop || parked.get(l).isEmpty()) {
                continue;
            }
            ModelConn head = parked.get(l).get(0);
            if (best == null || head.parkedAt < best.parkedAt) {
                best = head;
            }
        }
        return best;
    }

    /** Takes {@code c} off its loop's lists (parked or AVAILABLE); it stays open. */
    void unlist(ModelConn c) {
        available.get(c.home).remove(c);
        parked.get(c.home).remove(c);
    }

    String name() {
        return "T" + (index + 1);
    }
}
