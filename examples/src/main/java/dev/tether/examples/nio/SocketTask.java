package dev.tether.examples.nio;

import dev.tether.core.annotations.ThreadSafe;

/**
 * A task of one {@link NioSocket}, made once and queued any number of times: it runs on the socket's
 * loop of the moment, inside the socket's guard ({@link SocketGuard}). A run that finds the socket on
 * another loop, or its guard held by another thread (a move being tried), queues the same task again
 * on the socket's current loop instead of dropping it, so it follows the socket. Queuing it allocates
 * nothing.
 *
 * <p>Invariants: {@code body} runs only on the thread of the socket's current loop, inside its guard.
 *
 * <p>Thread safety: may be queued from any thread; it runs on loop threads.
 */
@ThreadSafe
final class SocketTask implements Runnable {
    private final NioSocket socket;
    private final Runnable body;

    SocketTask(NioSocket socket, Runnable body) {
        this.socket = socket;
        this.body = body;
    }

    /** Queues the task on the socket's current loop. Any thread. */
    void queue() {
        socket.loop().execute(this);
    }

    @Override
    public void run() {
        if (!runHere(socket, body)) {
            queue(); // the socket moved, or a move is being tried: run where it lives, once it is free
        }
    }

    /**
     * Runs {@code body} now if the calling thread is {@code socket}'s loop and may enter its guard.
     *
     * @return false, having run nothing, if not
     */
    static boolean runHere(NioSocket socket, Runnable body) {
        int g = socket.loop().inLoop() ? SocketGuard.enter(socket.guard, socket) : SocketGuard.REFUSED;
        if (g == SocketGuard.REFUSED) {
            return false;
        }
        try {
            body.run();
        } finally {
            SocketGuard.leave(socket.guard, g);
        }
        return true;
    }
}
