package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;
import dev.tether.http2.ErrorCode;
import dev.tether.testkit.ExternalProcess;
import dev.tether.testkit.Nginx;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request smuggling and desync (RFC 9112 §6 and §11.2, RFC 9113 §8.2), proved against a real backend:
 * every request whose framing is ambiguous is sent through the proxy to nginx with its access log on.
 * HTTP/1 clients get 400 and a closed connection, h2 streams a PROTOCOL_ERROR reset; nginx's log shows
 * none of them, and after each one the next good request rides the same backend connection and gets
 * its own answer (nginx echoes the request-target).
 */
class SmugglingInteropTest {
    private static final String HOST = "Host: x\r\n";

    /** Raw HTTP/1.1 requests whose framing a proxy must refuse; {@code %s} is the request-target. */
    static final List<String> H1_PAYLOADS = List.of(
            "POST %s HTTP/1.1\r\n" + HOST + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "POST %s HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n",
            "POST %s HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
            "POST %s HTTP/1.1\r\n" + HOST + "Transfer-Encoding: gzip\r\n\r\nabcd",
            "POST %s HTTP/1.1\r\n" + HOST + "Transfer-Encoding: identity\r\n\r\nabcd",
            "POST %s HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n0\r\n\r\n",
            "POST %s HTTP/1.1\r\n" + HOST + "Content-Length: 4\r\nContent-Length: 5\r\n\r\nabcde",
            "POST %s HTTP/1.1\r\n" + HOST + "Content-Length: 4, 5\r\n\r\nabcde",
            "POST %s HTTP/1.1\r\n" + HOST + "Content-Length: +4\r\n\r\nabcd",
            "GET %s HTTP/1.1\r\n" + HOST + "X-Folded: a\r\n b\r\n\r\n",
            "GET %s HTTP/1.1\r\n" + HOST + "X-Bare-Cr: a\rb\r\n\r\n",
            "GET %s HTTP/1.1\r\n" + HOST + "X-Bare-Lf: a\nX-Other: b\r\n\r\n",
            "GET %s HTTP/1.1\n" + HOST + "\r\n",
            "POST %s HTTP/1.1\r\n" + HOST + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
            "GET %s HTTP/1.1\r\n" + HOST + "X-Nul: a\0b\r\n\r\n",
            "POST %s HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
            "POST %s HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n3 \r\nabc\r\n0\r\n\r\n",
            "POST %s HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffff1\r\nabc\r\n0\r\n\r\n",
            "POST %s HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n3;\u0001x\r\nabc\r\n0\r\n\r\n",
            "POST %s HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n",
            "POST %s HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n",
            "GET %s HTTP/1.1\r\n" + HOST + HOST + "\r\n");

    /** h2 requests that are malformed (RFC 9113 §8.1.1, §8.2, §8.3); each opens one stream. */
    static final List<String[]> H2_PAYLOADS = List.of(
            new String[] {"x-nul", "a\0b"},
            new String[] {"x-cr", "a\rb"},
            new String[] {"x-lf", "a\nb"},
            new String[] {"x-crlf", "a\r\nx-injected: 1"},
            new String[] {"connection", "keep-alive"},
            new String[] {"keep-alive", "300"},
            new String[] {"proxy-connection", "keep-alive"},
            new String[] {"transfer-encoding", "chunked"},
            new String[] {"upgrade", "websocket"},
            new String[] {"te", "gzip"},
            new String[] {"Upper-Case", "x"},
            new String[] {":path", "http://x/absolute-form"},
            new String[] {":path", "relative"},
            new String[] {"content-length", "5", "body", "0123456789"},
            new String[] {"content-length", "10", "body", "01234"},
            new String[] {"content-length", "5", "body", ""},
            new String[] {"content-length", "5, 6", "body", "01234"});

    private static ExternalProcess nginx(Path dir, boolean h2c) throws Exception {
        return Nginx.start(dir, port -> String.join("\n",
                "  log_format seen '$connection $connection_requests $request_method $request_uri $status';",
                "  access_log " + dir.resolve("logs/access.log") + " seen;",
                "  server {",
                "    listen 127.0.0.1:" + port + (h2c ? " http2;" : ";"),
                "    location / { return 200 \"$request_uri\\n\"; }",
                "  }"));
    }

    /**
     * The nginx log line of the request for {@code uri}, waiting (at most 5 s) for nginx to write it
     * (it logs once the response went out, so the client may read it first); fails unless there is
     * exactly one.
     */
    private static String[] logged(Path log, String uri) throws IOException {
        E2e.await(() -> !hits(log, uri).isEmpty(), 5_000);
        List<String[]> hits = hits(log, uri);
        assertThat(hits).as("log lines for %s", uri).hasSize(1);
        return hits.get(0);
    }

    private static List<String[]> hits(Path log, String uri) {
        List<String[]> hits = new ArrayList<>();
        try {
            for (String l : Files.readAllLines(log)) {
                String[] f = l.split(" ");
                if (f.length > 3 && f[3].equals(uri)) {
                    hits.add(f);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return hits;
    }

    /** Sends raw bytes on a new connection; returns all the proxy sent back before it closed. */
    static String rawExchange(InetSocketAddress proxy, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(proxy, 5_000);
            s.setSoTimeout(5_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] b = new byte[4096];
            for (int n; (n = in.read(b)) >= 0; ) {
                got.write(b, 0, n);
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static String good(InetSocketAddress proxy, String uri) throws IOException {
        return rawExchange(proxy, "GET " + uri + " HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");
    }

    @ParameterizedTest
    @EnumSource(value = Backend.Protocol.class, names = {"H1", "H2C"}) // a plaintext origin
    void ambiguousHttp1RequestsGet400AndNeverReachNginx(Backend.Protocol protocol, @TempDir Path dir)
            throws Exception {
        int fdBaseline = E2e.openFds();
        Path log = dir.resolve("nginx/logs/access.log");
        try (ExternalProcess nginx = nginx(dir.resolve("nginx"), protocol == Backend.Protocol.H2C);
             ReverseProxy proxy = proxy(protocol, nginx.port())) {
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", proxy.port());
            assertThat(good(at, "/warm")).startsWith("HTTP/1.1 200").endsWith("/warm\n");
            String backendConnection = logged(log, "/warm")[0];
            for (int i = 0; i < H1_PAYLOADS.size(); i++) {
                String bad = "/bad-" + i;
                String answer = rawExchange(at, String.format(H1_PAYLOADS.get(i), bad));
                assertThat(answer).as("payload %d: %s", i, H1_PAYLOADS.get(i)).startsWith("HTTP/1.1 400 ")
                        .contains("connection: close").doesNotContain(bad);
                String after = "/after-" + i;
                assertThat(good(at, after)).as("the request after payload %d", i).startsWith("HTTP/1.1 200")
                        .endsWith(after + "\n");
                assertThat(logged(log, after)[0]).as("on the same backend connection").isEqualTo(backendConnection);
            }
            assertThat(Files.readAllLines(log)).as("nginx saw only the good requests")
                    .hasSize(1 + H1_PAYLOADS.size()).noneMatch(l -> l.contains("/bad"));
            assertThat(proxy.context().errors.get()).isZero();
        }
        E2e.assertFdsBackTo(fdBaseline);
    }

    @ParameterizedTest
    @EnumSource(value = Backend.Protocol.class, names = {"H1", "H2C"}) // a plaintext origin
    void malformedH2RequestsAreStreamErrorsAndNeverReachNginx(Backend.Protocol protocol, @TempDir Path dir)
            throws Exception {
        int fdBaseline = E2e.openFds();
        Path log = dir.resolve("nginx/logs/access.log");
        try (ExternalProcess nginx = nginx(dir.resolve("nginx"), protocol == Backend.Protocol.H2C);
             ReverseProxy proxy = proxy(protocol, nginx.port());
             H2TestClient c = new H2TestClient(new InetSocketAddress("127.0.0.1", proxy.port()))) {
            assertThat(c.exchange(H2TestClient.request("GET", "/warm"), null, 5_000).text()).isEqualTo("/warm\n");
            String backendConnection = logged(log, "/warm")[0];
            for (int i = 0; i < H2_PAYLOADS.size(); i++) {
                String[] p = H2_PAYLOADS.get(i);
                String bad = "/bad-" + i;
                boolean withBody = p.length > 2;
                H2TestClient.Outcome o;
                if (p[0].equals(":path")) {
                    o = c.exchange(List.of(dev.tether.http2.Header.of(":method", "GET"),
                            dev.tether.http2.Header.of(":scheme", "http"), dev.tether.http2.Header.of(":authority", "x"),
                            dev.tether.http2.Header.of(":path", p[1] + bad)), null, 5_000);
                } else {
                    o = c.exchange(H2TestClient.request(withBody ? "POST" : "GET", bad, p[0], p[1]),
                            withBody ? p[3].getBytes(StandardCharsets.US_ASCII) : null, 5_000);
                }
                assertThat(o.reset == ErrorCode.PROTOCOL_ERROR || o.status == 400)
                        .as("payload %d %s: %s", i, String.join(" ", p), o).isTrue();
                assertThat(c.goAway).as("the connection lives on").isNull();
                String after = "/after-" + i;
                assertThat(c.exchange(H2TestClient.request("GET", after), null, 5_000).text()).isEqualTo(after + "\n");
                assertThat(logged(log, after)[0]).as("on the same backend connection").isEqualTo(backendConnection);
            }
            assertThat(Files.readAllLines(log)).as("nginx saw only the good requests")
                    .hasSize(1 + H2_PAYLOADS.size()).noneMatch(l -> l.contains("/bad"));
        }
        E2e.assertFdsBackTo(fdBaseline);
    }

    private static ReverseProxy proxy(Backend.Protocol protocol, int port) throws IOException {
        // ALWAYS: a new client's first request takes the parked backend connection, so every request
        // of the test rides the same one unless something closed it.
        return ReverseProxy.start(ProxyConfig.defaults(new InetSocketAddress("127.0.0.1", 0),
                List.of(new Backend(protocol, new InetSocketAddress("127.0.0.1", port))), ReusePolicy.ALWAYS)
                .withLoops(1));
    }
}
