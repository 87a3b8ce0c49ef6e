package dev.tether.http1;

import dev.tether.core.CloseReason;
import dev.tether.core.MuxEvent;
import dev.tether.testkit.AccessLog;
import dev.tether.testkit.ExternalProcess;
import dev.tether.testkit.ExternalResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client codec and the mux against a real HAProxy on 127.0.0.1: as an HTTP server
 * ({@code http-request return}) and in front of nginx (chunked bodies). HAProxy stamps every response
 * with {@code X-Src-Port} ({@code src_port}): the same client port on every response proves that
 * HAProxy served them all on our one connection, and HAProxy's log (stdout, one line per request)
 * shows the same from its side.
 */
class HaproxyInteropTest {
    private static NginxFixture nginx;
    private static ExternalProcess haproxy;
    private static Path dir;
    private static int port;

    @BeforeAll
    static void startHaproxyInFrontOfNginx() throws Exception {
        Path binary = ExternalResources.binary("haproxy", "haproxy");
        nginx = NginxFixture.start();
        dir = Files.createTempDirectory("tether-haproxy");
        port = ExternalProcess.freePort();
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, "global\n"
                + "  maxconn 100\n"
                + "defaults\n"
                + "  mode http\n"
                + AccessLog.haproxyDefaults()
                + "  timeout connect 5s\n"
                + "  timeout client 10s\n"
                + "  timeout server 10s\n"
                + "  timeout http-keep-alive 10s\n"
                + "frontend fe\n"
                + "  bind 127.0.0.1:" + port + "\n"
                + "  http-request set-var(txn.close) bool(true) if { path /close }\n"
                + "  http-request return status 200 content-type text/plain string \"haproxy says hi\" if { path /hi }\n"
                + "  http-request return status 200 content-type text/plain string \"bye\" if { path /close }\n"
                + "  http-request return status 304 if { path /not-modified }\n"
                + "  http-after-response set-header X-Src-Port %[src_port]\n"
                + "  http-after-response set-header Connection close if { var(txn.close) -m bool }\n"
                + "  default_backend nginx\n"
                + "backend nginx\n"
                + "  server n1 127.0.0.1:" + nginx.port + "\n");
        haproxy = ExternalProcess.server(port, List.of(binary.toString(), "-f", cfg.toString(), "-db"),
                dir.resolve("process.log"));
    }

    @AfterAll
    static void stopAll() {
        if (haproxy != null) {
            haproxy.close();
        }
        if (nginx != null) {
            nginx.close();
        }
        if (dir != null) {
            ExternalProcess.deleteTree(dir);
        }
    }

    @Test
    void servesManySequentialRequestsOnOneConnection() throws Exception {
        // R40, R41, R45: HAProxy saw our single client port on every one of 120 requests.
        try (InteropClient client = new InteropClient(port)) {
            String ourPort = Integer.toString(client.localPort());
            for (int i = 1; i <= 120; i++) {
                InteropClient.Reply r = client.exchange("GET", i % 3 == 0 ? "/ssi/page.txt" : "/hi");
                assertThat(r.status).as("request " + i).isEqualTo(200);
                assertThat(r.header("X-Src-Port")).as("HAProxy saw the same connection").isEqualTo(ourPort);
                assertThat(r.reusable).isTrue();
                assertThat(r.firstExchange).isEqualTo(i == 1);
            }
            assertThat(client.engine.events).containsExactly(MuxEvent.READY);
            // HAProxy's own log: 120 requests from our one client port, in order.
            List<AccessLog.Line> logged = AccessLog.await(dir.resolve("process.log"),
                    l -> l.connection().equals(ourPort), 120, 5_000);
            assertThat(logged).extracting(AccessLog.Line::request).containsExactlyElementsOf(
                    IntStream.rangeClosed(1, 120).mapToObj(i -> "GET " + (i % 3 == 0 ? "/ssi/page.txt" : "/hi")
                            + " HTTP/1.1").toList());
        }
    }

    @Test
    void readsChunkedAndContentLengthBodies() throws Exception {
        try (InteropClient client = new InteropClient(port)) {
            InteropClient.Reply hi = client.exchange("GET", "/hi");
            assertThat(hi.header("Content-Length")).isEqualTo("15");
            assertThat(hi.bodyText()).isEqualTo("haproxy says hi");
            InteropClient.Reply chunked = client.exchange("GET", "/ssi/page.txt");
            assertThat(chunked.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(chunked.bodyText()).isEqualTo("chunked /ssi/page.txt from nginx ssi\n");
            InteropClient.Reply cl = client.exchange("GET", "/cl");
            assertThat(cl.bodyText()).isEqualTo(NginxFixture.CL_BODY);
            assertThat(cl.reusable).isTrue();
        }
    }

    @Test
    void connectionCloseFromTheServerEndsReuse() throws Exception {
        // R40: keep-alive not agreed; R62: HAProxy then closes.
        try (InteropClient client = new InteropClient(port)) {
            assertThat(client.exchange("GET", "/hi").reusable).isTrue();
            InteropClient.Reply bye = client.exchange("GET", "/close");
            assertThat(bye.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(bye.bodyText()).isEqualTo("bye");
            assertThat(bye.reusable).isFalse();
            assertThat(client.mux.availableStreams()).isZero();
            assertThat(client.mux.unusableReason()).isEqualTo(CloseReason.ERROR);
            assertThat(client.awaitPeerClose()).isTrue();
            assertThat(client.engine.events).containsExactly(MuxEvent.READY, MuxEvent.PEER_CLOSED);
            assertThat(client.mux.unusableReason()).isEqualTo(CloseReason.PEER_CLOSED);
        }
    }

    @Test
    void headAndNotModifiedResponsesHaveNoBody() throws Exception {
        try (InteropClient client = new InteropClient(port)) {
            InteropClient.Reply head = client.exchange("HEAD", "/hi");
            assertThat(head.status).isEqualTo(200);
            assertThat(head.body.size()).isZero();
            assertThat(head.reusable).isTrue();
            InteropClient.Reply notModified = client.exchange("GET", "/not-modified");
            assertThat(notModified.status).isEqualTo(304);
            assertThat(notModified.body.size()).isZero();
            assertThat(notModified.reusable).isTrue();
            InteropClient.Reply viaNginx = client.exchange("HEAD", "/static/file.txt");
            assertThat(viaNginx.header("Content-Length")).isEqualTo(Integer.toString(NginxFixture.FILE_BODY.length()));
            assertThat(viaNginx.body.size()).isZero();
            InteropClient.Reply after = client.exchange("GET", "/hi");
            assertThat(after.bodyText()).isEqualTo("haproxy says hi");
            assertThat(after.header("X-Src-Port")).isEqualTo(Integer.toString(client.localPort()));
        }
    }
}
