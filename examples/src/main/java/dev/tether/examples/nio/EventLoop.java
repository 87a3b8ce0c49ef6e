package dev.tether.examples.nio;

import dev.tether.core.NanoClock;
import dev.tether.core.annotations.ThreadConfined;
import dev.tether.core.annotations.ThreadSafe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One java.nio event loop: a thread, a {@link Selector}, a queue of tasks handed over from other
 * threads, the loop's {@link TimerWheel timers} and its {@link BufferPool buffers}. Every channel
 * registered here, and every object confined to this loop (sessions, muxes, frontends), is only
 * touched by its thread.
 *
 * <p>Each iteration runs the queued tasks, then the due timers, then flushes the endpoints queued by
 * {@link Endpoint#flushLater()} (and the sockets whose connect started: see {@link NioSocket#connect}),
 * then selects (waiting no longer than the next timer, armed by then, and not at all
 * while closed channels wait for their keys to be deregistered) and dispatches the ready channels to
 * their {@link IoHandler}s, then closes the channels that select deregistered ({@link BeforeWait}).
 *
 * <p>Invariants: tasks run in submission order on the loop thread; a timer runs at most once per
 * {@link Timer#arm arming}, on the loop thread, not before its deadline, and never after {@link Timer#cancel()}
 * (until armed again); a socket queued by {@link Endpoint#flushLater()} is flushed before the loop next
 * waits in {@code select}, so output is batched per loop iteration but never held across a wait; after
 * {@link #shutdown()} returns, the thread has ended, the tasks queued before it were run (a close asked
 * for from another thread is carried out), what was queued to flush was flushed, and every registered
 * channel is closed, its handler told first ({@link BeforeWait#stop}).
 *
 * <p>Thread safety: {@link #execute}, {@link #inLoop()} and {@link #shutdown()} may be called from any
 * thread, and {@code acceptedOpen} is atomic; everything else only from the loop thread.
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
    /** Confined to the loop thread. */
    private final TimerWheel timers = new TimerWheel(NanoClock.SYSTEM);
    /** Confined to the loop thread. */
    private final BufferPool buffers = new BufferPool(BufferPool.DEFAULT_BUFFER_SIZE, BufferPool.DEFAULT_MAX_POOLED);
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    final AtomicInteger acceptedOpen = new AtomicInteger(); // accepted sockets it drives (NioSocket counts), for Acceptor
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    /** When a select last found nothing, or the loop last yielded. Confined to the loop thread. */
    private long restedAtNanos;
    /** Output to flush and channels to close before the loop next waits. Confined to the loop thread. */
    private final BeforeWait beforeWait = new BeforeWait(this);
    /** Hands each ready key to its handler; one instance, so a select allocates no callback. */
    private final Consumer<SelectionKey> dispatcher = this::dispatch;
    /** Runs each due timer's task; one instance, so running timers allocates no callback. */
    private final Consumer<Runnable> timerRunner = this::safeRun;

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
     * Queues {@code e} to be {@link Endpoint#flush() flushed} before this loop next waits in
     * {@code select}, so that what several producers wrote in one loop iteration leaves in one write.
     * Loop thread only. A flush with nothing pending costs nothing (a socket still connecting: one
     * {@code poll}), so an endpoint may be queued more than once (consecutive requests for the same one
     * are queued once).
     *
     * @param e an endpoint of this loop
     */
    public void flushBeforeWait(Endpoint e) {
        assert inLoop() : "flushBeforeWait off the loop";
        beforeWait.flush(e);
    }

    /**
     * Closes {@code channel} before the loop next waits (loop thread only): with its {@code key}, cancelled
     * here, after the next select, which then does not wait; with none (null) once the running handler has
     * returned, so that a backend connection it just parked can move to the loop its client comes back to.
     */
    void closeAfterDeregister(SelectionKey key, SelectableChannel channel) {
        assert inLoop() : "closeAfterDeregister off the loop";
        beforeWait.close(key, channel);
    }

    /** Registers {@code s}, which moved in while this loop held its cancelled key, after the next select. Loop thread. */
    void registerAfterSelect(NioSocket s) {
        assert inLoop() : "registerAfterSelect off the loop";
        beforeWait.register(s);
    }

    /** True while {@code channel} has a key with this loop's selector, even a cancelled one not yet deregistered. */
    boolean holdsKey(SelectableChannel channel) {
        return channel.keyFor(selector) != null;
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
     * Sets the interest set of {@code channel}'s {@code key}, registering the channel if it has none
     * (null) and {@code ops} is not empty, so a channel never waiting gets no key; not while this loop
     * still holds a cancelled key of it (it moved in: {@link #registerAfterSelect}). Returns the key,
     * or null if there still is none. Loop thread only.
     */
    SelectionKey interest(SelectionKey key, SelectableChannel channel, int ops, IoHandler handler)
            throws ClosedChannelException {
        if (key == null) {
            return ops == 0 || holdsKey(channel) ? null : register(channel, ops, handler);
        }
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
        return key;
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
        Timer t = new Timer(timers, task);
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
        return new Timer(timers, task);
    }

    /**
     * The loop's buffer pool: the sockets of this loop borrow their buffers from it, and so may a
     * layer on a socket (TLS). Loop thread only.
     *
     * @return the pool
     */
    public BufferPool buffers() {
        return buffers;
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
                timers.runDue(System.nanoTime(), timerRunner);
                beforeWait.flushAll();
                long wait = selectWait(); // after the flushes: a timer they armed (a handshake's, on a connect) counts
                int ready;
                int deregistered = beforeWait.closing(); // cancelled before this select: deregistered by it
                int movedIn = beforeWait.registering(); // registered once it deregistered their old keys
                if (wait < 0 || !tasks.isEmpty() || deregistered + movedIn > 0) {
                    ready = selector.selectNow(dispatcher);
                } else {
                    ready = selector.select(dispatcher, wait);
                }
                beforeWait.closeFirst(deregistered);
                beforeWait.registerFirst(movedIn);
                wakeupPending.set(false);
                long now = System.nanoTime();
                if (ready == 0) {
                    restedAtNanos = now;
                } else if (now - restedAtNanos > YIELD_AFTER_BUSY_NANOS) {
                    // A loop that never blocks is switched out only at the kernel's tick (4 ms here), so
                    // threads sharing its core (load generator, origin) waited a tick. After a busy
                    // stretch it lets them run now (yield returns at once if none waits), its batched
                    // output written first: held across the yield it would wait a time slice too.
                    beforeWait.flushAll();
                    Thread.yield();
                    restedAtNanos = now;
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "event loop " + index + " failed", e);
        } finally {
            try {
                runTasks(); // queued before the stop: a close asked for from another thread is one
                beforeWait.stop(selector);
                runTasks(); // queued by those closes: what each handler tells of its own close
            } finally {
                stopped.countDown();
            }
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
            handlerFailed(h, e);
        }
        beforeWait.closeKeyless(); // the handler returned: what it held (a parked connection) may move
    }

    /** A handler threw from an event of this loop: logged, and the handler fails (its channel closes). Loop thread. */
    void handlerFailed(IoHandler h, RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "handler failed on loop " + index, e);
        h.onFailure(e);
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

    /** How long select may wait, in millis, or −1 for "do not wait": until the next timer, if no task waits. */
    private long selectWait() {
        long now = System.nanoTime();
        if (!tasks.isEmpty()) {
            return -1;
        }
        long next = timers.nanosToNext(now);
        if (next == 0) {
            return -1;
        }
        return next < 0 ? MAX_SELECT_MILLIS
                : Math.min(MAX_SELECT_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(next + 999_999)));
    }

    private void safeRun(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "task failed on loop " + index, e);
        }
    }

    @Override
    public String toString() {
        return "EventLoop{" + index + ",keys=" + selector.keys().size() + "}";
    }

    /**
     * A task of an {@link EventLoop} that runs once a delay passed; armed again, it runs again. Arming,
     * re-arming and cancelling are O(1) and allocate nothing; a disarmed timer is referenced by nothing
     * but its owner, so it never keeps a closed connection reachable.
     *
     * <p>Invariants: linked in exactly one list of its loop's {@link TimerWheel} while armed
     * ({@code slot ≥ 0}), in none while disarmed (never armed, ran, or cancelled).
     *
     * <p>Thread safety: confined to its loop's thread.
     */
    @ThreadConfined("event loop")
    public static final class Timer {
        private final TimerWheel wheel;
        final Runnable task;
        /** The tick the current arming expires at; meaningful while armed. */
        long deadlineTick;
        /** Links in the wheel's list; the head's {@code prev} is the list's tail. */
        Timer prev;
        Timer next;
        /** The wheel list this timer is in, or −1 while disarmed. */
        int slot = -1;

        Timer(TimerWheel wheel, Runnable task) {
            this.wheel = wheel;
            this.task = task;
        }

        /**
         * Arms the timer to run once {@code delayNanos} have passed, replacing any earlier arming.
         * Loop thread only.
         *
         * @param delayNanos the delay, ≥ 0
         */
        public void arm(long delayNanos) {
            wheel.arm(this, delayNanos);
        }

        /** Stops the timer if it has not run yet; {@link #arm} starts it again. Loop thread only. */
        public void cancel() {
            wheel.cancel(this);
        }

        /** True while armed and not yet run. */
        public boolean isArmed() {
            return slot >= 0;
        }

        @Override
        public String toString() {
            return "Timer{" + (slot >= 0 ? "armed,tick=" + deadlineTick : "disarmed") + "}";
        }
    }
}
