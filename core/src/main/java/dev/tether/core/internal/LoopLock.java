package dev.tether.core.internal;

import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.ThreadSafe;

import java.util.ArrayDeque;

/**
 * The lock of one {@link LoopPool}, and the connections it moved to CLOSING whose transports close
 * once the lock is free (§1.3): nothing is closed, and no listener called, while any loop lock is
 * held. Whoever takes it with {@link #lock()} or {@link #tryLock()} gives it back with
 * {@link #unlock()} in the same method; passes over a whole target use {@link #lockAll} and
 * {@link #unlockAll} together.
 *
 * <p>Invariants: a queued connection is CLOSING and off every list; {@code queued} is the queue's
 * size; after {@link #unlock()} returns, nothing this thread queued is left unclosed.
 *
 * <p>Thread safety: the queue is guarded by the lock, a {@link LoopMutex} (not reentrant; its unlock
 * is a release store, no fence); {@code queued} is volatile so that the common unlock reads it
 * without a second look at the queue.
 */
@ThreadSafe
final class LoopLock {
    private final TargetPool pool;
    private final LoopMutex lock = new LoopMutex();
    @GuardedBy("lock")
    private final ArrayDeque<Conn> closing = new ArrayDeque<>();
    private volatile int queued;

    LoopLock(TargetPool pool) {
        this.pool = pool;
    }

    void lock() {
        lock.lock();
    }

    boolean tryLock() {
        return lock.tryLock();
    }

    boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    /** Queues {@code c}, just moved to CLOSING, for its transport to close after the lock is released. */
    @GuardedBy("lock")
    void closeAfterUnlock(Conn c) {
        closing.addLast(c);
        queued++;
    }

    /** Releases the lock, then closes the transports queued while it was held, outside any lock. */
    void unlock() {
        assert lock.isHeldByCurrentThread();
        if (queued == 0) {
            lock.unlock(); // the common case: nothing to close
            return;
        }
        while (true) {
            Conn c = closing.pollFirst();
            if (c != null) {
                queued--;
            }
            lock.unlock();
            if (c == null) {
                return;
            }
            finishClose(c);
            if (queued == 0) {
                return;
            }
            lock.lock();
        }
    }

    /** Takes every loop lock of a target, in index order (passes over the whole target). */
    static void lockAll(LoopPool[] loops) {
        for (LoopPool lp : loops) {
            lp.lock.lock.lock();
        }
    }

    /** Gives back what {@link #lockAll} took, then closes what the pass queued, with no lock held. */
    static void unlockAll(LoopPool[] loops) {
        for (int i = loops.length - 1; i >= 0; i--) {
            loops[i].lock.lock.unlock();
        }
        for (LoopPool lp : loops) {
            if (lp.lock.queued > 0) {
                lp.lock.lock();
                lp.lock.unlock();
            }
        }
    }

    /** §1.3: the transport closes with no lock held; then CLOSED, the listener, and waiters (E3). */
    private void finishClose(Conn c) {
        c.closeTransportQuietly();
        LoopPool.closed(c);
        pool.engine.notifyClose(c);
        pool.waiters.onCapacity();
    }
}
