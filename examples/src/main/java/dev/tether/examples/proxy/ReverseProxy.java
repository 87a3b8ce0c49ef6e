package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.core.ReuseEngine;
import dev.tether.core.ReuseKey;
import dev.tether.core.ReuseLimits;
import dev.tether.core.Session;
import dev.tether.core.Target;
import dev.tether.core.TargetConfig;
import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.nio.Acceptor;
import dev.tether.examples.nio.EventLoop;
import dev.tether.examples.nio.EventLoopGroup;
import dev.tether.http2.StreamBudget;
import dev.tether.examples.nio.Endpoint;
import dev.tether.examples.nio.NioSocket;
import dev.tether.examples.nio.SocketHandler;
import dev.tether.examples.tls.TlsEndpoint;
import dev.tether.examples.nio.Preface;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reverse proxy: HTTP/1.1 and h2c clients on one port (or HTTP/1.1 and h2 over TLS, chosen by
 * ALPN, with a TLS front), backends over HTTP/1.1, h2c or TLS chosen round-robin, and the {@link ReuseEngine} deciding which backend connection carries each request.
 * One selector loop per engine loop; each client connection is one engine session on the loop that
 * accepted it; {@code maintain} runs on loop 0 at the delay it asks for (at most one second).
 *
 * <p>Invariants: every accepted request is answered (proxied, or 502/503/504 with
 * {@code x-tether-error}); after {@link #close()} no socket of the proxy is open.
 *
 * <p>Thread safety: {@link #start}, the accessors and {@link #close()} are safe from any thread;
 * connections live on their loops.
 */
@ThreadSafe
public final class ReverseProxy implements AutoCloseable {
    private static final long MAX_MAINTAIN_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final EventLoopGroup group;
    private final ReuseEngine engine;
    private final ProxyContext ctx;
    private final Acceptor acceptor;
    private volatile boolean stopped;

    private ReverseProxy(ProxyConfig config) throws IOException {
        group = new EventLoopGroup(config.loops(), "proxy");
        ctx = context(config, group);
        engine = ctx.engine;
        try {
            acceptor = new Acceptor(group, config.listen(), this::accepted);
        } catch (IOException e) {
            group.close();
            throw e;
        }
        group.loop(0).execute(this::maintain);
        ProxyLog.listening(config, acceptor.port());
    }

    /**
     * Builds the engine, its targets and keys, and the shared context for a group of loops.
     *
     * @param config the configuration
     * @param group the loops, as many as {@code config.loops()}
     * @return the context
     */
    static ProxyContext context(ProxyConfig config, EventLoopGroup group) {
        NioConnector connector = new NioConnector(group);
        ReuseEngine engine = ReuseEngine.builder(connector).loops(config.loops())
                .maxIdlePerSession(config.maxIdlePerSession()).loopExecutors(group::loop).build();
        ReuseLimits limits = ReuseLimits.builder().maxIdlePerTarget(config.maxIdlePerTarget())
                .maxReuse(config.maxReuse()).lowIdle(config.lowIdle()).purgeDelay(Duration.ofMillis(config.purgeDelayMs()))
                .build();
        List<ProxyContext.Upstream> ups = new ArrayList<>();
        for (Backend b : config.backends()) {
            Target t = engine.addTarget(TargetConfig.builder(b.name()).policy(config.policy()).limits(limits).build());
            ReuseKey.Builder kb = ReuseKey.builder(t).destination(b.address());
            ReuseKey key = (b.tls() != null && b.tls().sni() != null ? kb.name(b.tls().sni()) : kb).build(); // R5: SNI is the name
            ups.add(new ProxyContext.Upstream(b, t, key, new TargetHealth(config.health()), new StreamBudget()));
        }
        ProxyTls tls;
        try {
            tls = new ProxyTls(config.tls(), config.backends(), config.loops());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS set-up failed: " + e.getMessage(), e);
        }
        HealthMonitor health = new HealthMonitor(config.health(), group.loop(0), tls, config.connectTimeoutMs(),
                config.responseTimeoutMs());
        ProxyContext ctx = new ProxyContext(engine, config, ups, health, tls);
        connector.context(ctx);
        health.start(ctx.upstreams);
        return ctx;
    }

    /**
     * Starts a proxy.
     *
     * @param config what to listen on, where to forward, which policy
     * @return the running proxy
     * @throws IOException if it cannot listen
     */
    public static ReverseProxy start(ProxyConfig config) throws IOException {
        return new ReverseProxy(config);
    }

    /** The bound port. */
    public int port() {
        return acceptor.port();
    }

    /** The event loops the proxy's connections live on. */
    public EventLoopGroup loops() {
        return group;
    }

    /** The engine, for its stats. */
    public ReuseEngine engine() {
        return engine;
    }

    /** The shared context (counters, configuration). */
    public ProxyContext context() {
        return ctx;
    }

    /** Exchanges in progress; 0 when the proxy is idle. */
    public long liveRequests() {
        return ctx.live.get();
    }

    /** Client connections currently open. */
    public int openClientConnections() {
        return ctx.frontends.size();
    }

    private void maintain() {
        if (stopped) {
            return;
        }
        long next = engine.maintain(System.nanoTime());
        long delay = next < 0 || next > MAX_MAINTAIN_NANOS ? MAX_MAINTAIN_NANOS : Math.max(next, 1_000_000);
        group.loop(0).schedule(delay, this::maintain);
    }

    private void accepted(EventLoop loop, SocketChannel ch, long id) {
        ctx.clientConnections.incrementAndGet();
        if (ctx.openClients.incrementAndGet() > ctx.config.clientLimits().maxClientConnections()) {
            ctx.openClients.decrementAndGet(); // over the limit: closed at once, nothing allocated for it
            ctx.clientsRefused.incrementAndGet();
            try {
                ch.close();
            } catch (IOException ignored) {
                // Closed anyway.
            }
            return;
        }
        Sniffer s = new Sniffer(loop);
        try {
            javax.net.ssl.SSLEngine tls = ctx.tls.serverEngine();
            long idleNanos = TimeUnit.MILLISECONDS.toNanos(ctx.config.idleTimeoutMs());
            // With a TLS front the sniffer reads plaintext: ALPN h2 clients send the h2 preface.
            s.socket = tls == null ? NioSocket.accepted(loop, ch, s)
                    : TlsEndpoint.accept(loop, ch, tls, ctx.tls.tasks(), idleNanos, ctx.tls.front(), s);
            if (s.socket instanceof NioSocket n) {
                n.readNow(); // its request is usually here already: then no timer is armed for it
            }
            s.closeIfSilentFor(idleNanos);
        } catch (IOException e) {
            ctx.openClients.decrementAndGet();
            try {
                ch.close();
            } catch (IOException ignored) {
                // Nothing more to release.
            }
        }
    }

    /**
     * Stops gracefully: no new connection; h2c clients get GOAWAY and HTTP/1 clients are closed
     * once idle; waits (at most {@code graceMillis}) for requests in progress, then closes
     * everything.
     *
     * @param graceMillis how long to wait for requests in progress
     */
    public void shutdown(long graceMillis) {
        if (stopped) {
            return;
        }
        acceptor.close();
        ctx.stopping = true;
        ProxyLog.stopping(ctx.live.get());
        for (Frontend f : ctx.frontends) {
            f.shutdownGracefully();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        while ((ctx.live.get() > 0 || ctx.drains.get() > 0 || !ctx.frontends.isEmpty())
                && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(10); // production code waiting for its own connections, not a test
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stopped = true;
        ctx.health.stop();
        for (Frontend f : ctx.frontends) {
            f.closeNow();
        }
        engine.close(); // drains every target: parked connections close through their transports
        group.close();
        ctx.tls.close();
    }

    /** Stops with a 5-second grace period. */
    @Override
    public void close() {
        shutdown(5_000);
    }

    /**
     * The first handler of a client connection: waits for enough bytes to tell h2c from HTTP/1.1,
     * then opens the session and hands the socket to the frontend.
     *
     * <p>Thread safety: confined to its loop.
     */
    @ThreadConfined("event loop")
    private final class Sniffer implements SocketHandler {
        private final EventLoop loop;
        Endpoint socket;
        /** Armed only while the sniffer waits for the first bytes; {@code null} if they came with the accept. */
        private EventLoop.Timer timer;
        private boolean told;

        Sniffer(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public void onRead(ByteBuffer in) {
            Preface.Kind kind = Preface.detect(in);
            if (kind == Preface.Kind.UNKNOWN) {
                return;
            }
            told = true;
            if (timer != null) {
                timer.cancel();
            }
            Session session = engine.openSession(loop.index());
            SocketHandler h;
            if (kind == Preface.Kind.H2C) {
                H2Frontend f = new H2Frontend(ctx, loop, socket, session);
                ctx.frontendOpened(f);
                h = f;
            } else {
                H1Frontend f = new H1Frontend(ctx, loop, socket, session);
                ctx.frontendOpened(f);
                h = f;
            }
            socket.handler(h);
            h.onRead(in);
        }

        /** A client that never says which protocol it speaks is closed like an idle one. */
        void closeIfSilentFor(long nanos) {
            if (!told && !socket.isClosed()) {
                timer = loop.schedule(nanos, socket::close);
            }
        }

        @Override
        public void onEndOfInput() {
            socket.close();
        }

        @Override
        public void onClosed() {
            if (timer != null) {
                timer.cancel(); // no session was opened yet
            }
            ctx.openClients.decrementAndGet();
        }
    }
}
