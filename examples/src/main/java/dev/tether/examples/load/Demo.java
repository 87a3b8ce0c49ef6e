package dev.tether.examples.load;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.core.ReusePolicy;
import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.origin.OriginServer;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code demo}: starts an origin and the proxy in this process on free loopback ports, runs
 * keep-alive client connections through the proxy, shows progress on stderr, and reports how many
 * backend connections (counted by the origin) served how many requests.
 *
 * <p>Invariants: every request is counted once, as a success or an error; everything started is
 * stopped before {@link #run} returns.
 *
 * <p>Thread safety: {@link #run} may be called from any thread; each client runs on its own thread.
 */
@ThreadSafe
public final class Demo {
    private Demo() {
    }

    /**
     * Runs the demo.
     *
     * @param requests how many requests in total
     * @param clients how many client connections at once
     * @param backend {@code H1} or {@code H2C}
     * @param policy the reuse policy
     * @param progress where the progress bar goes ({@code null} for none)
     * @return what was measured
     * @throws IOException if a server cannot start
     * @throws InterruptedException if interrupted while waiting for the clients
     */
    public static DemoResult run(int requests, int clients, Backend.Protocol backend, ReusePolicy policy,
                                 PrintStream progress) throws IOException, InterruptedException {
        return run(requests, clients, backend.name().toLowerCase(Locale.ROOT), policy, progress);
    }

    /**
     * Runs the demo with {@code h1}, {@code h2c}, or over TLS end to end: {@code https} (HTTP/1.1 to
     * the origin by ALPN) or {@code h2} (HTTP/2 by ALPN), with a self-signed certificate made now.
     *
     * @param requests how many requests in total
     * @param clients how many client connections at once
     * @param backend {@code h1}, {@code h2c}, {@code https} or {@code h2}
     * @param policy the reuse policy
     * @param progress where the progress bar goes ({@code null} for none)
     * @return what was measured
     * @throws IOException if a server cannot start
     * @throws InterruptedException if interrupted while waiting for the clients
     */
    public static DemoResult run(int requests, int clients, String backend, ReusePolicy policy,
                                 PrintStream progress) throws IOException, InterruptedException {
        DemoSetup setup = DemoSetup.of(backend);
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        try (OriginServer origin = OriginServer.start(loopback, OriginConfig.PLAIN, 1, setup.originTls())) {
            // pool-low-conn sized to the clients, as a HAProxy user would: no parked connection is
            // closed as "over the estimate" while the load ramps up (docs/behaviour.md R50.6).
            ProxyConfig cfg = ProxyConfig.defaults(loopback, List.of(setup.backend(origin)), policy)
                    .withLowIdle(clients).withTls(setup.proxyTls());
            if (setup.originTls() != null) { // a burst of handshakes on a busy machine: more than 2 s
                cfg = cfg.withTimeouts(10_000, cfg.responseTimeoutMs(), cfg.idleTimeoutMs());
            }
            try (ReverseProxy proxy = ReverseProxy.start(cfg)) {
                int port = proxy.port();
                long[] latencies = new long[requests];
                AtomicLong next = new AtomicLong();
                AtomicLong errors = new AtomicLong();
                AtomicLong connections = new AtomicLong();
                CountDownLatch finished = new CountDownLatch(clients);
                long t0 = System.nanoTime();
                for (int i = 0; i < clients; i++) {
                    Thread t = new Thread(() -> {
                        try {
                            client(setup.client(port), requests, next, latencies, errors, connections);
                        } finally {
                            finished.countDown();
                        }
                    }, "demo-client-" + i);
                    t.setDaemon(true);
                    t.start();
                }
                Progress bar = new Progress(progress, requests);
                while (!finished.await(100, TimeUnit.MILLISECONDS)) {
                    bar.show(Math.min(next.get(), requests), System.nanoTime() - t0);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                bar.done(requests, System.nanoTime() - t0);
                Arrays.sort(latencies);
                return new DemoResult(requests, errors.get(), connections.get(), origin.acceptedConnections(),
                        proxy.engine().stats(), latencies[(int) (requests * 0.50)],
                        latencies[Math.min(requests - 1, (int) (requests * 0.99))], seconds,
                        policy.name().toLowerCase(Locale.ROOT), backend);
            }
        }
    }

    private static void client(BlockingHttpClient client, int requests, AtomicLong next, long[] latencies,
                               AtomicLong errors, AtomicLong connections) {
        try (BlockingHttpClient c = client) {
            long i;
            while ((i = next.getAndIncrement()) < requests) {
                long t = System.nanoTime();
                try {
                    BlockingHttpClient.Response r = c.get("/");
                    if (r.status() != 200) {
                        errors.incrementAndGet();
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                }
                latencies[(int) i] = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t);
            }
            connections.addAndGet(c.connections());
        }
    }

    /**
     * The progress bar on stderr: requests done, a bar, and the rate.
     *
     * <p>Thread safety: used by the demo's main thread only.
     */
    @NotThreadSafe
    private static final class Progress {
        private final PrintStream out;
        private final int total;

        Progress(PrintStream out, int total) {
            this.out = out;
            this.total = total;
        }

        void show(long done, long nanos) {
            if (out == null) {
                return;
            }
            int width = 30;
            int filled = (int) (width * done / Math.max(1, total));
            double rate = done / Math.max(nanos / 1e9, 1e-9);
            out.printf(Locale.ROOT, "\r[%s%s] %,d/%,d requests  %,.0f req/s ", "#".repeat(filled),
                    ".".repeat(width - filled), done, total, rate);
            out.flush();
        }

        void done(long done, long nanos) {
            show(done, nanos);
            if (out != null) {
                out.println();
            }
        }
    }
}
