package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;
import dev.tether.testkit.AccessLog;
import dev.tether.testkit.ExternalProcess;
import dev.tether.testkit.ExternalResources;
import dev.tether.testkit.Nginx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy between real third-party peers: nginx (HTTP/1.1 and h2c) and nghttpd (h2c) as backends,
 * curl and h2load as clients. nginx's access log proves what the proxy's counters claim.
 */
class RealPeersInteropTest {
    private static final String BODY = "hello from a real server\n";

    static ExternalProcess nginx(Path dir, boolean h2c) throws Exception {
        return nginx(dir, h2c, 100_000);
    }

    /**
     * Starts nginx answering {@code BODY} on every path, logging each request it answers to
     * {@code logs/access.log}, one line per request.
     *
     * @param keepaliveRequests after this many requests on a connection nginx closes it (h2c: GOAWAY)
     */
    static ExternalProcess nginx(Path dir, boolean h2c, int keepaliveRequests) throws Exception {
        return Nginx.start(dir, port -> String.join("\n",
                AccessLog.nginxDirectives(accessLog(dir)),
                "  keepalive_requests " + keepaliveRequests + ";",
                "  http2_max_concurrent_streams 128;",
                "  server {",
                // nginx 1.22 (Debian 12) spells cleartext h2 "listen ... http2".
                "    listen 127.0.0.1:" + port + (h2c ? " http2;" : ";"),
                "    location / { return 200 \"" + BODY.replace("\n", "\\n") + "\"; }",
                "  }"));
    }

    /** Where {@link #nginx} logs the requests it answered ({@link AccessLog} form). */
    static Path accessLog(Path nginxDir) {
        return nginxDir.resolve("logs/access.log");
    }

    static ReverseProxy proxy(Backend.Protocol protocol, int port) throws Exception {
        return ReverseProxy.start(ProxyConfig.defaults(new InetSocketAddress("127.0.0.1", 0),
                List.of(new Backend(protocol, new InetSocketAddress("127.0.0.1", port))), ReusePolicy.ALWAYS));
    }

    /** Requests {@link #curlAndH2load} sends: two HTTP/1.1 with curl, one h2c with curl, 20,000 with h2load. */
    private static final int REQUESTS = 2 + 1 + 20_000;

    private static void curlAndH2load(ReverseProxy proxy, Path dir, String path, String body) throws Exception {
        Path curl = ExternalResources.binary("curl", "curl");
        Path h2load = ExternalResources.binary("h2load", "nghttp2-client");
        String url = "http://127.0.0.1:" + proxy.port() + path;
        String h1 = ExternalProcess.run(List.of(curl.toString(), "-s", "-i", url, url), dir.resolve("curl-h1.log"), 30);
        assertThat(h1).contains("HTTP/1.1 200", "via: 1.1 tether", body);
        String h2 = ExternalProcess.run(List.of(curl.toString(), "-s", "-i", "--http2-prior-knowledge", url),
                dir.resolve("curl-h2.log"), 30);
        assertThat(h2).contains("HTTP/2 200", body);
        String load = ExternalProcess.run(List.of(h2load.toString(), "-n", "20000", "-c", "2", "-m", "100", url),
                dir.resolve("h2load.log"), 120);
        assertThat(load).contains("20000 succeeded, 0 failed, 0 errored");
        assertThat(E2e.await(() -> proxy.liveRequests() == 0, 5_000)).isTrue();
        assertThat(proxy.context().errors.get()).isZero();
    }

    /**
     * nginx's view: every request once, on exactly the backend connections the proxy opened, so
     * reuse is what nginx counted ({@code $connection_requests} above 1), not what the proxy claims.
     */
    private static void assertNginxSawEachRequestOnceOnTheProxysConnections(Path dir, ReverseProxy proxy)
            throws Exception {
        List<AccessLog.Line> served = AccessLog.await(accessLog(dir.resolve("nginx")), l -> true, REQUESTS, 5_000);
        assertThat(served).hasSize(REQUESTS);
        Map<String, List<AccessLog.Line>> perConnection = AccessLog.byConnection(served);
        assertThat((long) perConnection.size()).as("nginx connections = proxy connects")
                .isEqualTo(proxy.engine().stats().connect());
        assertThat(perConnection.size()).as("connections nginx saw for %d requests", REQUESTS)
                .isLessThanOrEqualTo(REQUESTS / 10);
        for (List<AccessLog.Line> requests : perConnection.values()) {
            assertThat(requests).extracting(AccessLog.Line::requestsOnConnection)
                    .as("nginx's count of requests on one connection")
                    .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, requests.size()).boxed().toList());
        }
    }

    @Test
    void curlAndH2loadThroughTheProxyToNginxOverHttp1(@TempDir Path dir) throws Exception {
        int fdBaseline = E2e.openFds();
        try (ExternalProcess nginx = nginx(dir.resolve("nginx"), false);
             ReverseProxy proxy = proxy(Backend.Protocol.H1, nginx.port())) {
            curlAndH2load(proxy, dir, "/", BODY);
            assertThat(proxy.engine().stats().reuseRatio()).isGreaterThan(0.9);
            assertNginxSawEachRequestOnceOnTheProxysConnections(dir, proxy);
        }
        E2e.assertFdsBackTo(fdBaseline);
    }

    @Test
    void curlAndH2loadThroughTheProxyToNginxOverH2c(@TempDir Path dir) throws Exception {
        int fdBaseline = E2e.openFds();
        try (ExternalProcess nginx = nginx(dir.resolve("nginx"), true);
             ReverseProxy proxy = proxy(Backend.Protocol.H2C, nginx.port())) {
            curlAndH2load(proxy, dir, "/", BODY);
            assertThat(proxy.engine().stats().reuseRatio()).isGreaterThan(0.9);
            assertNginxSawEachRequestOnceOnTheProxysConnections(dir, proxy);
        }
        E2e.assertFdsBackTo(fdBaseline);
    }

    @Test
    void curlAndH2loadThroughTheProxyToNghttpd(@TempDir Path dir) throws Exception {
        int fdBaseline = E2e.openFds();
        Path nghttpd = ExternalResources.binary("nghttpd", "nghttp2-server");
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("index.html"), BODY);
        int port = ExternalProcess.freePort();
        try (ExternalProcess server = ExternalProcess.server(port, List.of(nghttpd.toString(), "--no-tls", "-a",
                "127.0.0.1", "-d", docs.toString(), String.valueOf(port)), dir.resolve("logs/nghttpd.log"));
             ReverseProxy proxy = proxy(Backend.Protocol.H2C, server.port())) {
            curlAndH2load(proxy, dir, "/index.html", BODY);
        }
        E2e.assertFdsBackTo(fdBaseline);
    }
}
