package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.core.Session;
import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.nio.EventLoop;
import dev.tether.examples.nio.EventLoopGroup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's backend side for a host that owns its own server and threads: {@link #forward} sends
 * one request through the reuse engine on a Tether event loop and completes a future with the whole
 * response. Each distinct client key (e.g. the client's address and port) is one engine session; its
 * first request is {@code FIRST} (R69); sessions idle for 30 seconds are closed.
 *
 * <p>Invariants: sessions are only touched on the forwarder's loop; request bodies are limited to
 * {@link RequestBody#CAPACITY} bytes and responses to {@link #MAX_RESPONSE} bytes (a host that needs
 * more streams with {@link ReverseProxy} instead).
 *
 * <p>Thread safety: {@link #forward} and {@link #close()} may be called from any thread.
 */
@ThreadSafe
public final class EmbeddedForwarder implements AutoCloseable {
    /** The largest response body kept. */
    public static final int MAX_RESPONSE = 16 << 20;
    private static final long SESSION_IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

    /**
     * A whole response.
     *
     * <p>Thread safety: immutable once completed.
     *
     * @param status the status
     * @param fields end-to-end name/value pairs
     * @param body the body
     */
    @ThreadSafe
    public record Reply(int status, List<String> fields, byte[] body) {
    }

    private final EventLoopGroup group = new EventLoopGroup(1, "tether-embedded");
    private final EventLoop loop = group.loop(0);
    private final ProxyContext ctx;
    /** Confined to {@code loop}. */
    private final Map<String, Client> clients = new HashMap<>();

    /**
     * Starts a forwarder for the backends, policy and limits of {@code config} (its listen address is
     * not used).
     *
     * @param config the configuration; {@code loops} is forced to 1
     */
    public EmbeddedForwarder(ProxyConfig config) {
        this.ctx = ReverseProxy.context(config.withLoops(1), group);
        loop.execute(this::maintain);
    }

    /**
     * Forwards one request.
     *
     * @param clientKey identifies the client connection (its session)
     * @param method the method
     * @param authority the Host
     * @param path the request-target
     * @param fields the received name/value pairs
     * @param body the body, at most 64 KiB, or an empty array
     * @param clientIp for {@code X-Forwarded-For}
     * @return the response, or a 502/503/504 with {@code x-tether-error}
     */
    public CompletableFuture<Reply> forward(String clientKey, String method, String authority, String path,
                                            List<String> fields, byte[] body, String clientIp) {
        CompletableFuture<Reply> result = new CompletableFuture<>();
        if (body.length > RequestBody.CAPACITY) {
            result.completeExceptionally(new IOException("request body over " + RequestBody.CAPACITY + " bytes"));
            return result;
        }
        loop.execute(() -> {
            Client c = clients.computeIfAbsent(clientKey, k -> new Client(ctx.engine.openSession(0)));
            c.lastUsedNanos = System.nanoTime();
            RequestHead head = RequestHead.forward(method, authority, path, fields, body.length > 0 ? body.length : -1,
                    body.length > 0, clientIp);
            ProxyExchange ex = new ProxyExchange(ctx, c.session, loop, new Collector(result), head, c.requests++ == 0);
            ex.start();
            if (body.length > 0) {
                ex.requestBody(ByteBuffer.wrap(body));
            }
            ex.requestEnded();
        });
        return result;
    }

    private void maintain() {
        long now = System.nanoTime();
        ctx.engine.maintain(now);
        clients.values().removeIf(c -> {
            boolean idle = now - c.lastUsedNanos > SESSION_IDLE_NANOS;
            if (idle) {
                ctx.engine.closeSession(c.session);
            }
            return idle;
        });
        loop.schedule(TimeUnit.SECONDS.toNanos(1), this::maintain);
    }

    /** The engine's counters, through the shared context. */
    public ProxyContext context() {
        return ctx;
    }

    /** Closes every session and connection and stops the loop. */
    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            clients.values().forEach(c -> ctx.engine.closeSession(c.session));
            clients.clear();
            ctx.engine.targets().forEach(ctx.engine::drain);
            done.complete(null);
        });
        done.orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        ctx.health.stop();
        group.close();
    }

    /**
     * One client's session.
     *
     * <p>Thread safety: confined to the forwarder's loop.
     */
    @ThreadConfined("event loop")
    private static final class Client {
        final Session session;
        int requests;
        long lastUsedNanos;

        Client(Session session) {
            this.session = session;
        }
    }

    /**
     * A {@link Downstream} that keeps the whole response and completes a future.
     *
     * <p>Thread safety: confined to the forwarder's loop.
     */
    @ThreadConfined("event loop")
    private static final class Collector implements Downstream {
        private final CompletableFuture<Reply> result;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int status;
        private List<String> fields = List.of();

        Collector(CompletableFuture<Reply> result) {
            this.result = result;
        }

        @Override
        public void head(int s, List<String> f, boolean noBody) {
            status = s;
            fields = List.copyOf(f);
        }

        @Override
        public void body(ByteBuffer src) {
            int n = Math.min(src.remaining(), MAX_RESPONSE - body.size());
            byte[] b = new byte[n];
            src.get(b);
            body.writeBytes(b);
            if (src.hasRemaining()) {
                src.position(src.limit());
                result.completeExceptionally(new IOException("response over " + MAX_RESPONSE + " bytes"));
            }
        }

        @Override
        public void end() {
            result.complete(new Reply(status, fields, body.toByteArray()));
        }

        @Override
        public void abort() {
            result.completeExceptionally(new IOException("backend response cut short"));
        }

        @Override
        public void refuse() {
            result.completeExceptionally(new IOException("backend failed before answering; the request may be replayed"));
        }

        @Override
        public void error(int s, String reason) {
            result.complete(new Reply(s, List.of("x-tether-error", reason), new byte[0]));
        }

        @Override
        public void requestBodyConsumed(int n) {
        }

        @Override
        public void exchangeDone() {
        }
    }
}
