package dev.tether.examples.load;

import dev.tether.core.ReusePolicy;
import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.origin.OriginServer;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;
import dev.tether.examples.websocket.WebSocketProtocol;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code demo --websocket N}: starts an origin and the proxy in this process, opens N WebSocket
 * clients through the proxy to the origin's {@code /ws/echo} (all open at once), lets each exchange
 * its messages (text and binary, in turn), closes them with the close handshake, and reports
 * messages, bytes, round-trip times and the backend connections the origin accepted: over an HTTP/1.1
 * backend each WebSocket has its own (R11, D11); over an h2c backend that speaks RFC 8441 they are
 * streams of shared connections.
 *
 * <p>Invariants: every message is counted once, as echoed or as an error; everything started is
 * stopped before {@link #run} returns.
 *
 * <p>Thread safety: {@link #run} may be called from any thread; each client runs on its own thread.
 */
@ThreadSafe
public final class WebSocketDemo {
    private WebSocketDemo() {
    }

    /**
     * Runs the WebSocket demo.
     *
     * @param clients how many WebSockets at once
     * @param messages messages per WebSocket
     * @param backend {@code H1} or {@code H2C}
     * @param policy the reuse policy
     * @param progress where progress lines go ({@code null} for none)
     * @return what was measured
     * @throws IOException if a server cannot start
     * @throws InterruptedException if interrupted while waiting for the clients
     */
    public static WebSocketDemoResult run(int clients, int messages, Backend.Protocol backend, ReusePolicy policy,
                                          PrintStream progress) throws IOException, InterruptedException {
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        try (OriginServer origin = OriginServer.start(loopback, OriginConfig.PLAIN, 1);
             ReverseProxy proxy = ReverseProxy.start(ProxyConfig.defaults(loopback,
                     List.of(new Backend(backend, origin.address())), policy))) {
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", proxy.port());
            long[] rtts = new long[clients * messages];
            AtomicLong next = new AtomicLong();
            AtomicLong bytes = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            CountDownLatch open = new CountDownLatch(clients);
            CountDownLatch finished = new CountDownLatch(clients);
            long t0 = System.nanoTime();
            for (int i = 0; i < clients; i++) {
                Thread t = new Thread(() -> {
                    try {
                        client(target, messages, open, rtts, next, bytes, errors);
                    } finally {
                        finished.countDown();
                    }
                }, "demo-websocket-" + i);
                t.setDaemon(true);
                t.start();
            }
            if (!open.await(30, TimeUnit.SECONDS) && progress != null) {
                progress.println("demo: not every WebSocket opened within 30 s");
            }
            long backendsWhileOpen = origin.acceptedConnections();
            if (progress != null) {
                progress.printf(Locale.ROOT, "demo: %d WebSockets open, %d backend connections, %d tunnels%n", clients,
                        backendsWhileOpen, proxy.context().tunnelsOpen.get());
            }
            finished.await();
            double seconds = (System.nanoTime() - t0) / 1e9;
            int done = (int) Math.min(next.get(), rtts.length);
            long[] sorted = Arrays.copyOf(rtts, done);
            Arrays.sort(sorted);
            return new WebSocketDemoResult(clients, done, bytes.get(), errors.get(), percentile(sorted, 0.50),
                    percentile(sorted, 0.99), backendsWhileOpen, origin.webSockets(), seconds,
                    policy.name().toLowerCase(Locale.ROOT), backend.name().toLowerCase(Locale.ROOT));
        }
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
    }

    private static void client(InetSocketAddress target, int messages, CountDownLatch open, long[] rtts,
                               AtomicLong next, AtomicLong bytes, AtomicLong errors) {
        BlockingWebSocketClient ws = null;
        try {
            ws = BlockingWebSocketClient.open(target, "/ws/echo", 10_000);
            open.countDown();
            open.await(30, TimeUnit.SECONDS); // every WebSocket is open before any talks
            for (int i = 0; i < messages; i++) {
                boolean text = i % 2 == 0;
                byte[] payload = ("message " + i + " " + "x".repeat(64 + i % 64)).getBytes(StandardCharsets.UTF_8);
                long t = System.nanoTime();
                ws.send(text ? WebSocketProtocol.TEXT : WebSocketProtocol.BINARY, true, payload);
                BlockingWebSocketClient.Event echo = ws.receive();
                long rtt = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t);
                rtts[(int) next.getAndIncrement()] = rtt;
                if (Arrays.equals(echo.data(), payload)) {
                    bytes.addAndGet(2L * payload.length);
                } else {
                    errors.incrementAndGet();
                }
            }
            ws.sendClose(WebSocketProtocol.NORMAL_CLOSURE, "demo done");
            if (ws.receive().closeCode() != WebSocketProtocol.NORMAL_CLOSURE) {
                errors.incrementAndGet();
            }
        } catch (IOException e) {
            errors.incrementAndGet();
            open.countDown(); // never opened, or broke: the others need not wait for it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (ws != null) {
                ws.close();
            }
        }
    }
}
