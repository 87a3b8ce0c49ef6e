package dev.tether.examples.embed;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.proxy.EmbeddedForwarder;
import dev.tether.examples.proxy.ProxyConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A gateway on the JDK's {@link HttpServer} that forwards every request through Tether: the library
 * called from a server it does not own. The server's handler threads hand each request to an
 * {@link EmbeddedForwarder} (the engine runs on its own event loop) and wait for the response; the
 * client's address and port name its session, so a client connection's requests share the reuse
 * rules a proxy frontend would give them.
 *
 * <p>Invariants: every request gets a response (the backend's, or 502/503/504 with
 * {@code x-tether-error}); {@link #close()} stops the server, then the forwarder.
 *
 * <p>Thread safety: safe from any thread; handlers run on the server's executor.
 */
@ThreadSafe
public final class HttpServerGateway implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final EmbeddedForwarder forwarder;

    /**
     * Starts the gateway.
     *
     * @param config where to listen, the backends and the reuse policy
     * @throws IOException if it cannot listen
     */
    public HttpServerGateway(ProxyConfig config) throws IOException {
        forwarder = new EmbeddedForwarder(config);
        server = HttpServer.create(config.listen(), 128);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The forwarder (engine counters). */
    public EmbeddedForwarder forwarder() {
        return forwarder;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(64 * 1024 + 1);
            List<String> fields = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : exchange.getRequestHeaders().entrySet()) {
                for (String v : e.getValue()) {
                    fields.add(e.getKey());
                    fields.add(v);
                }
            }
            InetSocketAddress remote = exchange.getRemoteAddress();
            EmbeddedForwarder.Reply reply;
            try {
                reply = forwarder.forward(remote.toString(), exchange.getRequestMethod(),
                        exchange.getRequestHeaders().getFirst("Host"), exchange.getRequestURI().toString(), fields, body,
                        remote.getAddress().getHostAddress()).get(60, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                reply = failure(504, "response-timeout");
            } catch (ExecutionException e) {
                reply = failure(502, "backend-failed"); // a typed reason: no exception text on the wire
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply = failure(503, "gateway-stopping");
            }
            Headers out = exchange.getResponseHeaders();
            for (int i = 0; i < reply.fields().size(); i += 2) {
                if (!"content-length".equals(reply.fields().get(i))) {
                    out.add(reply.fields().get(i), reply.fields().get(i + 1));
                }
            }
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(reply.status(), head || reply.body().length == 0 ? -1 : reply.body().length);
            if (!head && reply.body().length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(reply.body());
                }
            }
        }
    }

    private static EmbeddedForwarder.Reply failure(int status, String reason) {
        return new EmbeddedForwarder.Reply(status, List.of("x-tether-error", reason), new byte[0]);
    }

    /** Stops the server and the forwarder. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        forwarder.close();
    }
}
