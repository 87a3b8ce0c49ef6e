package dev.tether.examples.proxy;

import dev.tether.core.Connection;
import dev.tether.core.MuxEvent;
import dev.tether.core.Transport;
import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.EventLoop;
import dev.tether.examples.nio.EventLoopGroup;
import dev.tether.examples.nio.SocketHandler;
import dev.tether.examples.tls.TlsEndpoint;
import dev.tether.examples.tls.TlsException;
import dev.tether.examples.tls.TlsFailure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The transport of one connection to an {@code https} backend while its protocol is not known: it
 * opens a {@link TlsEndpoint}, and once the handshake is done it picks the protocol from the
 * negotiated ALPN ({@code h2} gives an {@link H2Backend}, {@code http/1.1} or none an {@link H1Backend}),
 * hands the endpoint to it and installs its mux (R27: until then the engine keeps the connection
 * {@code EXCLUSIVE} or {@code PRIVATE_BUSY}, and no stream attaches). The first exchange waits here
 * for that moment.
 *
 * <p>A connection that fails before the handshake is done is, to the engine, a connect that failed
 * (R24: {@link MuxEvent#ERROR}, closed with {@code ERROR}); the waiting exchange is told the typed
 * reason ({@code tls-untrusted}, {@code tls-timeout}..., or {@code connect-failed} /
 * {@code connect-timeout} for the TCP connect), which {@link ProxyLog} reports naming the backend
 * (the JDK's detail at DEBUG).
 *
 * <p>Invariants: {@link #protocol()} is set once, on the home loop, before the mux is installed; at
 * most one exchange waits (the connection is exclusive until then); the TCP connect has the
 * configured connect timeout, and the handshake the same again from the TCP connect.
 *
 * <p>Thread safety: {@link #close()} from any thread; everything else on the home loop.
 */
@ThreadConfined("home loop")
final class TlsBackend implements Transport, SocketHandler {
    private final Connection connection;
    private final EventLoop loop;
    /** The proxy's loops, any of which may take the connection over once it is parked (R59–R61). */
    private final EventLoopGroup loops;
    private final ProxyContext ctx;
    private final Backend backend;
    private TlsEndpoint endpoint;
    private EventLoop.Timer connectTimer;
    private boolean connectTimedOut;
    /** Set once the handshake chose it; never changes after. */
    private BackendConnection protocol;
    private ProxyExchange waiting;
    /** The engine closed it (a released or drained connection): not a failed handshake. */
    private volatile boolean closedByEngine;

    TlsBackend(Connection connection, EventLoop loop, EventLoopGroup loops, ProxyContext ctx, Backend backend) {
        this.connection = connection;
        this.loop = loop;
        this.loops = loops;
        this.ctx = ctx;
        this.backend = backend;
    }

    /** Starts the TCP connect and then the handshake, each with the connect timeout. Home loop only. */
    void open() throws IOException {
        long timeout = TimeUnit.MILLISECONDS.toNanos(ctx.config.connectTimeoutMs());
        endpoint = TlsEndpoint.connect(loop, backend.address(), ctx.tls.clientEngine(backend, connection.key().name()),
                ctx.tls.tasks(), timeout, ctx.tls.counters(connection.target()), this);
        connectTimer = loop.schedule(timeout, () -> {
            connectTimer = null;
            if (!endpoint.isTcpConnected()) {
                connectTimedOut = true;
                endpoint.close(); // reported by onClosed
            }
        });
    }

    /** The protocol handler once the handshake is done, else {@code null}. */
    BackendConnection protocol() {
        return protocol;
    }

    /** Why the handshake failed, or {@code null}: the typed reason of a failed connect. */
    TlsException failure() {
        return endpoint.failure();
    }

    /**
     * {@code ex} holds the first stream of this connection, whose handshake still runs (R27): it
     * continues with {@link ProxyExchange#protocolReady} or fails with {@link ProxyExchange#backendFailed}.
     */
    void await(ProxyExchange ex) {
        waiting = ex;
    }

    /** {@code ex} gave its lease back before the handshake was done. */
    void forget(ProxyExchange ex) {
        if (waiting == ex) {
            waiting = null;
        }
    }

    @Override
    public void close() {
        closedByEngine = true;
        endpoint.closeFromAnyThread();
    }

    @Override
    public void onConnected() {
        cancelConnectTimer();
        ctx.tls.versions(backend).negotiated(endpoint.protocolVersion());
        BackendConnection b = "h2".equals(endpoint.applicationProtocol())
                ? new H2Backend(connection, loop, ctx, ctx.upstream(connection.target()).streams())
                : new H1Backend(connection, loop, ctx);
        protocol = b;
        b.adopt(endpoint); // every later event of the endpoint goes to b
        b.installMux(loops); // R27: the pending first stream attaches now and R26 places the connection
        b.onConnected();
        ProxyExchange ex = waiting;
        waiting = null;
        if (ex != null) {
            ex.protocolReady(b);
        }
    }

    @Override
    public void onRead(ByteBuffer in) {
        // No plaintext comes before the handshake is done, and by then the protocol handler reads.
    }

    @Override
    public void onEndOfInput() {
        endpoint.close();
    }

    @Override
    public void onClosed() {
        cancelConnectTimer();
        TlsException f = endpoint.failure();
        String reason = failureBeforeConnected(endpoint, connectTimedOut);
        if (!closedByEngine) {
            if (endpoint.isTcpConnected()) {
                ctx.tls.versions(backend).failed(); // the offer may be why: the next one offers everything
            }
            ProxyLog.handshakeFailed(backend.name(), connection.key().name(), f != null ? f.getMessage() : reason);
            connection.onMuxEvent(MuxEvent.ERROR); // R24: a connect that failed
        }
        loop.execute(() -> {
            ProxyExchange ex = waiting;
            waiting = null;
            if (ex != null) {
                ex.backendFailed(reason);
            }
        });
    }

    /**
     * The typed reason of a TLS connection that closed (or ran out of time) before its handshake was
     * done: the {@link TlsException}'s kind, else {@code tls-timeout} / {@code tls-handshake-failed}
     * once TCP connected, else {@code connect-timeout} / {@code connect-failed}.
     *
     * @param endpoint the connection
     * @param timedOut its deadline passed
     * @return the reason ({@code x-tether-error})
     */
    static String failureBeforeConnected(TlsEndpoint endpoint, boolean timedOut) {
        TlsException f = endpoint.failure();
        if (f != null) {
            return f.kind().reason();
        }
        if (endpoint.isTcpConnected()) {
            return timedOut ? TlsFailure.TIMEOUT.reason() : TlsFailure.HANDSHAKE_FAILED.reason();
        }
        return timedOut ? "connect-timeout" : "connect-failed";
    }

    private void cancelConnectTimer() {
        if (connectTimer != null) {
            connectTimer.cancel();
            connectTimer = null;
        }
    }

    @Override
    public String toString() {
        return "TlsBackend{" + backend.name() + "," + (protocol != null ? protocol : endpoint) + "}";
    }
}
