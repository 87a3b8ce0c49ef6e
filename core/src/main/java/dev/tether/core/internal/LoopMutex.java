package dev.tether.core.internal;

import dev.tether.core.annotations.ThreadSafe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;

/**
 * The mutual exclusion under a {@link LoopLock}: a test-and-test-and-set lock whose release is a
 * store with release order, not a full fence. An uncontended lock and unlock cost one compare-and-set;
 * {@code ReentrantLock} adds a volatile store (a full fence on x86) to every unlock, because its
 * unlock must see whether a waiter parked. Here a waiter never parks without a deadline: it spins
 * briefly, then sleeps in short timed parks and looks again, so no unlock has anyone to
 * wake. That fits a loop lock: it guards list moves of a few hundred nanoseconds, is taken by its own
 * loop's thread almost always, and by another thread only for a takeover (try-lock), a pass over the
 * whole target, or a snapshot.
 *
 * <p>Invariants: {@code held} is 1 exactly while one thread holds it, and {@code owner} is that
 * thread (written by the holder after taking it, cleared by the holder before giving it back, so a
 * thread reading {@code owner} sees itself exactly when it holds the lock). Not reentrant: a thread
 * that takes it again gets {@link IllegalStateException}, not a deadlock.
 *
 * <p>Thread safety: safe from any thread; {@code held} is changed only by compare-and-set (take) and
 * a release-ordered store by its holder (give back).
 */
@ThreadSafe
final class LoopMutex implements Lock {
    private static final VarHandle HELD;
    /** Looks a waiter takes, spinning, before it starts parking. */
    private static final int SPINS = 64;
    /** How long a waiter sleeps between two looks once it parks. */
    private static final long PARK_NANOS = 20_000;
    /** What {@link #waitFor} ended with. */
    private static final int TAKEN = 0;
    private static final int TIMED_OUT = 1;
    private static final int INTERRUPTED = 2;

    static {
        try {
            HELD = MethodHandles.lookup().findVarHandle(LoopMutex.class, "held", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through HELD
    private volatile int held;
    private Thread owner;

    @Override
    public void lock() {
        if (!HELD.compareAndSet(this, 0, 1)) {
            waitFor(Long.MAX_VALUE, false);
        }
        owner = Thread.currentThread();
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!HELD.compareAndSet(this, 0, 1) && waitFor(Long.MAX_VALUE, true) != TAKEN) {
            throw new InterruptedException();
        }
        owner = Thread.currentThread();
    }

    @Override
    public boolean tryLock() {
        if (HELD.compareAndSet(this, 0, 1)) {
            owner = Thread.currentThread();
            return true;
        }
        return false;
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (tryLock()) {
            return true;
        }
        long timeout = unit.toNanos(time);
        if (timeout <= 0) {
            return false;
        }
        int outcome = waitFor(System.nanoTime() + timeout, true);
        if (outcome == INTERRUPTED) {
            throw new InterruptedException();
        }
        if (outcome == TIMED_OUT) {
            return false;
        }
        owner = Thread.currentThread();
        return true;
    }

    /** Gives the lock back: a release-ordered store, no fence. */
    @Override
    public void unlock() {
        if (owner != Thread.currentThread()) {
            throw new IllegalMonitorStateException("loop lock not held by " + Thread.currentThread().getName());
        }
        owner = null;
        HELD.setRelease(this, 0);
    }

    /** Not supported: nothing waits on a loop lock's condition. */
    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("a loop lock has no conditions");
    }

    boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }

    /**
     * Takes the lock after a failed first try: spins, then parks for {@link #PARK_NANOS} at
     * a time, looking before each try. Returns {@link #TAKEN}; {@link #TIMED_OUT} once
     * {@code deadline} (a {@code System.nanoTime()} value; {@code Long.MAX_VALUE} for none) passed; or,
     * if {@code interruptible}, {@link #INTERRUPTED} with the thread's interrupt cleared.
     */
    private int waitFor(long deadline, boolean interruptible) {
        if (owner == Thread.currentThread()) {
            throw new IllegalStateException("a loop lock is not reentrant: " + Thread.currentThread().getName()
                    + " holds it already");
        }
        for (int tries = 0; ; tries++) {
            if ((int) HELD.getOpaque(this) == 0 && HELD.compareAndSet(this, 0, 1)) {
                return TAKEN;
            }
            if (interruptible && Thread.interrupted()) {
                return INTERRUPTED;
            }
            if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0) {
                return TIMED_OUT;
            }
            if (tries < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
        }
    }

    @Override
    public String toString() {
        Thread o = owner;
        return "LoopMutex{" + (o == null ? "free" : "held by " + o.getName()) + '}';
    }
}
