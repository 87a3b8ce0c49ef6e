package dev.tether.core.internal;

import dev.tether.core.AcquireException;
import dev.tether.core.AcquireFailure;
import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.ThreadSafe;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The requests waiting at a target's connection cap (docs/behaviour.md E3), oldest first. Whenever a
 * stream of the target is released or one of its connections closes, the oldest waiter retries the
 * full acquire on its own loop; a waiter not served within {@code acquireTimeout} fails through
 * {@code maintain}.
 *
 * <p>Invariants: every queued lease is PENDING; at most {@code maxWaiters} are queued; at most one
 * retry is scheduled at a time.
 *
 * <p>Thread safety: the queue is guarded by this object's monitor; retries and failures run on the
 * waiting session's loop through the host's executor. Nothing is allocated unless a request waits.
 */
@ThreadSafe
final class Waiters {
    private final TargetPool pool;
    @GuardedBy("this")
    private final ArrayDeque<LeaseImpl> queue = new ArrayDeque<>();
    @GuardedBy("this")
    private boolean retryScheduled;
    private volatile int size;

    Waiters(TargetPool pool) {
        this.pool = pool;
    }

    /**
     * Queues {@code lease}, now pending, if fewer than {@code maxWaiters} wait and the target does not drain: a
     * drain sets the flag before it fails the queue under this monitor, so a lease queued here is
     * either failed by that drain or never queued.
     */
    synchronized boolean offer(LeaseImpl lease, long now) {
        if (queue.size() >= pool.limits.maxWaiters() || pool.isDraining()) {
            return false;
        }
        long timeout = pool.limits.acquireTimeoutNanos();
        lease.pend(timeout > 0 ? now + timeout : TargetPool.NO_DEADLINE);
        queue.addLast(lease);
        size = queue.size();
        return true;
    }


    /** Capacity may have appeared: schedules a retry of the oldest waiter on its loop. */
    void onCapacity() {
        if (size == 0) {
            return;
        }
        LeaseImpl head;
        synchronized (this) {
            head = queue.peekFirst();
            if (head == null || retryScheduled) {
                return;
            }
            retryScheduled = true;
        }
        pool.engine.executor(head.session.loop).execute(() -> retry(head));
    }

    private void retry(LeaseImpl lease) {
        synchronized (this) {
            retryScheduled = false;
            if (queue.peekFirst() != lease) {
                onCapacity();
                return;
            }
        }
        try {
            if (pool.engine.retryWaiter(lease)) {
                remove(lease);
                pool.engine.leaseReady(lease);
            }
        } catch (AcquireException e) {
            remove(lease);
            pool.engine.leaseFailed(lease, e);
            onCapacity(); // what its failed connect gave back is the next waiter's to try
        }
    }

    private synchronized void remove(LeaseImpl lease) {
        queue.remove(lease);
        size = queue.size();
    }

    /** Fails every waiter whose deadline passed; returns the earliest remaining deadline. */
    long expire(long now) {
        if (size == 0) {
            return TargetPool.NO_DEADLINE;
        }
        List<LeaseImpl> expired = new ArrayList<>();
        long next = TargetPool.NO_DEADLINE;
        synchronized (this) {
            for (LeaseImpl l : queue) {
                if (l.deadlineNanos != TargetPool.NO_DEADLINE && l.deadlineNanos - now <= 0) {
                    expired.add(l);
                } else {
                    next = Maintenance.earliest(next, l.deadlineNanos);
                }
            }
            queue.removeAll(expired);
            size = queue.size();
        }
        for (LeaseImpl l : expired) {
            failLater(l, new AcquireException(AcquireFailure.TIMEOUT, "no connection to target " + pool.name()
                    + " within acquireTimeout " + pool.limits.acquireTimeoutNanos() + " ns"));
        }
        return next;
    }

    /** Fails every waiter (drain, removal). */
    void failAll(AcquireFailure failure, String message) {
        List<LeaseImpl> all;
        synchronized (this) {
            all = new ArrayList<>(queue);
            queue.clear();
            size = 0;
        }
        for (LeaseImpl l : all) {
            failLater(l, new AcquireException(failure, message));
        }
    }

    /** Fails the waiters of a closing session, on its own thread. */
    void failSession(SessionImpl s) {
        if (size == 0) {
            return;
        }
        List<LeaseImpl> mine = new ArrayList<>();
        synchronized (this) {
            for (LeaseImpl l : queue) {
                if (l.session == s) {
                    mine.add(l);
                }
            }
            queue.removeAll(mine);
            size = queue.size();
        }
        for (LeaseImpl l : mine) {
            pool.engine.leaseFailed(l, new AcquireException(AcquireFailure.SESSION_CLOSED,
                    "session " + s.id + " closed while waiting for target " + pool.name()));
        }
    }

    private void failLater(LeaseImpl l, AcquireException e) {
        pool.engine.executor(l.session.loop).execute(() -> pool.engine.leaseFailed(l, e));
    }
}
