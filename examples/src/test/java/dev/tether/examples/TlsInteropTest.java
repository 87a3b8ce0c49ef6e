package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;
import dev.tether.examples.proxy.TlsSettings;
import dev.tether.examples.tls.SelfSignedCertificate;
import dev.tether.testkit.ExternalProcess;
import dev.tether.testkit.ExternalResources;
import dev.tether.testkit.Nginx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy over TLS between real peers: nginx and HAProxy as TLS backends (HTTP/1.1 and h2 by
 * ALPN), curl and h2load as TLS clients of the proxy's front. Reuse and SNI are read from nginx's
 * access log ({@code $connection $ssl_server_name $host}), not from the proxy's counters.
 */
class TlsInteropTest {
    private static SelfSignedCertificate cert;
    /** 256 KiB of random bytes that nginx serves as {@code /blob}: bodies are compared byte for byte. */
    private static byte[] blob;

    @BeforeAll
    static void certificate() throws Exception {
        cert = SelfSignedCertificate.generate("tether interop", List.of("localhost", "a.test", "b.test"),
                List.of("127.0.0.1"), SelfSignedCertificate.KeyType.EC, Duration.ofDays(1));
        blob = new byte[256 * 1024];
        new Random(11).nextBytes(blob);
    }

    private static TlsSettings trusting() {
        return new TlsSettings(List.of(cert.certificate()), false, List.of(), null);
    }

    /** Writes the certificate, the key and the blob into {@code dir}. */
    private static void files(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("cert.pem"), cert.certificatePem());
        Files.writeString(dir.resolve("key.pem"), cert.privateKeyPem());
        Files.writeString(dir.resolve("combined.pem"), cert.certificatePem() + cert.privateKeyPem());
        Files.write(dir.resolve("blob"), blob);
    }

    /** nginx over TLS ({@code h2}: with HTTP/2 by ALPN), logging {@code $connection $ssl_server_name $host}. */
    static ExternalProcess nginxTls(Path dir, boolean h2) throws Exception {
        files(dir);
        return Nginx.start(dir, port -> String.join("\n",
                "  log_format tls '$connection $ssl_server_name $host $ssl_protocol $request';",
                "  access_log " + dir.resolve("logs/access.log") + " tls;",
                "  keepalive_requests 100000;",
                "  server {",
                "    listen 127.0.0.1:" + port + " ssl" + (h2 ? " http2;" : ";"),
                "    ssl_certificate " + dir.resolve("cert.pem") + ";",
                "    ssl_certificate_key " + dir.resolve("key.pem") + ";",
                "    location = /blob { alias " + dir.resolve("blob") + "; }",
                "    location / { return 200 \"tls ok\\n\"; }",
                "  }"));
    }

    /**
     * A one-loop proxy; {@code lowIdle} 4 keeps a parked connection per name (HAProxy's pool-low-conn);
     * a 10 s connect timeout, since a burst of new TLS connections on a busy machine is slow, and this
     * test checks what arrives, not how fast.
     */
    private static ReverseProxy proxy(String backend, ReusePolicy policy, TlsSettings tls) throws Exception {
        return ReverseProxy.start(ProxyConfig.defaults(new InetSocketAddress("127.0.0.1", 0),
                List.of(Backend.parse(backend)), policy).withLoops(1).withLowIdle(4)
                .withTimeouts(10_000, 30_000, 60_000).withTls(tls));
    }

    private static String stats(ReverseProxy proxy) {
        return dev.tether.examples.stats.StatsJson.render(proxy.context());
    }

    private static String curl(Path log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ExternalResources.binary("curl", "curl").toString(), "-s", "-S"));
        cmd.addAll(List.of(args));
        return ExternalProcess.run(cmd, log, 60);
    }

    /** Distinct connections nginx logged, by SNI, and checks each connection carried one SNI only. */
    private static Map<String, Set<String>> connectionsBySni(Path accessLog) throws Exception {
        Map<String, Set<String>> bySni = new TreeMap<>();
        Map<String, String> sniOfConnection = new TreeMap<>();
        for (String line : Files.readAllLines(accessLog)) {
            String[] f = line.split(" ");
            String connection = f[0];
            String sni = f[1];
            assertThat(f[2]).as("the SNI of the connection is the request's host: %s", line).isEqualTo(sni);
            String before = sniOfConnection.putIfAbsent(connection, sni);
            assertThat(before == null || before.equals(sni)).as("connection %s carried %s and %s", connection, before, sni)
                    .isTrue();
            bySni.computeIfAbsent(sni, k -> new TreeSet<>()).add(connection);
        }
        return bySni;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void withSniFromHostNamesNeverShareAConnectionAndSessionsShareOneNamesUnderAlways(boolean h2, @TempDir Path dir)
            throws Exception {
        try (ExternalProcess nginx = nginxTls(dir.resolve("nginx"), h2);
             ReverseProxy proxy = proxy("https://127.0.0.1:" + nginx.port() + "?sni=@host", ReusePolicy.ALWAYS, trusting())) {
            String url = "http://127.0.0.1:" + proxy.port() + "/";
            for (int session = 0; session < 2; session++) { // one curl process = one client connection = one session
                String out = curl(dir.resolve("curl-" + session + ".log"), "-H", "Host: a.test", url, url, url,
                        "--next", "-H", "Host: b.test", url, url, url);
                assertThat(out).isEqualTo("tls ok\n".repeat(6));
            }
            assertThat(E2e.await(() -> proxy.liveRequests() == 0, 5_000)).isTrue();
        }
        Map<String, Set<String>> bySni = connectionsBySni(dir.resolve("nginx/logs/access.log"));
        assertThat(bySni.keySet()).containsExactly("a.test", "b.test");
        assertThat(bySni.get("a.test")).as("both sessions' a.test requests on one connection").hasSize(1);
        assertThat(bySni.get("b.test")).as("both sessions' b.test requests on one connection").hasSize(1);
        assertThat(Files.readAllLines(dir.resolve("nginx/logs/access.log"))).hasSize(12);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void curlAndH2loadThroughTheProxyToNginxOverTls(boolean h2, @TempDir Path dir) throws Exception {
        Path h2load = ExternalResources.binary("h2load", "nghttp2-client");
        try (ExternalProcess nginx = nginxTls(dir.resolve("nginx"), h2);
             ReverseProxy proxy = proxy("https://127.0.0.1:" + nginx.port() + "?sni=localhost", ReusePolicy.ALWAYS,
                     trusting())) {
            String url = "http://127.0.0.1:" + proxy.port();
            curl(dir.resolve("curl.log"), "--http1.1", "-o", dir.resolve("got1").toString(), url + "/blob");
            curl(dir.resolve("curl2.log"), "--http2-prior-knowledge", "-o", dir.resolve("got2").toString(), url + "/blob");
            assertThat(Files.readAllBytes(dir.resolve("got1"))).isEqualTo(blob);
            assertThat(Files.readAllBytes(dir.resolve("got2"))).isEqualTo(blob);
            String load = ExternalProcess.run(List.of(h2load.toString(), "-n", "5000", "-c", "2", "-m", "20", url + "/"),
                    dir.resolve("h2load.log"), 120);
            assertThat(load).as("stats: %s", stats(proxy)).contains("5000 succeeded, 0 failed, 0 errored");
            assertThat(E2e.await(() -> proxy.liveRequests() == 0, 5_000)).isTrue();
            assertThat(proxy.context().errors.get()).isZero();
            var counters = proxy.context().tls().counters(proxy.engine().targets().get(0));
            assertThat(counters.negotiated(h2 ? "h2" : "http/1.1")).isPositive();
            assertThat(counters.negotiated(h2 ? "http/1.1" : "h2")).isZero();
        }
        Set<String> connections = new TreeSet<>();
        for (String line : Files.readAllLines(dir.resolve("nginx/logs/access.log"))) {
            connections.add(line.split(" ")[0]);
            assertThat(line.split(" ")[1]).isEqualTo("localhost");
        }
        // ALWAYS: h2 connections are shared once their handshake chose the mux (R27); HTTP/1.1 ones carry
        // one request at a time, so at most one per concurrent stream (2 x 20) plus the curl pair.
        assertThat(connections.size()).isLessThanOrEqualTo(h2 ? 2 * 20 + 2 : 2 * 20 + 2);
        assertThat(Files.readAllLines(dir.resolve("nginx/logs/access.log"))).hasSize(5002);
    }

    @Test
    void curlAndH2loadThroughTheProxyToHaproxyOverTls(@TempDir Path dir) throws Exception {
        Path haproxy = ExternalResources.binary("haproxy", "haproxy");
        files(dir);
        int port = ExternalProcess.freePort();
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, String.join("\n",
                "global", "  log stderr format raw local0 warning",
                "defaults", "  mode http", "  timeout connect 5s", "  timeout client 30s", "  timeout server 30s",
                "frontend tls",
                "  bind 127.0.0.1:" + port + " ssl crt " + dir.resolve("combined.pem") + " alpn h2,http/1.1",
                "  http-request return status 200 content-type text/plain string \"haproxy tls ok\"", ""));
        try (ExternalProcess server = ExternalProcess.server(port, List.of(haproxy.toString(), "-db", "-f", cfg.toString()),
                dir.resolve("logs/haproxy.log"));
             ReverseProxy proxy = proxy("https://127.0.0.1:" + port + "?sni=localhost", ReusePolicy.ALWAYS, trusting())) {
            String url = "http://127.0.0.1:" + proxy.port() + "/";
            assertThat(curl(dir.resolve("curl.log"), url, url)).isEqualTo("haproxy tls ok".repeat(2));
            String load = ExternalProcess.run(List.of(ExternalResources.binary("h2load", "nghttp2-client").toString(),
                    "-n", "5000", "-c", "2", "-m", "20", url), dir.resolve("h2load.log"), 120);
            assertThat(load).contains("5000 succeeded, 0 failed, 0 errored");
            var counters = proxy.context().tls().counters(proxy.engine().targets().get(0));
            assertThat(counters.negotiated("h2")).isPositive();
            assertThat(proxy.context().errors.get()).isZero();
        }
    }

    @Test
    void curlAndH2loadOverTlsToTheProxysTlsFront(@TempDir Path dir) throws Exception {
        Path h2load = ExternalResources.binary("h2load", "nghttp2-client");
        Path certs = dir.resolve("certs");
        files(certs);
        TlsSettings front = new TlsSettings(List.of(cert.certificate()), false, List.of(cert.certificate()),
                cert.privateKey());
        try (ExternalProcess nginx = nginxTls(dir.resolve("nginx"), true);
             ReverseProxy proxy = proxy("https://127.0.0.1:" + nginx.port() + "?sni=localhost", ReusePolicy.ALWAYS, front)) {
            String url = "https://localhost:" + proxy.port();
            String ca = certs.resolve("cert.pem").toString();
            String resolve = "localhost:" + proxy.port() + ":127.0.0.1";
            curl(dir.resolve("c1.log"), "--http1.1", "--cacert", ca, "--resolve", resolve, "-o",
                    dir.resolve("got1").toString(), url + "/blob");
            curl(dir.resolve("c2.log"), "--http2", "--cacert", ca, "--resolve", resolve, "-o",
                    dir.resolve("got2").toString(), url + "/blob");
            assertThat(Files.readAllBytes(dir.resolve("got1"))).isEqualTo(blob);
            assertThat(Files.readAllBytes(dir.resolve("got2"))).isEqualTo(blob);
            String load = ExternalProcess.run(List.of(h2load.toString(), "-n", "5000", "-c", "4", "-m", "10",
                    "https://127.0.0.1:" + proxy.port() + "/"), dir.resolve("h2load.log"), 120);
            assertThat(load).contains("5000 succeeded, 0 failed, 0 errored").contains("Application protocol: h2");
            assertThat(proxy.context().tls().front().negotiated("h2")).isGreaterThanOrEqualTo(5);
            assertThat(proxy.context().tls().front().negotiated("http/1.1")).isEqualTo(1);
            assertThat(proxy.context().errors.get()).isZero();
        }
    }
}
