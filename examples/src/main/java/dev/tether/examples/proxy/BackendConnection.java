package dev.tether.examples.proxy;

import dev.tether.core.Connection;
import dev.tether.core.Lease;
import dev.tether.core.Mux;
import dev.tether.core.Stream;
import dev.tether.core.Transport;
import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.EventLoop;
import dev.tether.examples.nio.EventLoopGroup;
import dev.tether.examples.nio.Endpoint;
import dev.tether.examples.nio.NioSocket;
import dev.tether.examples.nio.SocketHandler;
import dev.tether.examples.tls.TlsEndpoint;
import dev.tether.examples.tls.TlsException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One backend connection as the proxy drives it: the engine's {@link Connection}, its
 * {@link Endpoint} (a {@link NioSocket}), its mux, and the exchanges riding it. It is the connection's {@link Transport}:
 * the engine closes it through {@link #close()}, from any thread.
 *
 * <p>Invariants: every mux and engine call for the connection happens on its home loop; a connect
 * that does not finish within the timeout is reported as an error and closed; when the socket
 * closes, every exchange still riding it is told once, in a later task (never re-entrantly).
 *
 * <p>Thread safety: {@link #close()} from any thread; everything else on the home loop.
 */
@ThreadConfined("home loop")
abstract class BackendConnection implements Transport, SocketHandler {
    final Connection connection;
    /** The home loop; changes only when a takeover moves the connection (R61), on the new loop. */
    EventLoop loop;
    final ProxyContext ctx;
    Endpoint socket;
    private EventLoop.Timer connectTimer;
    /** Set on the home loop when the connect timer closed a socket that never connected. */
    private boolean connectTimedOut;
    /** Once true, always true. */
    boolean closed;
    /** Why the socket closed ({@code x-tether-error}); set once, with {@code closed}. */
    String closeReason;
    /** The backend broke the protocol: the reason the connection is closing for, or {@code null}. */
    private String protocolError;

    BackendConnection(Connection connection, EventLoop loop, ProxyContext ctx) {
        this.connection = connection;
        this.loop = loop;
        this.ctx = ctx;
    }

    /** Starts the non-blocking connect, with its timeout. Home loop only. */
    final void open(InetSocketAddress address) throws IOException {
        socket = NioSocket.connect(loop, address, this);
        connectTimer = loop.schedule(TimeUnit.MILLISECONDS.toNanos(ctx.config.connectTimeoutMs()), () -> {
            connectTimer = null;
            if (!socket.isConnected()) {
                connectTimedOut = true;
                socket.close(); // reported as an error by onClosed
            }
        });
    }

    /**
     * Takes over an endpoint that is already connected (a TLS connection whose handshake chose this
     * protocol): every later event of the endpoint comes here. Home loop only.
     *
     * @param e the endpoint
     */
    final void adopt(Endpoint e) {
        socket = e;
        e.handler(this);
    }

    @Override
    public final void close() {
        socket.closeFromAnyThread();
    }

    @Override
    public final void onConnected() {
        cancelConnectTimer();
        connected();
    }

    @Override
    public final void onClosed() {
        cancelConnectTimer();
        boolean wasConnected = socket.isConnected();
        closed = true;
        TlsException tls = socket instanceof TlsEndpoint t ? t.failure() : null;
        closeReason = tls != null ? tls.kind().reason() // typed: a renegotiation, a broken record
                : protocolError != null ? protocolError
                : wasConnected ? "backend-closed" : connectTimedOut ? "connect-timeout" : "connect-failed";
        transportClosed();
        loop.execute(() -> failAll(closeReason));
    }

    /**
     * The backend sent what the protocol forbids (RFC 9112 §11.2: the framing of what follows cannot be
     * trusted): the connection is closed, never reused, and its exchanges fail with {@code reason}.
     *
     * @param reason the {@code x-tether-error} value
     * @param flushFirst write what is queued (an h2 GOAWAY) before closing
     */
    final void closeForProtocolError(String reason, boolean flushFirst) {
        protocolError = reason;
        if (closed) {
            closeReason = reason; // the mux's error report closed it already; its exchanges are told later
            return;
        }
        if (flushFirst) {
            socket.closeAfterFlush();
        } else {
            socket.close();
        }
    }

    /**
     * True when the connection closed before the transport ever reported connected: no request byte
     * reached the backend (docs/behaviour.md D10). Home loop only.
     */
    final boolean failedBeforeConnected() {
        return closed && !socket.isConnected();
    }

    private void cancelConnectTimer() {
        if (connectTimer != null) {
            connectTimer.cancel();
            connectTimer = null;
        }
    }

    /**
     * Creates the mux and installs it on the connection.
     *
     * @param loops the proxy's loops: the engine may then move the connection to another loop while
     *     it is parked (R59–R61, {@link #moveTo}); {@code null} for one that stays on its loop
     */
    abstract void installMux(EventLoopGroup loops);

    /** Installs {@code mux} on the connection, as a {@link MovableMux} if {@code loops} is given. */
    final <S extends Stream> void install(Mux<S> mux, EventLoopGroup loops) {
        connection.installMux(loops == null ? mux : new MovableMux<>(mux, this, loops));
    }

    /**
     * Moves this parked connection to {@code to} (R61): its socket, and so every later event, task
     * and buffer, from then on belong to {@code to}. Called on {@code to}'s thread, once the engine
     * claimed the connection.
     *
     * @param to the taking loop
     * @return true if moved; false if the connection (or its TLS layer) is not waiting idle
     */
    final boolean moveTo(EventLoop to) {
        boolean moved = socket instanceof NioSocket s ? s.moveTo(to, this::idleForMove)
                : socket instanceof TlsEndpoint t && t.moveTo(to, this::idleForMove);
        if (!moved) {
            return false;
        }
        loop = to;
        return true;
    }

    /**
     * Asked inside the socket's guard, before a move: true if nothing of an exchange is left on the
     * connection and its mux reports it reusable (a fact its old loop saw is never carried over).
     */
    abstract boolean idleForMove();

    /** The socket connected. */
    abstract void connected();

    /** The socket closed: report the fact to the mux (PEER_CLOSED or ERROR). */
    abstract void transportClosed();

    /** Tells every exchange still riding the connection that it failed. */
    abstract void failAll(String reason);

    /**
     * Starts an exchange on the stream its lease attached.
     *
     * @param ex the exchange
     * @param lease the exchange's lease on this connection; its stream is this connection's mux's
     */
    abstract void begin(ProxyExchange ex, Lease lease);

    /** Sends more of the exchange's request body, as far as buffers and windows allow. */
    abstract void pumpRequest(ProxyExchange ex);

    /** The exchange passed {@code n} response bytes on: read or credit that much more. */
    abstract void responseSpaceFreed(ProxyExchange ex, int n);

    /**
     * The client of {@code ex} went away: this connection may take its lease over, read the rest of the
     * response and drop it, so as to be parked rather than closed (D13). On true the connection holds
     * the lease and releases it itself, and has forgotten the exchange; on false nothing changed.
     *
     * @param ex the exchange, holding a lease on this connection
     * @param lease the handle of that lease
     * @param target the name of its target
     * @return true if the connection took the lease over
     */
    boolean drainAbandoned(ProxyExchange ex, long lease, String target) {
        return false; // an h2c stream is reset instead: its connection stays
    }

    /**
     * The exchange is releasing its lease: drop every reference to it.
     *
     * @param ex the exchange
     * @param lease its lease, still live
     */
    abstract void forget(ProxyExchange ex, Lease lease);
}
