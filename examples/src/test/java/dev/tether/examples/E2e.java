package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.origin.OriginServer;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test fixture: an origin and a proxy on free loopback ports, with the leak checks every end-to-end
 * test ends with (no live request in the proxy, file descriptors back to their baseline).
 *
 * <p>Invariants: {@link #close()} stops both servers, then waits (bounded) for the descriptor count.
 *
 * <p>Thread safety: used by one test thread.
 */
@NotThreadSafe
public final class E2e implements AutoCloseable {
    static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    static {
        warmUp();
    }

    public final OriginServer origin;
    public final ReverseProxy proxy;
    private final int fdBaseline;

    private E2e(OriginServer origin, ReverseProxy proxy, int fdBaseline) {
        this.origin = origin;
        this.proxy = proxy;
        this.fdBaseline = fdBaseline;
    }

    /** Starts an origin and a proxy in front of it; {@code HTTPS} is HTTP/1.1 over TLS (ALPN). */
    public static E2e start(OriginConfig originConfig, Backend.Protocol protocol, ReusePolicy policy, int loops)
            throws IOException {
        return start(originConfig, protocol, policy, c -> c.withLoops(loops));
    }

    /** Starts an origin and a proxy in front of it, its defaults changed by {@code tune}. */
    public static E2e start(OriginConfig originConfig, Backend.Protocol protocol, ReusePolicy policy,
                            java.util.function.UnaryOperator<ProxyConfig> tune) throws IOException {
        int fds = openFds();
        boolean tls = protocol == Backend.Protocol.HTTPS; // HTTP/1.1 over TLS, chosen by ALPN
        OriginServer o = OriginServer.start(LOOPBACK, originConfig, 1, tls ? TlsFixture.SERVER : null);
        try {
            Backend backend = tls ? TlsFixture.backend(o, "&alpn=http/1.1") : new Backend(protocol, o.address());
            ProxyConfig cfg = tune.apply(ProxyConfig.defaults(LOOPBACK, List.of(backend), policy))
                    .withTls(TlsFixture.TRUSTING);
            return new E2e(o, ReverseProxy.start(cfg), fds);
        } catch (IOException | RuntimeException e) {
            o.close();
            throw e;
        }
    }

    /**
     * Runs one exchange and one WebSocket over each backend protocol once, so that the jars, JDK
     * classes and random sources they need are open before any test measures its descriptor baseline.
     */
    private static void warmUp() {
        for (Backend.Protocol p : Backend.Protocol.values()) {
            boolean tls = p == Backend.Protocol.HTTPS;
            try (OriginServer o = OriginServer.start(LOOPBACK, OriginConfig.PLAIN, 1, tls ? TlsFixture.SERVER : null);
                 ReverseProxy px = ReverseProxy.start(ProxyConfig.defaults(LOOPBACK,
                         List.of(tls ? TlsFixture.backend(o, "") : new Backend(p, o.address())), ReusePolicy.SAFE)
                         .withLoops(1).withTls(TlsFixture.TRUSTING));
                 dev.tether.examples.load.BlockingHttpClient c = new dev.tether.examples.load.BlockingHttpClient(
                         new InetSocketAddress("127.0.0.1", px.port()), 5_000)) {
                c.get("/");
                c.get("/tether/stats");
                // A WebSocket too: its key and masks come from SecureRandom, which keeps /dev/urandom open.
                try (dev.tether.examples.load.BlockingWebSocketClient ws = dev.tether.examples.load.BlockingWebSocketClient
                        .open(new InetSocketAddress("127.0.0.1", px.port()), "/ws/echo", 5_000)) {
                    ws.sendClose(1000, "");
                    ws.receive();
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** The proxy's address. */
    public InetSocketAddress proxyAddress() {
        return new InetSocketAddress("127.0.0.1", proxy.port());
    }

    /** Open file descriptors of this process ({@code /proc/self/fd}). */
    public static int openFds() {
        String[] names = new File("/proc/self/fd").list();
        return names == null ? -1 : names.length;
    }

    /** One client's whole exchange; throws (or fails an assertion) if it went wrong. */
    @FunctionalInterface
    public interface Client {
        void run() throws Exception;
    }

    /**
     * Runs {@code clients} exchanges of {@code client}, spread evenly over {@code threads} threads;
     * returns how many completed (an exchange that throws fails the call).
     */
    public static int runClients(int clients, int threads, Client client) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < clients / threads; i++) {
                        client.run();
                        ok++;
                    }
                    return ok;
                }));
            }
            int answered = 0;
            for (Future<Integer> f : done) {
                answered += f.get();
            }
            return answered;
        } finally {
            pool.shutdown();
        }
    }

    /** Waits (at most {@code millis}) for {@code condition}; returns whether it held. */
    public static boolean await(BooleanSupplier condition, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return true;
    }

    /** Asserts (waiting at most 10 s) that the open descriptors fell back to {@code baseline}. */
    public static void assertFdsBackTo(int baseline) {
        assertThat(await(() -> openFds() <= baseline, 10_000))
                .as("file descriptors back to the baseline %d, now %d", baseline, openFds()).isTrue();
    }

    /**
     * What a running proxy holds at a quiet moment: this process's descriptors, the proxy's client
     * connections and its open backend connections (every target). A fault must bring all three back
     * while the proxy still runs: stopping it closes whatever its loops still hold, which would hide a
     * socket the proxy forgot.
     *
     * <p>Thread safety: immutable.
     *
     * @param fds open descriptors of this process (the proxy, and any peer or client run in it)
     * @param clientConnections the proxy's open client connections
     * @param backendConnections the engine's open backend connections
     */
    @dev.tether.core.annotations.ThreadSafe
    public record Holdings(int fds, int clientConnections, long backendConnections) {
        /** What {@code proxy} and this process hold now. */
        public static Holdings of(ReverseProxy proxy) {
            long backends = 0;
            for (dev.tether.core.TargetStats t : proxy.engine().stats().targets()) {
                backends += t.open();
            }
            return new Holdings(openFds(), proxy.openClientConnections(), backends);
        }

        private boolean within(Holdings baseline) {
            return fds <= baseline.fds && clientConnections <= baseline.clientConnections
                    && backendConnections <= baseline.backendConnections;
        }
    }

    /**
     * Asserts (waiting at most 5 s) that {@code proxy}, still running, and this process hold no more
     * than {@code baseline}: no connection of a finished tunnel or exchange is left on either side.
     */
    public static void assertLetGo(ReverseProxy proxy, Holdings baseline) {
        assertThat(await(() -> Holdings.of(proxy).within(baseline), 5_000))
                .as("held now %s, at the quiet moment %s", Holdings.of(proxy), baseline).isTrue();
    }

    /** {@link Holdings#of} of this fixture's proxy. */
    public Holdings holdings() {
        return Holdings.of(proxy);
    }

    /** {@link #assertLetGo(ReverseProxy, Holdings)} for this fixture's proxy. */
    public void assertLetGo(Holdings baseline) {
        assertLetGo(proxy, baseline);
    }

    /** Asserts the proxy has no request in progress. */
    public void assertNoLiveRequests() {
        assertThat(await(() -> proxy.liveRequests() == 0, 5_000))
                .as("live requests: %d", proxy.liveRequests()).isTrue();
    }

    @Override
    public void close() {
        assertNoLiveRequests();
        proxy.close();
        origin.close();
        assertThat(await(() -> openFds() <= fdBaseline, 10_000))
                .as("file descriptors back to the baseline %d, now %d", fdBaseline, openFds()).isTrue();
    }
}
