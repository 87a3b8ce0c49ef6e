package dev.tether.examples.nio;

import dev.tether.core.annotations.ThreadConfined;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.function.BooleanSupplier;

/**
 * The plain {@link Endpoint}: one non-blocking TCP socket on an {@link EventLoop}, the byte pipe under
 * every frontend, backend and origin connection (and under a TLS layer, which is then its handler).
 *
 * <p>Buffers: the input buffer is borrowed from the loop's {@link BufferPool} when the socket is
 * readable and given back as soon as the handler consumed every byte ({@link SocketInput}); the
 * output buffer is borrowed by {@link #out()} and given back as soon as a flush wrote every byte
 * ({@link SocketOutput}). A socket that waits for its peer holds neither.
 *
 * <p>Moving: a socket this side connected ({@link #connect}) may move to another loop while it waits
 * with nothing in flight ({@link #moveTo}: a parked backend connection taken over, docs/behaviour.md
 * R61); its {@link SocketGuard} keeps the two loops from touching it at once.
 *
 * <p>Invariants: {@link SocketHandler#onClosed()} is called exactly once, after the channel was
 * closed (or queued to close before the loop next waits) and both buffers were given back; after
 * close no other handler method is called; the socket is registered with no selector but its current
 * loop's (and with none while it has not had to wait for an event, or moved in and waits for that
 * loop's next select), and borrows from that loop's buffers only.
 *
 * <p>Thread safety: confined to its loop's thread, except {@link #closeFromAnyThread()}, {@link #runOnItsLoop},
 * {@link #runLater} and {@link #moveTo}; the loop changes only inside {@link #moveTo}, under the guard.
 */
@ThreadConfined("event loop")
public final class NioSocket implements Endpoint, IoHandler {
    /** How long a lingering close waits for the peer to close its side. */
    static final long LINGER_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(2);

    /** The loop that drives the socket; written only by {@link #moveTo}, under the guard. */
    volatile EventLoop loop;
    /** The guard of a socket {@link #moveTo} may move; {@code null} for one that never moves (accepted). */
    final SocketGuard guard;
    final SocketChannel channel;
    private SocketHandler handler;
    SelectionKey key;
    /** The receiving half: input buffer, reads, pause and resume, end of input. */
    final SocketInput input;
    /** The sending half: output buffer, writes, half-close, close after the last byte. */
    private final SocketOutput output;
    private boolean connected;
    private boolean closed;
    private IOException failure;

    /** Wraps a non-blocking channel. */
    private NioSocket(EventLoop loop, SocketChannel channel, SocketHandler handler, boolean movable) {
        this.loop = loop;
        this.guard = movable ? new SocketGuard() : null;
        this.channel = channel;
        this.handler = handler;
        this.input = new SocketInput(this);
        this.output = new SocketOutput(this);
    }

    /**
     * Wraps an accepted channel and starts reading; it gets a selection key before the loop next waits
     * if it must wait by then (not a client answered and closed at once after {@link #readNow()}).
     *
     * @param loop the loop that will drive it
     * @param channel an accepted channel
     * @param handler its owner
     * @return the socket
     * @throws IOException if the channel cannot be configured
     */
    public static NioSocket accepted(EventLoop loop, SocketChannel channel, SocketHandler handler) throws IOException {
        channel.configureBlocking(false); // TCP_NODELAY: set before the second write (SocketOutput)
        NioSocket s = new NioSocket(loop, channel, handler, false);
        s.connected = true;
        loop.acceptedOpen.incrementAndGet(); // it never moves: counted on this loop until close()
        loop.flushBeforeWait(s); // a flush with nothing to write ends in updateInterest(): registers it
        return s;
    }

    /**
     * Starts a non-blocking connect. Loop thread only. {@link SocketHandler#onConnected()} follows, or
     * {@link SocketHandler#onClosed()} if the connect fails, after this method returned: before the loop
     * next waits if the kernel has finished the connect by then (as on loopback), else once the selector
     * reports it ({@link SocketConnect}).
     *
     * @param loop the loop that will drive it
     * @param address where to connect
     * @param handler its owner
     * @return the socket
     * @throws IOException if the channel cannot be opened at all (e.g. no file descriptor), or the
     *     connect failed at once (e.g. no route)
     */
    public static NioSocket connect(EventLoop loop, InetSocketAddress address, SocketHandler handler) throws IOException {
        NioSocket s = new NioSocket(loop, SocketConnect.start(address), handler, true);
        loop.flushBeforeWait(s); // completes the connect if the kernel has, else registers OP_CONNECT
        return s;
    }

    @Override
    public void handler(SocketHandler h) {
        this.handler = h;
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    /** The buffers of the socket's current loop. Loop thread only. */
    BufferPool pool() {
        return loop.buffers();
    }

    /** The current handler. */
    SocketHandler handler() {
        return handler;
    }

    @Override
    public ByteBuffer out() {
        return output.buffer();
    }

    @Override
    public int outSpace() {
        return output.space();
    }

    @Override
    public int outPending() {
        return output.pending();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        try {
            return (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void pauseReading() {
        if (!input.paused) {
            input.paused = true;
            updateInterest();
        }
    }

    @Override
    public void resumeReading() {
        if (input.paused && !closed) {
            input.resume();
            updateInterest();
        }
    }

    /**
     * {@inheritDoc} On a socket still connecting, completes the connect if the kernel has finished it (a
     * {@code poll}): {@link SocketHandler#onConnected()}, or {@link SocketHandler#onClosed()} if it failed,
     * then runs before this returns; else the socket waits for OP_CONNECT.
     */
    @Override
    public void flush() {
        int g = SocketGuard.enter(guard, this);
        if (g == SocketGuard.REFUSED) {
            if (loop.inLoop()) {
                output.flushWhenGuardFree(); // a move is being tried: it fails, as bytes wait or the socket connects
            }
            return; // else moved: its new loop flushes it
        }
        try {
            if (connected) {
                output.flush();
            } else if (!closed) {
                SocketConnect.complete(this); // nothing can be written before it is connected
            }
        } finally {
            SocketGuard.leave(guard, g);
        }
    }

    @Override
    public void flushLater() {
        loop.flushBeforeWait(this);
    }

    @Override
    public void needWritable() {
        output.needWritable();
    }

    @Override
    public void shutdownOutput() {
        output.shutdown();
    }

    @Override
    public void closeAfterFlush() {
        output.closeAfterFlush(false);
    }

    /** Closes after the flush without the read that looks for more: a system call fewer per close. */
    @Override
    public void closeAfterFlushPeerDone() {
        output.closeAfterFlush(true);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (guard == null) { // accepted (only those never move): counted since accepted()
            loop.acceptedOpen.decrementAndGet();
        }
        if (loop.inLoop()) {
            loop.closeAfterDeregister(key, channel); // before the loop next waits; two system calls fewer
        } else {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
        output.closed();
        input.closed();
        handler.onClosed();
    }

    @Override
    public void closeFromAnyThread() {
        runOnItsLoop(this::close); // if it moved (or is moving) meanwhile, on its new loop
    }

    /** Runs {@code task} for this socket or a layer on it (TLS) on its current loop, in its guard: now or queued. */
    public void runOnItsLoop(Runnable task) {
        if (!SocketTask.runHere(this, task)) {
            runLater(task);
        }
    }

    /** Queues {@code task} on the socket's current loop, to run as {@link #runOnItsLoop} runs it. Any thread. */
    public void runLater(Runnable task) {
        new SocketTask(this, task).queue(); // a task queued often is made once: see SocketInput, SocketOutput
    }

    @Override
    public void onReady(SelectionKey k) {
        int g = SocketGuard.enter(guard, this);
        if (g == SocketGuard.REFUSED) {
            return; // the socket moved, or is moving, to another loop
        }
        try {
            if (k == key) { // a key of the loop the socket left is stale
                ready(k);
            }
        } finally {
            SocketGuard.leave(guard, g);
        }
    }

    private void ready(SelectionKey k) {
        if (closed) {
            return;
        }
        int ready = k.readyOps();
        if ((ready & SelectionKey.OP_CONNECT) != 0) {
            SocketConnect.complete(this);
            return;
        }
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            output.flush();
            if (!closed && output.pending() == 0) {
                output.written();
                handler.onWritable();
            }
        }
        if (!closed && (ready & SelectionKey.OP_READ) != 0) {
            input.read(output.lingering);
        }
    }

    /** Reads what already arrived (a new client's request), so a socket never waiting for input stays out of epoll. */
    public void readNow() {
        if (!closed && input.wantsRead()) {
            input.read(false);
        }
    }

    @Override
    public void onFailure(Exception cause) {
        fail(cause instanceof IOException ? (IOException) cause : new IOException(cause));
    }

    void connected() {
        if (closed || connected) {
            return;
        }
        connected = true;
        updateInterest();
        handler.onConnected();
        output.flush();
    }

    /**
     * Moves this socket (one {@link #connect} made), waiting with nothing in flight, to {@code to}:
     * its events, tasks and buffers are {@code to}'s from then on. Called on {@code to}'s thread, by
     * the owner of a parked connection that loop took over (docs/behaviour.md R61).
     *
     * @param to the loop that takes the socket; the caller runs on its thread
     * @param handlerIdle asked inside the guard: true if the handler, too, has nothing in flight
     * @return true if moved; false if it cannot move now (busy, closed), and then nothing changed
     */
    public boolean moveTo(EventLoop to, BooleanSupplier handlerIdle) {
        if (guard == null || !to.inLoop()) {
            throw new IllegalStateException("moveTo: not a movable socket, or not on the loop it moves to");
        }
        return guard.move(this, to, handlerIdle);
    }

    /** Inside the guard: connected, open, and nothing buffered, in flight or asked of either half. */
    boolean quiet() {
        return !closed && connected && key != null && key.isValid() && input.idle() && output.idle();
    }

    /** Closes the socket if its input was reported ended and its output shut down; true if closed now. */
    boolean closeIfBothEnded() {
        if (!closed && input.eofReported && output.shut) {
            close();
            return true;
        }
        return false;
    }

    /** A lingering close started: read (and drop) until the peer closes. */
    void lingerStarted() {
        input.paused = false;
        updateInterest();
    }

    void updateInterest() {
        if (closed || key != null && !key.isValid()) {
            return;
        }
        int ops = 0;
        if (!connected) {
            ops = SelectionKey.OP_CONNECT;
        } else {
            if (input.wantsRead()) {
                ops |= SelectionKey.OP_READ;
            }
            if (output.waiting()) {
                ops |= SelectionKey.OP_WRITE;
            }
        }
        try {
            key = loop.interest(key, channel, ops, this);
        } catch (IOException e) {
            fail(e);
        }
    }

    void fail(IOException e) {
        failure = failure == null ? e : failure; // the first one is the cause
        close();
    }

    @Override
    public String toString() {
        return "NioSocket{" + (closed ? "closed" : output.lingering ? "lingering" : connected ? "open" : "connecting")
                + ",in=" + input.buffered() + ",out=" + outPending() + (input.paused ? ",paused" : "")
                + (failure != null ? ",failed=" + failure : "") + "}";
    }
}
