package dev.tether.examples.tls;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.Endpoint;
import dev.tether.examples.nio.EventLoop;
import dev.tether.examples.nio.NioSocket;
import dev.tether.examples.nio.SocketHandler;

import javax.net.ssl.SSLEngine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * A TLS connection on a {@link NioSocket}: the socket's handler below, a plaintext {@link Endpoint}
 * above, so that the HTTP handlers on top never know whether they speak TLS. The event loop drives
 * the handshake through a {@link TlsEngine}; the handler above hears {@link SocketHandler#onConnected()}
 * only once the handshake is done, and the negotiated ALPN protocol is then in {@link #applicationProtocol()}.
 *
 * <p>Invariants: the handshake either completes before its deadline or fails with a typed
 * {@link TlsException} ({@link #failure()}) and the socket closes; the handler above sees
 * {@link SocketHandler#onClosed()} exactly once, after the engine gave its buffers back, and nothing
 * after it; the plaintext buffer the handler reads in {@code onRead} stays the handler's until it
 * returns, even if it closes the endpoint meanwhile (as a {@link NioSocket} keeps its input buffer);
 * plaintext written before the handshake is done is sent once it is; a {@code close_notify} is sent
 * before a graceful close, and the peer's is reported as end of input.
 *
 * <p>Moving: an idle client connection may move to another loop ({@link #moveTo}); every task it
 * queues (a delegated task's end, a deferred flush) runs on the socket's loop of the moment, inside
 * the socket's guard, so a loop it left never touches it. The handshake runs where it began.
 *
 * <p>Thread safety: confined to the socket's loop, except {@link #closeFromAnyThread()} and {@link #moveTo}.
 */
@ThreadConfined("event loop")
public final class TlsEndpoint implements Endpoint, SocketHandler, TlsListener {
    private final TlsEngine engine;
    private final Runnable flushTask = this::flushNow; // allocated once: flush is on the data path
    private final TlsHandshake handshake;
    private NioSocket socket;
    private SocketHandler handler;
    private TlsOutput output;
    private final TlsInput input;
    /** The handshake finished; once true, always true. */
    private boolean connected;
    private boolean paused;
    /** The socket holds bytes the engine could not take yet, so it was paused. */
    private boolean socketHeld;
    private boolean endReported;
    private boolean closing;
    /** This side asked for the close ({@link #close()}); once true, always true. */
    private boolean closeAsked;
    private TlsException broken; // a reset or a write error broke the handshake: the failure, else null

    private TlsEndpoint(EventLoop loop, SSLEngine ssl, Executor tasks, long handshakeTimeoutNanos,
                        HandshakeObserver observer, SocketHandler handler) {
        // A task's completion runs on the socket's loop of the moment, inside its guard.
        this.engine = new TlsEngine(ssl, loop.buffers(), tasks, task -> socket.runLater(task), this);
        this.input = new TlsInput(loop.buffers());
        this.handshake = new TlsHandshake(loop, engine, handshakeTimeoutNanos, observer);
        this.handler = handler;
    }

    /**
     * Opens a TLS client connection: a non-blocking TCP connect, then the handshake. Loop thread only.
     * {@code handler} hears {@code onConnected} after the handshake, or {@code onClosed} with
     * {@link #failure()} set if it fails.
     *
     * @param loop the loop
     * @param address where to connect
     * @param ssl a client engine ({@link TlsContexts#clientEngine})
     * @param tasks where the engine's delegated tasks run
     * @param handshakeTimeoutNanos the bound on the handshake, from the TCP connect
     * @param observer told how the handshake went
     * @param handler the plaintext handler
     * @return the endpoint
     * @throws IOException if the socket cannot be opened
     */
    public static TlsEndpoint connect(EventLoop loop, InetSocketAddress address, SSLEngine ssl, Executor tasks,
                                      long handshakeTimeoutNanos, HandshakeObserver observer, SocketHandler handler)
            throws IOException {
        TlsEndpoint e = new TlsEndpoint(loop, ssl, tasks, handshakeTimeoutNanos, observer, handler);
        e.socket = NioSocket.connect(loop, address, e);
        e.output = new TlsOutput(e.engine, loop.buffers(), e.socket, e::handlerWritable);
        return e;
    }

    /**
     * Starts the server side of TLS on an accepted channel. Loop thread only.
     *
     * @param loop the loop that owns the channel
     * @param channel the accepted channel
     * @param ssl a server engine ({@link TlsContexts#serverEngine})
     * @param tasks where the engine's delegated tasks run
     * @param handshakeTimeoutNanos the bound on the handshake, from now
     * @param observer told how the handshake went
     * @param handler the plaintext handler
     * @return the endpoint
     * @throws IOException if the channel cannot be registered
     */
    public static TlsEndpoint accept(EventLoop loop, SocketChannel channel, SSLEngine ssl, Executor tasks,
                                     long handshakeTimeoutNanos, HandshakeObserver observer, SocketHandler handler)
            throws IOException {
        TlsEndpoint e = new TlsEndpoint(loop, ssl, tasks, handshakeTimeoutNanos, observer, handler);
        e.socket = NioSocket.accepted(loop, channel, e);
        e.output = new TlsOutput(e.engine, loop.buffers(), e.socket, e::handlerWritable);
        e.onConnected();
        return e;
    }

    // ---- the plaintext side, for the handler above ----

    @Override
    public void handler(SocketHandler h) {
        this.handler = h;
    }

    @Override
    public EventLoop loop() {
        return socket.loop();
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
    public void flush() {
        socket.runOnItsLoop(flushTask); // one queued by a loop the connection left runs on its new loop
    }

    private void flushNow() {
        if (!connected || socket.isClosed()) {
            return;
        }
        output.flush();
        output.notifyIfDrained();
    }

    @Override
    public void flushLater() {
        socket.loop().flushBeforeWait(this);
    }

    @Override
    public void shutdownOutput() {
        if (sendCloseNotify()) {
            socket.shutdownOutput();
        }
    }

    /** True once the TCP connection is established (the handshake may still be running). */
    public boolean isTcpConnected() {
        return socket.isConnected();
    }

    @Override
    public void needWritable() {
        output.needWritable(connected);
    }

    @Override
    public void pauseReading() {
        paused = true;
    }

    @Override
    public void resumeReading() {
        if (paused) {
            paused = false;
            socket.runLater(this::onTasksDone);
        }
    }

    @Override
    public void closeAfterFlush() {
        if (sendCloseNotify()) {
            socket.closeAfterFlush();
        }
    }

    /** Flushes, then queues our {@code close_notify} once; false if that was done already or closed. */
    private boolean sendCloseNotify() {
        if (closing || socket.isClosed()) {
            return false;
        }
        flush();
        closing = true;
        engine.closeOutbound();
        output.pump();
        return true;
    }

    @Override
    public void close() {
        closeAsked = true;
        socket.close();
    }

    @Override
    public void closeFromAnyThread() {
        socket.runOnItsLoop(this::close);
    }

    /**
     * Moves this client connection to {@code to} as {@link NioSocket#moveTo} moves a plain one, only
     * while {@link TlsEngine#idle()}: never mid-handshake, mid-record or with a delegated task out.
     * Every loop's buffers are of one size. On {@code to}'s thread (docs/behaviour.md R61).
     *
     * @param to the loop that takes the connection; the caller runs on its thread
     * @param handlerIdle asked inside the socket's guard: true if the handler, too, has nothing in flight
     * @return true if moved; false if it cannot move now, and then nothing changed
     */
    public boolean moveTo(EventLoop to, BooleanSupplier handlerIdle) {
        // Asked inside the guard: open, and nothing held, running or owed on either side of the engine.
        BooleanSupplier quiet = () -> connected && !closing && !closeAsked && !socketHeld && !output.writableWanted()
                && !endReported && engine.idle() && input.empty() && output.empty() && handlerIdle.getAsBoolean();
        if (!socket.moveTo(to, quiet)) {
            return false;
        }
        // Only this thread, the new loop's, reaches it now, and nothing is borrowed: buffers are to's.
        engine.moveTo(to.buffers());
        input.moveTo(to.buffers());
        output.moveTo(to.buffers());
        return true;
    }

    @Override
    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return socket.remoteAddress();
    }

    /** The negotiated ALPN protocol once connected, {@code ""} for none. */
    public String applicationProtocol() {
        return engine.applicationProtocol();
    }

    /** The negotiated TLS version ({@code TLSv1.3}, {@code TLSv1.2}) once connected. */
    public String protocolVersion() {
        return engine.sslEngine().getSession().getProtocol();
    }

    /** Why the connection failed, or {@code null}. */
    public TlsException failure() {
        return engine.failure() != null ? engine.failure() : broken;
    }

    // ---- the socket below ----

    @Override
    public void onConnected() {
        handshake.start();
        output.pump();
    }

    @Override
    public void onRead(ByteBuffer in) {
        engine.receive(in);
        if (in.hasRemaining() && !socket.isClosed()) {
            socketHeld = true; // the engine is full until the handler reads on or tasks finish
            socket.pauseReading();
        }
        output.pump();
    }

    @Override
    public void onWritable() {
        if (connected) {
            flush();
        } else {
            output.pump();
        }
    }

    @Override
    public void onEndOfInput() {
        if (!connected) {
            engine.endOfInput(); // the handshake failed: onFailure closes the socket
            return;
        }
        reportEnd(); // no close_notify: a truncation, reported as the end all the same
    }

    @Override
    public void onClosed() {
        broken = handshake.closed(closeAsked);
        engine.release();
        output.release();
        input.closed();
        handler.onClosed();
    }

    // ---- the engine ----

    @Override
    public void onHandshakeDone() {
        connected = true;
        handshake.done();
        handler.onConnected();
        flush();
    }

    @Override
    public void onPlaintext(ByteBuffer plaintext) {
        if (socket.isClosed()) {
            plaintext.position(plaintext.limit());
            return;
        }
        if (input.holdsNothing()) {
            input.adopt(engine.takePlaintext()); // the decrypted buffer itself: no copy
        } else {
            input.take(plaintext); // what does not fit stays in the engine: backpressure
        }
        deliverPlaintext();
    }

    /** Offers the plaintext input to the handler, as a socket offers its input buffer. */
    private void deliverPlaintext() {
        if (!paused && !socket.isClosed()) {
            input.deliver(handler, this);
        }
    }

    @Override
    public void onCloseNotify() {
        if (!socket.isClosed()) { // the handler may have closed on the data that came with it
            reportEnd();
        }
    }

    @Override
    public void onFailure(TlsException failure) {
        if (!connected) {
            handshake.failed(failure);
        }
        output.pump(); // the alert, best effort
        socket.close();
    }

    @Override
    public void onTasksDone() {
        if (socket.isClosed()) {
            return;
        }
        deliverPlaintext();
        engine.resume();
        if (socketHeld) {
            socketHeld = false;
            socket.resumeReading();
        }
        output.pump();
    }

    private void reportEnd() {
        if (!endReported) {
            endReported = true;
            handler.onEndOfInput();
        }
    }

    private void handlerWritable() {
        handler.onWritable();
    }

    @Override
    public String toString() {
        return "TlsEndpoint{" + engine + "," + socket + "}";
    }
}
