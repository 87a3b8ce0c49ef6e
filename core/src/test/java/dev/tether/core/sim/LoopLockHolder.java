package dev.tether.core.sim;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.locks.Lock;

/**
 * Another thread of the host that holds one of the engine's loop locks while a simulation step runs
 * on the simulation thread, so that the step's try-locks of that loop fail (R21, R60): the lock is a
 * reentrant lock, which the simulation thread itself could always take.
 *
 * <p>Invariants: at most one lock is held at a time; {@link #hold} returns once it is held and
 * {@link #release} once it is free again.
 *
 * <p>Thread safety: {@link #hold} and {@link #release} are called by one thread, in turns; the
 * holder thread is a daemon and only ever takes the lock it is handed.
 */
final class LoopLockHolder {
    private static final Object RELEASE = new Object();
    private static LoopLockHolder instance;

    private final SynchronousQueue<Object> orders = new SynchronousQueue<>();
    private final SynchronousQueue<Object> done = new SynchronousQueue<>();

    private LoopLockHolder() {
        Thread t = new Thread(this::serve, "sim-loop-lock-holder");
        t.setDaemon(true);
        t.start();
    }

    static synchronized LoopLockHolder get() {
        if (instance == null) {
            instance = new LoopLockHolder();
        }
        return instance;
    }

    /** Returns once the holder thread holds {@code lock}. */
    void hold(Lock lock) {
        exchange(lock);
    }

    /** Returns once the holder thread released the lock it holds. */
    void release() {
        exchange(RELEASE);
    }

    private void exchange(Object order) {
        try {
            orders.put(order);
            done.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing over a loop lock", e);
        }
    }

    private void serve() {
        try {
            while (true) {
                Lock lock = (Lock) orders.take();
                lock.lock();
                try {
                    done.put(lock);
                    orders.take(); // RELEASE
                } finally {
                    lock.unlock();
                }
                done.put(RELEASE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
