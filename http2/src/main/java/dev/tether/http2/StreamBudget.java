package dev.tether.http2;

import dev.tether.core.annotations.ThreadSafe;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one target's HTTP/2 connections really take (docs/behaviour.md D12), learned from the peer
 * and shared by every {@link Http2Mux} of the target: each mux reports it as fewer
 * {@link Http2Mux#availableStreams() available streams}, so the engine's decision stays its own.
 *
 * <p>Two numbers:
 * <ul>
 *   <li>{@link #window()}, the ramp: a new connection admits at most this many streams at once
 *       (below the peer's SETTINGS limit, R47). It starts at the initial window and grows by one per
 *       response head received, up to the peer's limit, so a backend is not handed its whole
 *       advertised limit before it answered anything.</li>
 *   <li>{@link #perConnection()}, the streams a connection is given over its life: unbounded until
 *       a GOAWAY (NO_ERROR) left streams of ours unprocessed; then it is the number of streams that
 *       connection's GOAWAY accepted. A connection that reached it latches {@code MAX_REUSE} and its
 *       last stream's end closes it, before the peer refuses anything. A backend that takes more is
 *       found again: after {@link #GROW_AFTER} connections in a row reached the budget with no
 *       GOAWAY, it grows by an eighth (at least one).</li>
 * </ul>
 *
 * <p>Invariants: {@code window ≥ 1} and only grows; {@code perConnection ≥ 1}; a mux reads both once,
 * when it is created, so a connection's facts change only with its own events.
 *
 * <p>Thread safety: thread-safe; the muxes of one target run on several event loops. The window is
 * an atomic that stops being written once it reached the peer's limit; the per-connection budget
 * changes at most once per connection, under this object's monitor.
 */
@ThreadSafe
public final class StreamBudget {
    /**
     * The ramp's start: concurrent streams a target's first connections admit. Below the usual
     * advertised limits (100 to 250), and not lower: a connection that admits fewer makes the engine
     * open another one for every few requests of a cold burst.
     */
    public static final int DEFAULT_INITIAL_WINDOW = 32;
    /** Connections in a row that must reach {@link #perConnection()} cleanly before it grows. */
    public static final int GROW_AFTER = 4;

    private final AtomicInteger window;
    private volatile int perConnection = Integer.MAX_VALUE;
    /** Connections in a row that reached {@code perConnection} with no GOAWAY; guarded by this. */
    private int cleanRun;

    /** A budget whose ramp starts at {@link #DEFAULT_INITIAL_WINDOW}. */
    public StreamBudget() {
        this(DEFAULT_INITIAL_WINDOW);
    }

    /**
     * A budget for one target.
     *
     * @param initialWindow the ramp's start, at least 1
     */
    public StreamBudget(int initialWindow) {
        if (initialWindow < 1) {
            throw new IllegalArgumentException("initialWindow < 1: " + initialWindow);
        }
        this.window = new AtomicInteger(initialWindow);
    }

    /** {@return the streams a new connection admits at once before any of its own responses} */
    public int window() {
        return window.get();
    }

    /** {@return the streams a connection is given over its life; {@link Integer#MAX_VALUE} until learned} */
    public int perConnection() {
        return perConnection;
    }

    /** A connection's window grew to {@code w} on a response: new connections start there. */
    void windowGrew(int w) {
        int cur = window.get();
        while (cur < w && !window.compareAndSet(cur, w)) {
            cur = window.get();
        }
    }

    /**
     * A GOAWAY (NO_ERROR) accepted {@code taken} streams of a connection and left others of ours
     * unprocessed: that is what the peer takes.
     */
    synchronized void refusedAfter(int taken) {
        perConnection = Math.max(1, taken);
        cleanRun = 0;
    }

    /** A connection given {@code budget} streams carried them all and the peer sent no GOAWAY. */
    synchronized void reachedCleanly(int budget) {
        if (budget != perConnection || budget == Integer.MAX_VALUE) {
            return; // the budget changed since that connection was created
        }
        if (++cleanRun >= GROW_AFTER) {
            cleanRun = 0;
            long grown = (long) budget + Math.max(1, budget / 8);
            perConnection = (int) Math.min(Integer.MAX_VALUE - 1L, grown);
        }
    }

    @Override
    public String toString() {
        int p = perConnection;
        return "StreamBudget{window=" + window.get() + ",perConnection=" + (p == Integer.MAX_VALUE ? "unbounded" : p) + "}";
    }
}
