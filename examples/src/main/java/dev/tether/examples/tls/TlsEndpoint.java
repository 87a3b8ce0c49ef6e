package dev.tether.examples.tls;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.BufferPool;
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

/**
 * A TLS connection on a {@link NioSocket}: the socket's handler below, a plaintext {@link Endpoint}
 * above, so that the HTTP handlers on top never know whether they speak TLS. The event loop drives the handshake through a {@link TlsEngine}; the handler above hears
 * {@link SocketHandler#onConnected()} only once the handshake is done, and the negotiated ALPN
 * protocol is then in {@link #applicationProtocol()}.
 *
 * <p>Invariants: the handshake either completes before its deadline or fails with a typed
 * {@link TlsException} ({@link #failure()}) and the socket closes; the handler above sees
 * {@link SocketHandler#onClosed()} exactly once, after the engine gave its buffers back; plaintext
 * written before the handshake is done is sent once it is; a {@code close_notify} is sent before a
 * graceful close, and the peer's is reported as end of input.
 *
 * <p>Thread safety: confined to the socket's loop, except {@link #closeFromAnyThread()}.
 */
@ThreadConfined("event loop")
public final class TlsEndpoint implements Endpoint, SocketHandler, TlsListener {
    private final EventLoop loop;
    private final TlsEngine engine;
    private final BufferPool buffers;
    private final long handshakeTimeoutNanos;
    private final HandshakeObserver observer;
    private NioSocket socket;
    private SocketHandler handler;
    /** Plaintext written by the handler and not yet encrypted, write mode; borrowed only while non-empty. */
    private ByteBuffer out;
    private EventLoop.Timer handshakeTimer;
    private long handshakeStartNanos;
    private long handshakeStartMillis;
    /** The handshake finished; once true, always true. */
    private boolean connected;
    private boolean paused;
    /** The socket holds bytes the engine could not take yet, so it was paused. */
    private boolean socketHeld;
    private boolean endReported;
    private boolean writableWanted;
    private boolean closing;

    private TlsEndpoint(EventLoop loop, SSLEngine ssl, Executor tasks, long handshakeTimeoutNanos,
                        HandshakeObserver observer, SocketHandler handler) {
        this.loop = loop;
        this.buffers = loop.buffers();
        this.engine = new TlsEngine(ssl, buffers, tasks, loop, this);
        this.handshakeTimeoutNanos = handshakeTimeoutNanos;
        this.observer = observer;
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
    public static TlsEndpoint connect(EventLoop loop, InetSocketAddress address, SSLEngine ssl, Executor tasks, long handshakeTimeoutNanos, HandshakeObserver observer,
                                      SocketHandler handler) throws IOException {
        TlsEndpoint e = new TlsEndpoint(loop, ssl, tasks, handshakeTimeoutNanos, observer, handler);
        e.socket = NioSocket.connect(loop, address, e);
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
    public static TlsEndpoint accept(EventLoop loop, SocketChannel channel, SSLEngine ssl, Executor tasks, long handshakeTimeoutNanos, HandshakeObserver observer,
                                     SocketHandler handler) throws IOException {
        TlsEndpoint e = new TlsEndpoint(loop, ssl, tasks, handshakeTimeoutNanos, observer, handler);
        e.socket = NioSocket.accepted(loop, channel, e);
        e.onConnected();
        return e;
    }

    // ---- the plaintext side, for the handler above ----

    /** Replaces the handler above. */
    @Override
    public void handler(SocketHandler h) {
        this.handler = h;
    }

    /** The loop that drives this endpoint. */
    @Override
    public EventLoop loop() {
        return loop;
    }

    /** The plaintext output buffer, in write mode: put at most {@link #outSpace()} bytes, then {@link #flush()}. */
    @Override
    public ByteBuffer out() {
        if (out == null) {
            out = buffers.acquire();
        }
        return out;
    }

    /** Free bytes in the plaintext output buffer. */
    @Override
    public int outSpace() {
        return out == null ? buffers.bufferSize() : out.remaining();
    }

    /** Plaintext bytes waiting to be encrypted. */
    @Override
    public int outPending() {
        return out == null ? 0 : out.position();
    }

    /** Encrypts what the handler wrote and writes it; before the handshake is done, it waits. */
    @Override
    public void flush() {
        if (!connected || socket.isClosed()) {
            return;
        }
        while (out != null && out.position() > 0 && engine.state() == TlsState.OPEN) {
            out.flip();
            int n = engine.send(out);
            out.compact();
            boolean room = pumpOut();
            if (n == 0 && !room) {
                break; // the socket is full: onWritable continues
            }
        }
        if (out != null && out.position() == 0) {
            buffers.release(out);
            out = null;
        }
        pumpOut();
        if (writableWanted && out == null && socket.outPending() == 0) {
            loop.execute(this::notifyWritable);
        }
    }

    /** A {@link #flush()} before the loop next waits. */
    @Override
    public void flushLater() {
        loop.flushBeforeWait(this);
    }

    /** Sends {@code close_notify} after the pending output, then half-closes the socket. */
    @Override
    public void shutdownOutput() {
        if (closing || socket.isClosed()) {
            return;
        }
        flush();
        closing = true;
        engine.closeOutbound();
        pumpOut();
        socket.shutdownOutput();
    }

    /** True once the TCP connection is established (the handshake may still be running). */
    public boolean isTcpConnected() {
        return socket.isConnected();
    }

    /** Asks for {@link SocketHandler#onWritable()} once everything written was sent; never re-entrantly. */
    @Override
    public void needWritable() {
        if (writableWanted || socket.isClosed()) {
            return;
        }
        writableWanted = true;
        if (connected && out == null && socket.outPending() == 0) {
            loop.execute(this::notifyWritable);
        }
    }

    /** Stops handing plaintext up until {@link #resumeReading()}. */
    @Override
    public void pauseReading() {
        paused = true;
    }

    /** Resumes handing plaintext up, in a later task on the loop. */
    @Override
    public void resumeReading() {
        if (paused) {
            paused = false;
            loop.execute(this::resumeInput);
        }
    }

    /** Sends {@code close_notify} after the pending output, then closes the socket gracefully. */
    @Override
    public void closeAfterFlush() {
        if (closing || socket.isClosed()) {
            return;
        }
        flush();
        closing = true;
        engine.closeOutbound();
        pumpOut();
        socket.closeAfterFlush();
    }

    /** Closes now; pending output is dropped. Idempotent. */
    @Override
    public void close() {
        socket.close();
    }

    /** Closes on the endpoint's loop; may be called from any thread. */
    @Override
    public void closeFromAnyThread() {
        socket.closeFromAnyThread();
    }

    /** True once the socket closed. */
    @Override
    public boolean isClosed() {
        return socket.isClosed();
    }

    /** True once the handshake is done. */
    @Override
    public boolean isConnected() {
        return connected;
    }

    /** The peer's address, or {@code null}. */
    @Override
    public InetSocketAddress remoteAddress() {
        return socket.remoteAddress();
    }

    /** The negotiated ALPN protocol once connected, {@code ""} for none. */
    public String applicationProtocol() {
        return engine.applicationProtocol();
    }

    /** Why the connection failed, or {@code null}. */
    public TlsException failure() {
        return engine.failure();
    }

    // ---- the socket below ----

    @Override
    public void onConnected() {
        handshakeStartNanos = System.nanoTime();
        handshakeStartMillis = System.currentTimeMillis();
        engine.beginHandshake(handshakeStartNanos + handshakeTimeoutNanos);
        handshakeTimer = loop.schedule(handshakeTimeoutNanos, () -> {
            handshakeTimer = null;
            engine.expire(System.nanoTime());
        });
        pumpOut();
    }

    @Override
    public void onRead(ByteBuffer in) {
        engine.receive(in);
        if (in.hasRemaining() && !socket.isClosed()) {
            socketHeld = true; // the engine is full until the handler reads on or tasks finish
            socket.pauseReading();
        }
        pumpOut();
    }

    @Override
    public void onWritable() {
        if (connected) {
            flush();
        } else {
            pumpOut();
        }
    }

    @Override
    public void onEndOfInput() {
        if (!connected) {
            engine.expire(Long.MAX_VALUE); // no handshake can finish now
            socket.close();
            return;
        }
        reportEnd(); // no close_notify: a truncation, reported as the end all the same
    }

    @Override
    public void onClosed() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            handshakeTimer = null;
        }
        engine.release();
        if (out != null) {
            buffers.release(out);
            out = null;
        }
        handler.onClosed();
    }

    // ---- the engine ----

    @Override
    public void onHandshakeDone() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            handshakeTimer = null;
        }
        connected = true;
        // SSLEngine has no "resumed" flag: a resumed session was created by an earlier handshake.
        boolean resumed = engine.sslEngine().getSession().getCreationTime() < handshakeStartMillis;
        observer.handshakeDone(System.nanoTime() - handshakeStartNanos, resumed, engine.applicationProtocol());
        handler.onConnected();
        flush();
    }

    @Override
    public void onPlaintext(ByteBuffer plaintext) {
        if (!paused && !socket.isClosed()) {
            handler.onRead(plaintext);
        }
    }

    @Override
    public void onCloseNotify() {
        reportEnd();
    }

    @Override
    public void onFailure(TlsException failure) {
        if (!connected) {
            observer.handshakeFailed(failure);
        }
        pumpOut(); // the alert, best effort
        socket.close();
    }

    @Override
    public void onTasksDone() {
        resumeInput();
    }

    private void resumeInput() {
        if (socket.isClosed()) {
            return;
        }
        engine.resume();
        if (socketHeld) {
            socketHeld = false;
            socket.resumeReading();
        }
        pumpOut();
    }

    private void reportEnd() {
        if (!endReported) {
            endReported = true;
            handler.onEndOfInput();
        }
    }

    private void notifyWritable() {
        if (writableWanted && !socket.isClosed() && out == null && socket.outPending() == 0) {
            writableWanted = false;
            handler.onWritable();
        }
    }

    /** Moves encrypted bytes into the socket and writes them; false when the socket's buffer is full. */
    private boolean pumpOut() {
        if (socket.isClosed()) {
            return false;
        }
        while (engine.hasOutbound() && socket.outSpace() > 0) {
            if (engine.pollOutbound(socket.out()) == 0) {
                break;
            }
        }
        socket.flush();
        boolean full = engine.hasOutbound() && socket.outSpace() == 0;
        if (full) {
            socket.needWritable();
        }
        return !full;
    }

    @Override
    public String toString() {
        return "TlsEndpoint{" + engine + "," + socket + "}";
    }
}
