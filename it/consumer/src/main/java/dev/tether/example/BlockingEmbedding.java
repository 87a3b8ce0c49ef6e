package dev.tether.example;

import com.sun.net.httpserver.HttpServer;
import dev.tether.core.Lease;
import dev.tether.core.Outcome;
import dev.tether.core.ReleaseResult;
import dev.tether.core.RequestTraits;
import dev.tether.core.ReuseEngine;
import dev.tether.core.ReuseKey;
import dev.tether.core.ReusePolicy;
import dev.tether.core.Session;
import dev.tether.core.Target;
import dev.tether.core.TargetConfig;
import dev.tether.http1.Http1Exchange;
import dev.tether.http1.Http1FieldView;
import dev.tether.http1.Http1Fields;
import dev.tether.http1.Http1Head;
import dev.tether.http1.Http1Listener;
import dev.tether.http1.Http1Mux;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Three GET requests through the reuse engine over blocking sockets, which must share one backend connection. */
public final class BlockingEmbedding {
    /** The host's side of one backend connection: its socket and its HTTP/1 mux. */
    record Backend(Socket socket, Http1Mux mux) {
    }

    public static void main(String[] args) throws Exception {
        // An origin to talk to: the JDK's HttpServer, counting the client ports it sees (one per connection).
        Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
        HttpServer origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            byte[] body = "hello".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        origin.start();

        Map<Long, Backend> backends = new ConcurrentHashMap<>(); // by Connection.id()
        ReuseEngine engine = ReuseEngine.builder(connection -> {
            // Duty 1, transport connected: open the socket, install the mux, tell it the socket is up.
            InetSocketAddress to = (InetSocketAddress) connection.key().destination();
            Socket socket = new Socket(to.getAddress(), to.getPort()); // blocking connect
            Http1Mux mux = new Http1Mux(connection);                    // reports its facts to the connection
            connection.installMux(mux);
            mux.transportConnected();
            backends.put(connection.id(), new Backend(socket, mux));
            return () -> {                                              // the Transport: how the engine closes it
                backends.remove(connection.id());
                try {
                    socket.close();
                } catch (java.io.IOException ignored) {
                    // closing anyway
                }
            };
        }).build();
        Target target = engine.addTarget(TargetConfig.builder("origin").policy(ReusePolicy.SAFE).build());
        ReuseKey key = ReuseKey.builder(target).destination(origin.getAddress()).build();
        Session session = engine.openSession(0); // one per client connection of your gateway

        for (int i = 0; i < 3; i++) {
            long handle = engine.acquire(session, key, i == 0 ? RequestTraits.FIRST : RequestTraits.NONE,
                    System.nanoTime());
            Lease lease = engine.lease(handle);
            boolean reused = lease.reused();
            Backend backend = backends.get(lease.connection().id());
            Http1Exchange exchange = lease.stream(Http1Exchange.class);
            StringBuilder body = new StringBuilder();
            exchange.listener(new Http1Listener() {
                @Override public void onHead(Http1Head head) { }
                @Override public void onInformational(Http1Head head) { }
                @Override public void onBody(ByteBuffer data) { body.append(StandardCharsets.US_ASCII.decode(data)); }
                @Override public void onTrailers(Http1FieldView trailers) { }
                @Override public void onMessageComplete() { }
                @Override public void onTunnelData(ByteBuffer data) { }
            });
            exchange.sendRequest("GET", "/hello", Http1Fields.of("host", "127.0.0.1"));
            exchange.endRequest();                                      // duty 2, end of request: no body follows

            OutputStream out = backend.socket().getOutputStream();     // duty 3, outbound polling
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (exchange.hasOutbound()) {
                buf.clear();
                exchange.pollOutbound(buf);
                out.write(buf.array(), 0, buf.position());
            }
            out.flush();

            InputStream in = backend.socket().getInputStream();        // duty 4, inbound bytes
            byte[] chunk = new byte[4096];
            while (!exchange.responseComplete()) {
                int n = in.read(chunk);
                if (n < 0) {
                    backend.mux().onEndOfInput();
                    break;
                }
                backend.mux().onBytes(ByteBuffer.wrap(chunk, 0, n));
            }
            int status = exchange.status();
            Outcome outcome = exchange.responseComplete() ? Outcome.COMPLETED : Outcome.FAILED;
            ReleaseResult where = engine.release(handle, outcome, System.nanoTime()); // duty 5, release
            System.out.println("request " + (i + 1) + ": " + status + " " + body + ", reused " + reused
                    + ", connection now " + where.state());
        }
        long next = engine.maintain(System.nanoTime());                 // duty 6, maintain, on your timer
        System.out.println("3 requests, " + clientPorts.size() + " backend connection(s); maintain again in "
                + next / 1_000_000 + " ms");
        engine.closeSession(session);
        engine.close();
        origin.stop(0);
        if (clientPorts.size() != 1) {
            throw new IllegalStateException("expected one backend connection, saw " + clientPorts.size());
        }
    }
}
