package dev.tether.examples.nio;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.core.annotations.ThreadSafe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One java.nio event loop: a thread, a {@link Selector}, a queue of tasks handed over from other
 * threads and a heap of timers. Every channel registered here, and every object confined to this
 * loop (sessions, muxes, frontends), is only touched by its thread.
 *
 * <p>Invariants: tasks run in submission order on the loop thread; a timer runs at most once per
 * {@link Timer#arm arming}, on the loop thread, not before its deadline, and never after
 * {@link Timer#cancel()} (until armed again); a timer is in the heap at most once, keyed by a deadline
 * no later than its due time (re-arming later leaves it in place, it is re-queued when that key
 * passes: no heap operation per re-arm); a socket queued by
 * {@link NioSocket#flushLater()} is flushed before the loop next waits in {@code select}, so output
 * is batched per loop iteration but never held across a wait; after {@link #shutdown()} returns,
 * the thread has ended and every registered channel is closed.
 *
 * <p>Thread safety: {@link #execute}, {@link #inLoop()} and {@link #shutdown()} may be called from any
 * thread; {@link #register} and {@link #schedule} only from the loop thread.
 */
@ThreadSafe
public final class EventLoop implements Executor {
    private static final long MAX_SELECT_MILLIS = 1_000;
    /** How long the loop runs without finding an idle select before it yields its core once. */
    private static final long YIELD_AFTER_BUSY_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

    private final int index;
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Timers by deadline. Confined to the loop thread. */
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private long timerSequence;
    /** When a select last found nothing, or the loop last yielded. Confined to the loop thread. */
    private long restedAtNanos;
    /** Cancelled (disarmed) timers still in the heap; they are swept when they are the majority. */
    private int cancelledTimers;
    /** Sockets with output to write before the next select, in queue order. Confined to the loop thread. */
    private NioSocket[] deferred = new NioSocket[64];
    /** How many entries of {@code deferred} are in use. Confined to the loop thread. */
    private int deferredCount;
    /** Hands each ready key to its handler; one instance, so a select allocates no callback. */
    private final Consumer<SelectionKey> dispatcher = this::dispatch;

    /**
     * Opens the selector and starts the loop thread.
     *
     * @param index the loop's index, the one the reuse engine knows it by
     * @param name the thread name
     */
    public EventLoop(int index, String name) {
        this.index = index;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The loop's index. */
    public int index() {
        return index;
    }

    /** True when called from this loop's thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /**
     * Runs {@code task} on the loop thread, after the tasks submitted before it. Tasks submitted
     * after shutdown are dropped.
     *
     * @param task the task
     */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        // From the loop thread no wakeup is needed: the loop looks at the queue before every select.
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /**
     * Queues {@code s} to be flushed before this loop next waits in {@code select}, once however often
     * it is queued meanwhile. Loop thread only.
     *
     * @param s a socket of this loop
     */
    void deferFlush(NioSocket s) {
        assert inLoop() : "deferFlush off the loop";
        if (s.flushQueued || s.isClosed()) {
            return;
        }
        s.flushQueued = true;
        if (deferredCount == deferred.length) {
            deferred = Arrays.copyOf(deferred, deferredCount * 2);
        }
        deferred[deferredCount++] = s;
    }

    /**
     * Registers a channel with this loop's selector. Loop thread only.
     *
     * @param channel a non-blocking channel
     * @param ops the initial interest set
     * @param handler called on the loop thread when the channel is ready
     * @return the selection key, whose attachment is {@code handler}
     * @throws ClosedChannelException if the channel is closed
     */
    public SelectionKey register(SelectableChannel channel, int ops, IoHandler handler) throws ClosedChannelException {
        assert inLoop() : "register off the loop";
        return channel.register(selector, ops, handler);
    }

    /**
     * Schedules {@code task} to run on the loop thread once {@code delayNanos} have passed. Loop
     * thread only.
     *
     * @param delayNanos the delay, ≥ 0
     * @param task the task
     * @return the timer, which {@link Timer#cancel()} stops
     */
    public Timer schedule(long delayNanos, Runnable task) {
        Timer t = new Timer(this, task);
        t.arm(delayNanos);
        return t;
    }

    /**
     * A timer for {@code task}, not armed: {@link Timer#arm} it as often as needed (a connection's idle
     * or response timeout), which allocates nothing. Loop thread only.
     *
     * @param task what runs when an arming expires
     * @return the disarmed timer
     */
    public Timer timer(Runnable task) {
        return new Timer(this, task);
    }

    /** Puts {@code t} in the heap keyed by its due time. */
    private void enqueue(Timer t) {
        assert inLoop() : "timer armed off the loop";
        if (cancelledTimers > 1024 && cancelledTimers > timers.size() / 2) {
            timers.removeIf(EventLoop::dropIfCancelled); // most are cancelled one-shots: keep the heap small
            cancelledTimers = 0;
        }
        t.deadlineNanos = t.dueNanos;
        t.sequence = timerSequence++;
        t.inHeap = true;
        timers.add(t);
    }

    private static boolean dropIfCancelled(Timer t) {
        t.inHeap = !t.cancelled;
        return t.cancelled;
    }

    /**
     * Stops the loop: closes every registered channel and waits (bounded) for the thread to end.
     * Must not be called from the loop thread.
     */
    public void shutdown() {
        stopping = true;
        selector.wakeup();
        if (!inLoop()) {
            try {
                stopped.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            while (!stopping) {
                runTasks();
                long wait = runTimers();
                flushDeferred();
                int ready;
                if (wait < 0 || !tasks.isEmpty()) {
                    ready = selector.selectNow(dispatcher);
                } else {
                    ready = selector.select(dispatcher, wait);
                }
                wakeupPending.set(false);
                long now = System.nanoTime();
                if (ready == 0) {
                    restedAtNanos = now;
                } else if (now - restedAtNanos > YIELD_AFTER_BUSY_NANOS) {
                    // A loop that never blocks is switched out only at the kernel's tick (4 ms here), so
                    // threads sharing its core (load generator, origin) waited a tick. After a busy
                    // stretch it lets them run now (yield returns at once if none waits), its batched
                    // output written first: held across the yield it would wait a time slice too.
                    flushDeferred();
                    Thread.yield();
                    restedAtNanos = now;
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "event loop " + index + " failed", e);
        } finally {
            closeAll();
            stopped.countDown();
        }
    }

    /** Called by the selector for each ready key (no selected-key set, so nothing is allocated). */
    private void dispatch(SelectionKey key) {
        IoHandler h = (IoHandler) key.attachment();
        try {
            if (key.isValid()) {
                h.onReady(key);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "handler failed on loop " + index, e);
            h.onFailure(e);
        }
    }

    /** Flushes every queued socket, including those queued meanwhile. */
    private void flushDeferred() {
        for (int i = 0; i < deferredCount; i++) {
            NioSocket s = deferred[i];
            deferred[i] = null;
            s.flushQueued = false;
            try {
                s.flush();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "flush failed on loop " + index, e);
            }
        }
        deferredCount = 0;
    }

    private void runTasks() {
        for (int i = 0, n = tasks.size(); i < n; i++) {
            Runnable r = tasks.poll();
            if (r == null) {
                return;
            }
            safeRun(r);
        }
    }

    /** Runs due timers; returns how long select may wait, in millis, or −1 for "do not wait". */
    private long runTimers() {
        long now = System.nanoTime();
        Timer t;
        while ((t = timers.peek()) != null && t.deadlineNanos - now <= 0) {
            timers.poll();
            t.inHeap = false;
            if (t.cancelled) {
                if (cancelledTimers > 0) {
                    cancelledTimers--;
                }
            } else if (t.dueNanos - now > 0) {
                enqueue(t); // re-armed later since it was queued: back in at its due time
            } else {
                t.cancelled = true;
                safeRun(t.task);
            }
        }
        if (!tasks.isEmpty()) {
            return -1;
        }
        t = timers.peek();
        long millis = t == null ? MAX_SELECT_MILLIS
                : Math.min(MAX_SELECT_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(t.deadlineNanos - now) + 1));
        return millis;
    }

    private void safeRun(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "task failed on loop " + index, e);
        }
    }

    private void closeAll() {
        for (SelectionKey key : selector.keys()) {
            Object a = key.attachment();
            if (a instanceof IoHandler) {
                try {
                    ((IoHandler) a).onFailure(new IOException("event loop stopped"));
                } catch (RuntimeException ignored) {
                    // Best effort while stopping.
                }
            }
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // Nothing left to do with it.
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // The loop is gone anyway.
        }
    }

    @Override
    public String toString() {
        return "EventLoop{" + index + ",keys=" + selector.keys().size() + "}";
    }

    /**
     * A task of an {@link EventLoop} that runs once a delay passed; armed again, it runs again.
     *
     * <p>Invariants: {@code cancelled} is true while disarmed (never armed, ran, or cancelled);
     * {@code deadlineNanos} and {@code sequence} change only while it is out of the heap; while armed
     * and in the heap, {@code deadlineNanos ≤ dueNanos}; a cancelled timer in the heap is counted once
     * in the loop's {@code cancelledTimers}.
     *
     * <p>Thread safety: confined to its loop's thread.
     */
    @ThreadConfined("event loop")
    public static final class Timer implements Comparable<Timer> {
        private final EventLoop loop;
        /** The heap key while {@code inHeap}. */
        long deadlineNanos;
        long sequence;
        /** When the current arming expires. */
        long dueNanos;
        final Runnable task;
        boolean cancelled = true;
        boolean inHeap;

        Timer(EventLoop loop, Runnable task) {
            this.loop = loop;
            this.task = task;
        }

        /**
         * Arms the timer to run once {@code delayNanos} have passed, replacing any earlier arming.
         * Allocates nothing; moving the deadline later (the common case) touches no heap. Loop thread
         * only.
         *
         * @param delayNanos the delay, ≥ 0
         */
        public void arm(long delayNanos) {
            dueNanos = System.nanoTime() + Math.max(0, delayNanos);
            if (cancelled && inHeap) {
                loop.cancelledTimers--; // counted as cancelled: live again
            }
            cancelled = false;
            if (inHeap && dueNanos - deadlineNanos < 0) {
                loop.timers.remove(this); // earlier than its key (rare): re-key it
                inHeap = false;
            }
            if (!inHeap) {
                loop.enqueue(this);
            }
        }

        /** Stops the timer if it has not run yet; {@link #arm} starts it again. */
        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                if (inHeap) {
                    loop.cancelledTimers++;
                }
            }
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(deadlineNanos - o.deadlineNanos, 0);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }
}
