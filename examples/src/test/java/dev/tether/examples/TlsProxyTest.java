package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.load.BlockingHttpClient;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.origin.OriginServer;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;
import dev.tether.examples.proxy.TlsSettings;
import dev.tether.examples.tls.TlsCounters;
import dev.tether.examples.tls.TlsFailure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The proxy over TLS, end to end on loopback: https backends chosen by ALPN, typed failures, a TLS front. */
class TlsProxyTest {
    private static ReverseProxy proxy(Backend backend, ReusePolicy policy, TlsSettings tls, long connectTimeoutMs)
            throws IOException {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        return ReverseProxy.start(ProxyConfig.defaults(any, List.of(backend), policy).withLoops(1)
                .withTimeouts(connectTimeoutMs, 10_000, 60_000).withTls(tls));
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static BlockingHttpClient client(ReverseProxy proxy) {
        return new BlockingHttpClient(new InetSocketAddress("127.0.0.1", proxy.port()), 20_000);
    }

    @ParameterizedTest
    @CsvSource({"'', h2", "'&alpn=http/1.1', http/1.1", "'&alpn=h2', h2"})
    void requestsReachATlsOriginOverTheProtocolAlpnChoseAndReuseOneConnection(String params, String protocol)
            throws Exception {
        int fds = E2e.openFds();
        try (OriginServer origin = OriginServer.start(new InetSocketAddress("127.0.0.1", 0), OriginConfig.PLAIN, 1,
                TlsFixture.SERVER);
             ReverseProxy proxy = proxy(TlsFixture.backend(origin, params), ReusePolicy.SAFE, TlsFixture.TRUSTING, 2_000)) {
            Set<String> backendConnections = new HashSet<>();
            try (BlockingHttpClient client = client(proxy)) {
                for (int i = 0; i < 20; i++) {
                    BlockingHttpClient.Response r = client.get("/bytes/20000");
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(r.text()).hasSize(20_000).startsWith("ok\nok\n");
                    backendConnections.add(r.header("x-conn-id"));
                }
                assertThat(client.get("/tether/stats").text())
                        .contains("\"tls\":{\"fullHandshakes\":1,").contains("\"insecureSkipVerify\":false");
            }
            assertThat(backendConnections).as("the origin saw one connection").hasSize(1);
            assertThat(origin.acceptedConnections()).isEqualTo(1);
            TlsCounters c = proxy.context().tls().counters(proxy.engine().targets().get(0));
            assertThat(c.fullHandshakes()).isEqualTo(1);
            assertThat(c.negotiated(protocol)).isEqualTo(1);
        }
        E2e.assertFdsBackTo(fds);
    }

    @ParameterizedTest
    @CsvSource({"untrusted, tls-untrusted", "wrong-name, tls-hostname-mismatch", "silent, tls-timeout"})
    void aFailedHandshakeIsATyped502WithinTheTimeoutAndLeaksNothing(String kind, String reason) throws Exception {
        int fds = E2e.openFds();
        try (OriginServer origin = OriginServer.start(new InetSocketAddress("127.0.0.1", 0), OriginConfig.PLAIN, 1,
                TlsFixture.SERVER);
             ServerSocketChannel silent = ServerSocketChannel.open()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0), 16); // accepts TCP, never answers a ClientHello
            Backend backend = switch (kind) {
                case "wrong-name" -> Backend.parse("https://127.0.0.1:" + origin.port() + "?sni=api.example.com");
                case "silent" -> Backend.parse("https://127.0.0.1:" + silent.socket().getLocalPort() + "?sni=localhost");
                default -> TlsFixture.backend(origin, "");
            };
            TlsSettings trust = kind.equals("untrusted") ? TlsSettings.DEFAULT : TlsFixture.TRUSTING;
            // The silent backend's handshake times out after 0.5 s; the others fail on the certificate
            // sooner than 2 s even on a loaded machine, so their failure is never taken for a timeout.
            try (ReverseProxy proxy = proxy(backend, ReusePolicy.SAFE, trust, kind.equals("silent") ? 500 : 2_000)) {
                long t0 = System.nanoTime();
                BlockingHttpClient.Response r;
                try (BlockingHttpClient client = client(proxy)) {
                    r = client.get("/");
                }
                long millis = (System.nanoTime() - t0) / 1_000_000;
                assertThat(r.status()).isEqualTo(502);
                assertThat(r.header("x-tether-error")).isEqualTo(reason);
                assertThat(millis).as("within the timeouts (a fresh replay may double it)").isLessThan(5_000);
                TlsCounters c = proxy.context().tls().counters(proxy.engine().targets().get(0));
                TlsFailure f = java.util.Arrays.stream(TlsFailure.values()).filter(x -> x.reason().equals(reason))
                        .findFirst().orElseThrow();
                assertThat(c.failures(f)).isPositive();
                assertThat(c.fullHandshakes()).isZero();
                E2e.await(() -> proxy.liveRequests() == 0, 5_000);
            }
        }
        E2e.assertFdsBackTo(fds);
    }

    @ParameterizedTest
    @CsvSource({"HTTP_2, h2", "HTTP_1_1, ''"}) // the JDK's client offers no ALPN for HTTP/1.1
    void aTlsFrontServesH2AndHttp11ByAlpnLikeItsPlaintextTwin(HttpClient.Version version, String protocol) throws Exception {
        try (OriginServer origin = OriginServer.start(new InetSocketAddress("127.0.0.1", 0), OriginConfig.PLAIN, 1);
             ReverseProxy proxy = proxy(new Backend(Backend.Protocol.H1, origin.address()), ReusePolicy.SAFE,
                     TlsFixture.TRUSTING_WITH_FRONT, 2_000)) {
            HttpClient client = HttpClient.newBuilder().version(version).sslContext(TlsFixture.CLIENT).build();
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> r = get(client, "https://localhost:" + proxy.port() + "/bytes/50000");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.version()).isEqualTo(version);
                assertThat(r.body()).hasSize(50_000);
            }
            assertThat(origin.acceptedConnections()).as("one client session, one backend connection").isEqualTo(1);
            assertThat(proxy.context().tls().front().negotiated(protocol)).isEqualTo(1);
        }
    }

    @Test
    void insecureModeSaysSoInTheStats() throws Exception {
        try (OriginServer origin = OriginServer.start(new InetSocketAddress("127.0.0.1", 0), OriginConfig.PLAIN, 1,
                TlsFixture.SERVER);
             ReverseProxy proxy = proxy(Backend.parse("https://127.0.0.1:" + origin.port() + "?sni=other.example"),
                     ReusePolicy.SAFE, new TlsSettings(List.of(), true, List.of(), null), 2_000)) {
            try (BlockingHttpClient client = client(proxy)) {
                assertThat(client.get("/").status()).isEqualTo(200);
                assertThat(client.get("/tether/stats").text()).contains("\"insecureSkipVerify\":true");
            }
        }
    }
}
