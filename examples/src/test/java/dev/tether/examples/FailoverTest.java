package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.load.BlockingHttpClient;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.origin.OriginServer;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.HealthConfig;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ProxyLog;
import dev.tether.examples.proxy.ReverseProxy;
import dev.tether.examples.proxy.TargetHealth;
import dev.tether.examples.tls.TlsCounters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backend that is down (docs/behaviour.md D10), next to one that works: refused, connecting forever,
 * or accepting and never answering. Clients see no error once the proxy noticed (refused and
 * connect timeouts cost them nothing at all: the request goes to the other backend at once); the
 * proxy logs one line when the backend goes down and one when it is back, and it takes traffic again
 * within its back-off after it comes back.
 */
class FailoverTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    private static final int REQUESTS = 300;
    /** Down after 3 failures; probed after 300 ms, then at most every 600 ms (±20 %). */
    private static final HealthConfig FAST = HealthConfig.DEFAULTS.withPassive(3, 300, 600);
    private static final long BACK_IN_MILLIS = 5_000;

    private static ReverseProxy proxy(InetSocketAddress good, InetSocketAddress bad, long connectMs, long responseMs)
            throws IOException {
        return ReverseProxy.start(ProxyConfig.defaults(LOOPBACK, List.of(new Backend(Backend.Protocol.H1, good),
                new Backend(Backend.Protocol.H1, bad)), ReusePolicy.SAFE).withLoops(1).withHealth(FAST)
                .withTimeouts(connectMs, responseMs, 60_000));
    }

    private static String name(InetSocketAddress a) {
        return new Backend(Backend.Protocol.H1, a).name();
    }

    private static TargetHealth health(ReverseProxy proxy, InetSocketAddress a) {
        return proxy.context().upstreams().stream().filter(u -> u.backend().address().equals(a)).findFirst()
                .orElseThrow().health();
    }

    /** Sends {@code n} GETs in turn; returns the statuses. */
    private static List<Integer> run(BlockingHttpClient c, int n) throws IOException {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            statuses.add(c.get("/").status());
        }
        return statuses;
    }

    @Test
    void aRefusingBackendCostsNoRequestAnErrorAndComesBackWithinItsBackoff() throws Exception {
        int fdBaseline = E2e.openFds();
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(LOOPBACK);
            port = s.getLocalPort();
        }
        InetSocketAddress bad = new InetSocketAddress("127.0.0.1", port);
        try (LogCapture log = new LogCapture(ProxyLog.NAME);
             OriginServer good = OriginServer.start(LOOPBACK, OriginConfig.PLAIN, 1);
             ReverseProxy proxy = proxy(good.address(), bad, 2_000, 30_000);
             BlockingHttpClient c = new BlockingHttpClient(new InetSocketAddress("127.0.0.1", proxy.port()), 5_000)) {
            assertThat(run(c, REQUESTS)).as("each refused connect went on to the other backend").containsOnly(200);
            assertThat(good.requests()).isEqualTo(REQUESTS);
            assertThat(proxy.context().replayReasons()).containsEntry("connect-failed", 3L); // then down: no more tries
            assertThat(health(proxy, bad).state()).isNotEqualTo(TargetHealth.State.UP);
            assertThat(log.lines("DOWN", name(bad))).hasSize(1);
            assertThat(log.lines("UP")).isEmpty();
            assertThat(log.lines("WARNING", "backend", name(bad), "connect-failed")).as("at most one warning per 10 s")
                    .hasSize(1);
            assertThat(log.lines("FINE", "backend", name(bad), "connect-failed")).as("each failure at debug level")
                    .hasSize(3);

            try (OriginServer back = OriginServer.start(bad, OriginConfig.PLAIN, 1)) {
                long since = System.nanoTime();
                assertThat(E2e.await(() -> {
                    try {
                        return c.get("/").status() == 200 && back.requests() > 0;
                    } catch (IOException e) {
                        return false;
                    }
                }, BACK_IN_MILLIS)).as("traffic reaches the backend again after its back-off").isTrue();
                System.out.println("back after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since) + " ms");
                assertThat(E2e.await(() -> log.lines("UP", name(bad), "probe connect").size() == 1, 1_000)).isTrue();
                assertThat(log.lines("DOWN", name(bad))).as("still one down line").hasSize(1);
            }
            assertThat(E2e.await(() -> proxy.liveRequests() == 0, 5_000)).isTrue();
        }
        E2e.assertFdsBackTo(fdBaseline);
    }

    @Test
    void aBackendWhoseTlsHandshakeFailsCostsNoRequestAnError() throws Exception {
        int fdBaseline = E2e.openFds();
        try (LogCapture log = new LogCapture(ProxyLog.NAME);
             OriginServer good = OriginServer.start(LOOPBACK, OriginConfig.PLAIN, 1);
             OriginServer untrusted = OriginServer.start(LOOPBACK, OriginConfig.PLAIN, 1, TlsFixture.SERVER)) {
            Backend tls = TlsFixture.backend(untrusted, ""); // its certificate is not in the default trust store
            try (ReverseProxy proxy = ReverseProxy.start(ProxyConfig.defaults(LOOPBACK,
                    List.of(new Backend(Backend.Protocol.H1, good.address()), tls), ReusePolicy.SAFE).withLoops(1)
                    .withHealth(FAST));
                 BlockingHttpClient c = new BlockingHttpClient(new InetSocketAddress("127.0.0.1", proxy.port()), 5_000)) {
                assertThat(run(c, REQUESTS)).as("a failed handshake is a failure before connected (D10)")
                        .containsOnly(200);
                assertThat(good.requests()).isEqualTo(REQUESTS);
                assertThat(untrusted.requests()).isZero();
                assertThat(proxy.context().replayReasons()).containsEntry("tls-untrusted", 3L);
                assertThat(log.lines("DOWN", tls.name(), "tls-untrusted")).hasSize(1);
                assertThat(E2e.await(() -> proxy.liveRequests() == 0, 5_000)).isTrue();
            }
        }
        E2e.assertFdsBackTo(fdBaseline);
    }

    @ParameterizedTest
    @CsvSource({"'', h2", "'&alpn=http/1.1', http/1.1"})
    void anHttpsBackendPassesItsHealthCheckOverTlsAndComesUp(String params, String protocol) throws Exception {
        int fdBaseline = E2e.openFds();
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(LOOPBACK);
            port = s.getLocalPort();
        }
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", port);
        Backend tls = Backend.parse("https://127.0.0.1:" + port + "?sni=localhost" + params);
        try (LogCapture log = new LogCapture(ProxyLog.NAME);
             OriginServer good = OriginServer.start(LOOPBACK, OriginConfig.PLAIN, 1);
             ReverseProxy proxy = ReverseProxy.start(ProxyConfig.defaults(LOOPBACK,
                     List.of(new Backend(Backend.Protocol.H1, good.address()), tls), ReusePolicy.SAFE).withLoops(1)
                     .withHealth(FAST.withCheck("/health", 50)).withTls(TlsFixture.TRUSTING));
             BlockingHttpClient c = new BlockingHttpClient(new InetSocketAddress("127.0.0.1", proxy.port()), 5_000)) {
            assertThat(E2e.await(() -> !log.lines("DOWN", tls.name(), "connect-failed").isEmpty(), 5_000))
                    .as("nothing listens yet: its checks fail").isTrue();
            try (OriginServer back = OriginServer.start(at, OriginConfig.PLAIN, 1, TlsFixture.SERVER)) {
                assertThat(E2e.await(() -> !log.lines("UP", tls.name(), "probe GET /health").isEmpty(),
                        BACK_IN_MILLIS)).as("a GET /health over TLS passed").isTrue();
                long atUp = back.requests();
                assertThat(atUp).as("the origin answered the check").isPositive();
                assertThat(E2e.await(() -> back.requests() >= atUp + 3, 5_000)).as("later checks pass too").isTrue();
                assertThat(health(proxy, at).state()).isEqualTo(TargetHealth.State.UP);
                assertThat(log.lines("DOWN", tls.name())).as("no flapping").hasSize(1);
                TlsCounters counters = proxy.context().tls().counters(tls.name());
                assertThat(counters.fullHandshakes() + counters.resumedHandshakes())
                        .as("probe handshakes are not the target's connections").isZero();
                assertThat(run(c, 10)).containsOnly(200);
                assertThat(counters.negotiated(protocol)).as("it takes traffic again, over the ALPN choice")
                        .isPositive();
            }
            assertThat(E2e.await(() -> proxy.liveRequests() == 0, 5_000)).isTrue();
        }
        E2e.assertFdsBackTo(fdBaseline);
    }

    @Test
    void aBackendThatNeverCompletesTheConnectCostsNoRequestAnError() throws Exception {
        int fdBaseline = E2e.openFds();
        try (StuckListener stuck = new StuckListener(); LogCapture log = new LogCapture(ProxyLog.NAME);
             OriginServer good = OriginServer.start(LOOPBACK, OriginConfig.PLAIN, 1);
             ReverseProxy proxy = proxy(good.address(), stuck.address(), 200, 30_000);
             BlockingHttpClient c = new BlockingHttpClient(new InetSocketAddress("127.0.0.1", proxy.port()), 5_000)) {
            assertThat(run(c, REQUESTS)).containsOnly(200);
            assertThat(proxy.context().replayReasons()).containsEntry("connect-timeout", 3L);
            assertThat(log.lines("DOWN", name(stuck.address()), "connect-timeout")).hasSize(1);
            assertThat(E2e.await(() -> proxy.liveRequests() == 0, 5_000)).isTrue();
        }
        E2e.assertFdsBackTo(fdBaseline);
    }

    @Test
    void aBackendThatAcceptsAndNeverAnswersIsLeftAfterDetectionAndComesBackWhenItAnswers() throws Exception {
        int fdBaseline = E2e.openFds();
        AtomicBoolean answering = new AtomicBoolean();
        try (LogCapture log = new LogCapture(ProxyLog.NAME);
             OriginServer good = OriginServer.start(LOOPBACK, OriginConfig.PLAIN, 1);
             ScriptedBackend silent = new ScriptedBackend(r -> answering.get() ? ScriptedBackend.ok("back")
                     : ScriptedBackend.SILENCE);
             ReverseProxy proxy = proxy(good.address(), silent.address(), 500, 300);
             BlockingHttpClient c = new BlockingHttpClient(new InetSocketAddress("127.0.0.1", proxy.port()), 5_000)) {
            List<Integer> statuses = run(c, REQUESTS);
            // Round-robin: the silent backend gets every other request until 3 of them timed out.
            assertThat(statuses.subList(0, 6)).containsOnly(200, 504).filteredOn(s -> s == 504).hasSize(3);
            assertThat(statuses.subList(6, REQUESTS)).as("after detection").containsOnly(200);
            assertThat(log.lines("DOWN", name(silent.address()), "response-timeout")).hasSize(1);
            assertThat(log.lines("UP")).as("its liveness probes time out too").isEmpty();
            long before = silent.requests().stream().filter(r -> r.method().equals("GET")).count();
            assertThat(before).isEqualTo(3);

            answering.set(true);
            assertThat(E2e.await(() -> {
                try {
                    return c.get("/").status() == 200
                            && silent.requests().stream().filter(r -> r.method().equals("GET")).count() > before;
                } catch (IOException e) {
                    return false;
                }
            }, BACK_IN_MILLIS)).as("traffic reaches it again once it answers").isTrue();
            assertThat(E2e.await(() -> log.lines("UP", name(silent.address()), "probe HEAD /").size() == 1, 1_000))
                    .isTrue();
            assertThat(E2e.await(() -> proxy.liveRequests() == 0, 5_000)).isTrue();
        }
        E2e.assertFdsBackTo(fdBaseline);
    }

    @Test
    void aBackendFailingItsActiveHealthCheckTakesNoTrafficUntilTheCheckPassesAgain() throws Exception {
        AtomicBoolean sick = new AtomicBoolean(true);
        try (LogCapture log = new LogCapture(ProxyLog.NAME);
             OriginServer good = OriginServer.start(LOOPBACK, OriginConfig.PLAIN, 1);
             ScriptedBackend checked = new ScriptedBackend(r -> r.path().equals("/health") && sick.get()
                     ? "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)
                     : ScriptedBackend.ok("checked"));
             ReverseProxy proxy = ReverseProxy.start(ProxyConfig.defaults(LOOPBACK,
                     List.of(new Backend(Backend.Protocol.H1, good.address()),
                             new Backend(Backend.Protocol.H1, checked.address())), ReusePolicy.SAFE).withLoops(1)
                     .withHealth(FAST.withCheck("/health", 50)));
             BlockingHttpClient c = new BlockingHttpClient(new InetSocketAddress("127.0.0.1", proxy.port()), 5_000)) {
            assertThat(E2e.await(() -> !log.lines("DOWN", name(checked.address()), "check-status-503").isEmpty(), 5_000))
                    .isTrue();
            run(c, 50);
            assertThat(log.lines("DOWN", name(checked.address()))).hasSize(1);
            assertThat(checked.requests()).as("only health checks reached it")
                    .allMatch(r -> r.method().equals("GET") && r.path().equals("/health"));

            sick.set(false);
            assertThat(E2e.await(() -> !log.lines("UP", name(checked.address()), "probe GET /health").isEmpty(),
                    BACK_IN_MILLIS)).isTrue();
            run(c, 10);
            assertThat(checked.requests()).anyMatch(r -> r.path().equals("/"));
            assertThat(E2e.await(() -> proxy.liveRequests() == 0, 5_000)).isTrue();
        }
    }

    @Test
    void whenEveryBackendIsDownTheAnswerIsAPrompt503() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(LOOPBACK);
            port = s.getLocalPort();
        }
        InetSocketAddress bad = new InetSocketAddress("127.0.0.1", port);
        try (ReverseProxy proxy = ReverseProxy.start(ProxyConfig.defaults(LOOPBACK,
                List.of(new Backend(Backend.Protocol.H1, bad)), ReusePolicy.SAFE).withLoops(1)
                .withHealth(HealthConfig.DEFAULTS.withPassive(3, 60_000, 60_000)));
             BlockingHttpClient c = new BlockingHttpClient(new InetSocketAddress("127.0.0.1", proxy.port()), 5_000)) {
            for (int i = 0; i < 3; i++) {
                BlockingHttpClient.Response r = c.get("/");
                assertThat(r.status()).isEqualTo(502);
                assertThat(r.header("x-tether-error")).isEqualTo("connect-failed");
            }
            for (int i = 0; i < 20; i++) {
                BlockingHttpClient.Response r = c.get("/");
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.header("x-tether-error")).isEqualTo("all-backends-down");
            }
            String stats = c.get("/tether/stats").text();
            assertThat(stats).contains("\"health\":{\"state\":\"DOWN\",\"consecutiveFailures\":3,\"timesDown\":1,"
                    + "\"lastFailure\":\"connect-failed\"}");
        }
    }
}
