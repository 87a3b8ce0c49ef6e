package dev.tether.examples.origin;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.nio.Acceptor;
import dev.tether.examples.nio.EventLoop;
import dev.tether.examples.nio.EventLoopGroup;
import dev.tether.examples.nio.NioSocket;

import dev.tether.examples.tls.HandshakeObserver;
import dev.tether.examples.tls.TlsContexts;
import dev.tether.examples.tls.TlsEndpoint;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded origin server: HTTP/1.1 and h2c (prior knowledge, detected from the preface) on one
 * port, on its own event loops. Every response carries {@code x-conn-id} (the accepted connection's
 * number) and {@code x-conn-request} (the request's index on it), so tests see from outside which
 * backend connection served each request; {@link #acceptedConnections()} counts connections.
 *
 * <p>Invariants: connection ids are 1, 2, 3... in accept order; {@link #requests()} counts requests
 * answered (each exactly once); {@link #openConnections()} is exact once the loops are idle.
 *
 * <p>Thread safety: the accessors and {@link #close()} are safe from any thread; connections are
 * confined to their loops.
 */
@ThreadSafe
public final class OriginServer implements AutoCloseable {
    /** The response body pattern: "ok\n" repeated. */
    static final ByteBuffer PATTERN;

    static {
        byte[] b = new byte[16 * 1024 + 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) "ok\n".charAt(i % 3);
        }
        PATTERN = ByteBuffer.wrap(b).asReadOnlyBuffer();
    }

    /** How long a TLS client may take to finish its handshake. */
    private static final long TLS_HANDSHAKE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    private final OriginConfig config;
    private final EventLoopGroup group;
    private final Acceptor acceptor;
    final AtomicLong requests = new AtomicLong();
    final AtomicLong open = new AtomicLong();
    final AtomicLong idleCloses = new AtomicLong();
    final AtomicLong webSockets = new AtomicLong();
    final java.util.Queue<String> posted = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** The server context of a TLS origin, or {@code null} for plaintext. */
    private final SSLContext tls;
    /** Runs TLS handshakes' delegated tasks; {@code null} for plaintext. */
    private final ExecutorService tlsTasks;

    private OriginServer(OriginConfig config, EventLoopGroup group, InetSocketAddress address, SSLContext tls)
            throws IOException {
        this.config = config;
        this.group = group;
        this.tls = tls;
        this.tlsTasks = tls == null ? null : Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "origin-tls-task");
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Acceptor(group, address, this::accepted);
    }

    /**
     * Starts an origin.
     *
     * @param address where to listen (port 0 for a free one)
     * @param config the behaviours
     * @param loops how many event loops
     * @return the running origin
     * @throws IOException if it cannot listen
     */
    public static OriginServer start(InetSocketAddress address, OriginConfig config, int loops) throws IOException {
        return start(address, config, loops, null);
    }

    /**
     * Starts an origin that speaks TLS (ALPN {@code h2} and {@code http/1.1}; h2 is told from its
     * preface, as in plaintext) when {@code tls} is given.
     *
     * @param address where to listen (port 0 for a free one)
     * @param config the behaviours
     * @param loops how many event loops
     * @param tls a server context ({@code TlsContexts.server}), or {@code null} for plaintext
     * @return the running origin
     * @throws IOException if it cannot listen
     */
    public static OriginServer start(InetSocketAddress address, OriginConfig config, int loops, SSLContext tls)
            throws IOException {
        EventLoopGroup g = new EventLoopGroup(loops, "origin");
        try {
            return new OriginServer(config, g, address, tls);
        } catch (IOException | RuntimeException e) {
            g.close();
            throw e;
        }
    }

    /** The bound port. */
    public int port() {
        return acceptor.port();
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return new InetSocketAddress(acceptor.address().getAddress(), port());
    }

    /** Connections accepted since start. */
    public long acceptedConnections() {
        return acceptor.accepted();
    }

    /** Requests answered since start. */
    public long requests() {
        return requests.get();
    }

    /** Connections this origin closed because they were idle for {@link OriginConfig#idleCloseMs()}. */
    public long idleCloses() {
        return idleCloses.get();
    }

    /** WebSocket handshakes accepted on {@code /ws/echo} since start (HTTP/1.1 upgrades and RFC 8441 streams). */
    public long webSockets() {
        return webSockets.get();
    }

    /** What browsers posted to {@code /ws/posted} (see {@code GET /ws/page}), oldest first. */
    public java.util.List<String> posted() {
        return java.util.List.copyOf(posted);
    }

    /** Connections currently open. */
    public long openConnections() {
        return open.get();
    }

    OriginConfig config() {
        return config;
    }

    private void accepted(EventLoop loop, SocketChannel ch, long id) {
        OriginConnection c = new OriginConnection(this, loop, id);
        try {
            c.start(tls == null ? NioSocket.accepted(loop, ch, c)
                    : TlsEndpoint.accept(loop, ch, TlsContexts.serverEngine(tls, TlsContexts.DEFAULT_ALPN), tlsTasks,
                            TLS_HANDSHAKE_NANOS, HandshakeObserver.NONE, c), ch);
            open.incrementAndGet();
        } catch (IOException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // Nothing more to release.
            }
        }
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() {
        acceptor.close();
        group.close();
        if (tlsTasks != null) {
            tlsTasks.shutdownNow();
        }
    }
}
