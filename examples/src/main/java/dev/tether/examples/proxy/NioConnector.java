package dev.tether.examples.proxy;

import dev.tether.core.Connection;
import dev.tether.core.Connector;
import dev.tether.core.Transport;
import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.nio.EventLoop;
import dev.tether.examples.nio.EventLoopGroup;

import java.net.InetSocketAddress;

/**
 * The proxy's {@link Connector}: opens a non-blocking socket on the connection's home loop, installs
 * the mux for the backend's protocol at once ({@code Http1Mux} or {@code Http2Mux}), and returns the
 * {@link BackendConnection} as the transport (with a {@link MovableMux}, so that a parked connection
 * can serve another loop); for an {@code https} backend it returns a
 * {@link TlsBackend}, which installs the mux the negotiated ALPN protocol asks for after the handshake.
 *
 * <p>Invariants: the context is set once, before the first connect.
 *
 * <p>Thread safety: called on the acquiring session's loop, which is the connection's home loop.
 */
@ThreadSafe
final class NioConnector implements Connector {
    private final EventLoopGroup group;
    private volatile ProxyContext ctx;

    NioConnector(EventLoopGroup group) {
        this.group = group;
    }

    void context(ProxyContext c) {
        this.ctx = c;
    }

    @Override
    public Transport connect(Connection connection) throws Exception {
        ProxyContext.Upstream up = ctx.upstream(connection.target());
        if (up == null) {
            throw new IllegalStateException("no backend for target " + connection.target().name());
        }
        EventLoop loop = group.loop(connection.homeLoop());
        if (!loop.inLoop()) {
            throw new IllegalStateException("connect off the connection's home loop");
        }
        if (up.backend().protocol() == Backend.Protocol.HTTPS) {
            TlsBackend t = new TlsBackend(connection, loop, group, ctx, up.backend());
            t.open(); // the mux is installed once the handshake chose the protocol (R27)
            return t;
        }
        BackendConnection b = up.backend().protocol() == Backend.Protocol.H1
                ? new H1Backend(connection, loop, ctx) : new H2Backend(connection, loop, ctx, up.streams());
        b.open((InetSocketAddress) connection.key().destination());
        b.installMux(group); // another loop may take it over while it is parked (R59-R61)
        return b;
    }
}
