package dev.tether.examples.nio;

import dev.tether.core.annotations.ThreadSafe;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.SelectionKey;
import java.util.function.BooleanSupplier;

/**
 * The guard of a {@link NioSocket} that may move to another loop: at most one thread at a time is
 * inside it, either the socket's loop doing something with the socket (an event, a queued task, a
 * flush) or the thread of the loop it moves to. A loop enters only while the socket still lives on
 * it: an event the old loop had selected for a moved socket finds it gone and does nothing, and a
 * task queued through {@link SocketTask} follows the socket to its new loop.
 *
 * <p>Invariants: {@code holder} is {@code null} or the one thread inside; a loop thread re-entering
 * while inside takes nothing (nested calls from a handler).
 *
 * <p>Thread safety: lock-free; one compare-and-set to enter, one volatile write to leave.
 */
@ThreadSafe
final class SocketGuard {
    /** {@link #enter} refused: another thread is inside, or the socket lives on another loop. */
    static final int REFUSED = 0;
    /** {@link #enter} took the guard: {@link #leave} gives it back. */
    static final int ENTERED = 1;
    /** {@link #enter} had nothing to take: no guard, or this thread is already inside. */
    static final int NESTED = 2;

    private static final VarHandle HOLDER;

    static {
        try {
            HOLDER = MethodHandles.lookup().findVarHandle(SocketGuard.class, "holder", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A no-op task: queued on a loop only to wake it. */
    private static final Runnable WAKE = () -> { };

    @SuppressWarnings("unused") // through HOLDER
    private volatile Thread holder;

    /**
     * Enters on behalf of the socket's loop.
     *
     * @param g the socket's guard, or {@code null} for a socket that never moves
     * @param socket the socket, whose current loop must be the caller's
     * @return {@link #REFUSED}, {@link #ENTERED} or {@link #NESTED}
     */
    static int enter(SocketGuard g, NioSocket socket) {
        if (g == null) {
            return NESTED;
        }
        Thread me = Thread.currentThread();
        if (g.holder == me) {
            return NESTED;
        }
        if (!HOLDER.compareAndSet(g, null, me)) {
            return REFUSED;
        }
        if (!socket.loop().inLoop()) {
            g.holder = null;
            return REFUSED;
        }
        return ENTERED;
    }

    /**
     * Gives back what {@link #enter} took.
     *
     * @param g the socket's guard, or {@code null}
     * @param entered what {@link #enter} returned
     */
    static void leave(SocketGuard g, int entered) {
        if (entered == ENTERED) {
            g.holder = null;
        }
    }

    /**
     * Moves {@code s} to {@code to}, on {@code to}'s thread ({@link NioSocket#moveTo}): inside the
     * guard, if the socket and its handler are quiet, its key on the old loop is cancelled, it is
     * registered with {@code to}'s selector with the same interest, and its loop becomes {@code to}.
     *
     * <p>A move back to a loop that still holds the socket's cancelled key of an earlier stay (it has
     * not selected since) cannot register the channel there yet: the socket then moves without a key,
     * so it hears no event (its writes go out; nothing waits for input or room), and {@code to}
     * registers it right after its next select, which it does at once ({@link #registerMoved}).
     *
     * @return true if moved; false if the guard was held or the socket busy, and then nothing changed
     */
    boolean move(NioSocket s, EventLoop to, BooleanSupplier handlerIdle) {
        EventLoop from = s.loop;
        if (from == to) {
            return true;
        }
        if (!HOLDER.compareAndSet(this, null, Thread.currentThread())) {
            return false;
        }
        try {
            if (!s.quiet() || !handlerIdle.getAsBoolean()) {
                return false;
            }
            SelectionKey old = s.key;
            int ops = old.interestOps();
            old.cancel();
            if (to.holdsKey(s.channel)) {
                s.key = null; // not movable (not quiet) until registered
                to.registerAfterSelect(s);
            } else {
                try {
                    s.key = to.register(s.channel, ops, s);
                } catch (IOException e) {
                    return false; // its key is cancelled: it closes on its own loop when the engine says so
                }
            }
            s.loop = to;
        } finally {
            holder = null;
        }
        from.execute(WAKE); // its next select drops the cancelled key, so the channel can close at once
        return true;
    }

    /**
     * On the socket's loop, after a select: registers a socket that moved in while the loop still held
     * its cancelled key ({@link #move}), with the interest its state asks for now.
     *
     * @param s the socket
     * @return false if the loop still holds the old key (register again after the next select)
     */
    static boolean registerMoved(NioSocket s) {
        if (s.isClosed() || s.key != null) {
            return true;
        }
        if (s.loop.holdsKey(s.channel)) {
            return false;
        }
        try {
            s.key = s.loop.register(s.channel, 0, s);
        } catch (IOException e) {
            s.fail(e);
            return true;
        }
        s.updateInterest();
        return true;
    }
}
