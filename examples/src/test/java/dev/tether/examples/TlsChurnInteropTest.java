package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.core.TargetStats;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;
import dev.tether.examples.tls.TlsCounters;
import dev.tether.examples.tls.TlsFailure;
import dev.tether.testkit.ExternalProcess;
import dev.tether.testkit.Nginx;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection churn over TLS: thousands of one-shot clients ({@code Connection: close}) through a
 * two-loop proxy to nginx serving TLS. Under {@code safe} every client's request rides a new backend
 * connection, so a new handshake, and the backend connection closes as the client's response ends;
 * under {@code always} they share. Every client gets its whole answer, and every TLS connection nginx
 * accepted began with a ClientHello and completed its handshake: nginx logs any that did not at
 * {@code info} (a non-TLS first record is "client sent invalid method" or "wrong version number").
 */
class TlsChurnInteropTest {
    private static final int CLIENTS = 2_000;
    private static final int THREADS = 8;
    private static final String BODY = "tls churn ok\n";

    @ParameterizedTest
    @EnumSource(value = ReusePolicy.class, names = {"SAFE", "ALWAYS"})
    void oneShotClientsChurningTlsBackendConnectionsAllGetTheirAnswerAndEveryHandshakeCompletes(ReusePolicy policy,
            @TempDir Path dir) throws Exception {
        Files.writeString(Files.createDirectories(dir).resolve("cert.pem"), TlsFixture.CERT.certificatePem());
        Files.writeString(dir.resolve("key.pem"), TlsFixture.CERT.privateKeyPem());
        int answered;
        TlsCounters counters;
        long connects;
        try (ExternalProcess nginx = nginx(dir);
             ReverseProxy proxy = ReverseProxy.start(ProxyConfig.defaults(E2e.LOOPBACK,
                     List.of(Backend.parse("https://127.0.0.1:" + nginx.port() + "?sni=localhost&alpn=http/1.1")), policy)
                     .withLoops(2).withTimeouts(10_000, 30_000, 60_000).withTls(TlsFixture.TRUSTING))) {
            answered = E2e.runClients(CLIENTS, THREADS, () -> oneShot(proxy));
            assertThat(E2e.await(() -> proxy.liveRequests() == 0, 10_000)).isTrue();
            counters = proxy.context().tls().counters(proxy.engine().targets().get(0));
            connects = proxy.engine().stats().targets().stream().mapToLong(TargetStats::connect).sum();
            assertThat(proxy.context().errors.get()).as("error answers").isZero();
            assertThat(proxy.context().replays.get()).as("requests sent again: %s", proxy.context().replayReasons())
                    .isZero();
        }
        assertThat(answered).isEqualTo(CLIENTS);
        for (TlsFailure kind : TlsFailure.values()) {
            assertThat(counters.failures(kind)).as("the proxy's %s handshakes", kind).isZero();
        }
        long handshakes = counters.fullHandshakes() + counters.resumedHandshakes();
        assertThat(handshakes).as("backend connections opened that completed their handshake").isEqualTo(connects);

        List<String> access = Files.readAllLines(dir.resolve("logs/access.log"));
        assertThat(access).hasSize(CLIENTS);
        Set<String> connections = new HashSet<>();
        for (String line : access) {
            String[] f = line.split(" ");
            assertThat(f[1]).as("a request that did not come over TLS: %s", line).startsWith("TLS");
            assertThat(f[2]).as("status: %s", line).isEqualTo("200");
            connections.add(f[0]);
        }
        assertThat((long) connections.size()).as("nginx's connections, one per proxy handshake").isEqualTo(handshakes);
        if (policy == ReusePolicy.SAFE) {
            assertThat(connections).as("R15: a one-shot client's first request never reuses").hasSize(CLIENTS);
        } else {
            assertThat(connections.size()).as("ALWAYS: one-shot clients share backend connections")
                    .isLessThan(CLIENTS / 10);
        }
        List<String> failed = Files.readAllLines(dir.resolve("logs/tls-error.log")).stream()
                .filter(l -> l.contains("SSL") || l.contains("client sent") || l.contains("handshak"))
                .filter(l -> !l.contains(" *1 client closed connection while SSL handshaking")) // the start-up port probe
                .toList();
        assertThat(failed).as("nginx's failed TLS connections").isEmpty();
    }

    /** nginx serving TLS: logs {@code $connection $ssl_protocol $status}, and failed connections at info. */
    private static ExternalProcess nginx(Path dir) throws Exception {
        return Nginx.start(dir, port -> String.join("\n",
                "  log_format churn '$connection $ssl_protocol $status';",
                "  access_log " + dir.resolve("logs/access.log") + " churn;",
                "  error_log " + dir.resolve("logs/tls-error.log") + " info;",
                "  keepalive_requests 100000;",
                "  server {",
                "    listen 127.0.0.1:" + port + " ssl;",
                "    ssl_certificate " + dir.resolve("cert.pem") + ";",
                "    ssl_certificate_key " + dir.resolve("key.pem") + ";",
                "    location / { return 200 \"" + BODY.trim() + "\\n\"; }",
                "  }"));
    }

    /** One client, one request: a whole response, then the end of the stream. */
    private static void oneShot(ReverseProxy proxy) throws IOException {
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String r = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(r).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n" + BODY);
        }
    }
}
