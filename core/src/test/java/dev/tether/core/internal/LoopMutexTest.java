package dev.tether.core.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The loop lock's mutual exclusion: its waiters never park without a deadline, so these check that a
 * waiter still gets the lock once it is given back (from spinning, yielding and parked waits), that
 * no two threads are ever inside at once, and its refusals (re-entry, unlock by a non-holder).
 */
class LoopMutexTest {
    private static final int ROUNDS = 200_000;

    /** A counter only the lock guards: lost updates would show a race. */
    private long guarded;

    @Test
    void twoThreadsContendingNeverOverlapAndLoseNoUpdate() throws Exception {
        LoopMutex m = new LoopMutex();
        AtomicBoolean inside = new AtomicBoolean();
        AtomicBoolean overlapped = new AtomicBoolean();
        Runnable work = () -> {
            for (int i = 0; i < ROUNDS; i++) {
                m.lock();
                try {
                    if (!inside.compareAndSet(false, true)) {
                        overlapped.set(true);
                    }
                    guarded++;
                    inside.set(false);
                } finally {
                    m.unlock();
                }
            }
        };
        CompletableFuture<Void> other = CompletableFuture.runAsync(work);
        work.run();
        other.get(60, TimeUnit.SECONDS);
        assertThat(overlapped).isFalse();
        assertThat(guarded).isEqualTo(2L * ROUNDS);
    }

    @Test
    void aWaiterGetsTheLockOnceItIsGivenBackEvenAfterParking() throws Exception {
        LoopMutex m = new LoopMutex();
        m.lock();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            m.lock(); // spins, then parks in short timed waits until the lock is free
            boolean held = m.isHeldByCurrentThread();
            m.unlock();
            return held;
        });
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
        // The waiter cannot have it while this thread holds it.
        assertThat(m.tryLock()).as("not reentrant: a second take by the holder fails").isFalse();
        assertThat(waiter.isDone()).isFalse();
        m.unlock();
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(m.tryLock()).isTrue();
        m.unlock();
    }

    @Test
    void parkedWaitersTakeTheLockOnceItIsGivenBack() throws Exception {
        LoopMutex m = new LoopMutex();
        CompletableFuture<Boolean> timed = new CompletableFuture<>();
        CompletableFuture<Boolean> interruptible = new CompletableFuture<>();
        m.lock();
        Thread a = new Thread(() -> {
            try {
                boolean got = m.tryLock(60, TimeUnit.SECONDS);
                timed.complete(got && m.isHeldByCurrentThread());
                m.unlock();
            } catch (InterruptedException e) {
                timed.completeExceptionally(e);
            }
        });
        Thread b = new Thread(() -> {
            try {
                m.lockInterruptibly();
                interruptible.complete(m.isHeldByCurrentThread());
                m.unlock();
            } catch (InterruptedException e) {
                interruptible.completeExceptionally(e);
            }
        });
        a.start();
        b.start();
        assertThat(parked(a) && parked(b)).as("both waiters reached their timed parks").isTrue();
        m.unlock();
        assertThat(timed.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(interruptible.get(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aZeroOrNegativeWaitIsATryLock() throws Exception {
        LoopMutex m = new LoopMutex();
        m.lock();
        try {
            assertThat(CompletableFuture.supplyAsync(() -> {
                try {
                    return m.tryLock(0, TimeUnit.SECONDS) || m.tryLock(-1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }).get(10, TimeUnit.SECONDS)).isFalse();
        } finally {
            m.unlock();
        }
    }

    /** True once {@code t} is parked in a timed wait (it spun and found the lock still held), within 30 s. */
    private static boolean parked(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() - deadline < 0) {
            if (t.getState() == Thread.State.TIMED_WAITING) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    @Test
    void tryLockFailsWhileAnotherThreadHoldsItAndTheTimedOneGivesUp() throws Exception {
        LoopMutex m = new LoopMutex();
        m.lock();
        try {
            assertThat(CompletableFuture.supplyAsync(m::tryLock).get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(CompletableFuture.supplyAsync(() -> {
                try {
                    return m.tryLock(2, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }).get(10, TimeUnit.SECONDS)).isFalse();
        } finally {
            m.unlock();
        }
        assertThat(CompletableFuture.supplyAsync(() -> {
            try {
                boolean got = m.tryLock(0, TimeUnit.MILLISECONDS) || m.tryLock(1, TimeUnit.SECONDS);
                m.unlock();
                return got;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }).get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aTimedWaitTakesTheLockWhenItIsGivenBackInTime() throws Exception {
        LoopMutex m = new LoopMutex();
        m.lock();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            try {
                boolean got = m.tryLock(30, TimeUnit.SECONDS);
                m.unlock();
                return got;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
        m.unlock();
        assertThat(waiter.get(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anInterruptedWaiterStopsWaiting() throws Exception {
        LoopMutex m = new LoopMutex();
        m.lock();
        try {
            Thread.currentThread().interrupt();
            assertThatThrownBy(m::lockInterruptibly).isInstanceOf(InterruptedException.class);
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                started.countDown();
                try {
                    m.lockInterruptibly();
                    outcome.complete(null);
                } catch (InterruptedException e) {
                    outcome.complete(e);
                }
            });
            t.start();
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(parked(t)).as("the waiter reached its timed park").isTrue();
            t.interrupt();
            assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> m.tryLock(1, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
            m.unlock();
        }
        m.lockInterruptibly();
        assertThat(m.isHeldByCurrentThread()).isTrue();
        m.unlock();
    }

    @Test
    void reEntryUnlockByAnotherThreadAndConditionsAreRefused() throws Exception {
        LoopMutex m = new LoopMutex();
        assertThat(m.isHeldByCurrentThread()).isFalse();
        assertThat(m).hasToString("LoopMutex{free}");
        m.lock();
        try {
            assertThat(m.isHeldByCurrentThread()).isTrue();
            assertThat(m.toString()).contains("held by " + Thread.currentThread().getName());
            assertThatThrownBy(m::lock).isInstanceOf(IllegalStateException.class).hasMessageContaining("not reentrant");
            Throwable byOther = CompletableFuture.supplyAsync(() -> {
                try {
                    m.unlock();
                    return null;
                } catch (IllegalMonitorStateException e) {
                    return e;
                }
            }).get(10, TimeUnit.SECONDS);
            assertThat(byOther).isInstanceOf(IllegalMonitorStateException.class);
            assertThat(CompletableFuture.supplyAsync(m::isHeldByCurrentThread).get(10, TimeUnit.SECONDS)).isFalse();
        } finally {
            m.unlock();
        }
        assertThatThrownBy(m::unlock).isInstanceOf(IllegalMonitorStateException.class);
        assertThatThrownBy(m::newCondition).isInstanceOf(UnsupportedOperationException.class);
    }
}
