package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.load.BlockingWebSocketClient;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ReverseProxy;
import dev.tether.testkit.ExternalProcess;
import dev.tether.testkit.ExternalResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tunnels when a side fails: the backend closes mid-tunnel (with a FIN or a reset), the client vanishes,
 * the tunnel idles out; each time the other side is closed within the timeout, and, while the proxy
 * still runs, it holds no connection of that tunnel and no descriptor stays open
 * ({@link E2e#assertLetGo}). Also what is refused: a plain CONNECT (405), and RFC 8441 towards an h2c
 * backend that did not enable it (502).
 */
class TunnelFaultTest {
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theBackendClosingMidTunnelClosesTheClientSide(boolean reset) throws Exception {
        int fds = E2e.openFds();
        try (ServerSocket backend = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             ReverseProxy proxy = WebSocketInteropTest.proxy(Backend.Protocol.H1,
                     new InetSocketAddress("127.0.0.1", backend.getLocalPort()))) {
            E2e.Holdings quiet = E2e.Holdings.of(proxy);
            CompletableFuture<Void> script = CompletableFuture.runAsync(() -> switchThenClose(backend, reset));
            try (BlockingWebSocketClient ws = BlockingWebSocketClient.open(
                    new InetSocketAddress("127.0.0.1", proxy.port()), "/ws", 5_000)) {
                ws.sendText("the backend reads this, then goes");
                script.get(5, TimeUnit.SECONDS);
                long t0 = System.nanoTime();
                assertThat(ws.serverClosed()).as("the client sees the backend's end").isTrue();
                assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(4));
            }
            assertThat(E2e.await(() -> proxy.context().tunnelsOpen.get() == 0 && proxy.liveRequests() == 0, 5_000))
                    .isTrue();
            E2e.assertLetGo(proxy, quiet);
        }
        E2e.assertFdsBackTo(fds);
    }

    @Test
    void aClientVanishingMidTunnelClosesTheBackendSide() throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H1, ReusePolicy.ALWAYS, 1)) {
            E2e.Holdings quiet = e.holdings();
            Socket client = handshake(e.proxyAddress());
            assertThat(E2e.await(() -> e.origin.webSockets() == 1 && e.origin.openConnections() == 1, 5_000)).isTrue();
            client.setSoLinger(true, 0);
            client.close(); // a reset: the client is gone without a close frame or a FIN
            assertThat(E2e.await(() -> e.origin.openConnections() == 0, 5_000))
                    .as("the origin's WebSocket connection closed").isTrue();
            assertThat(E2e.await(() -> e.proxy.context().tunnelsOpen.get() == 0, 5_000)).isTrue();
            e.assertLetGo(quiet);
        }
    }

    @Test
    void anH2ClientResettingItsStreamClosesTheBackendSide() throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H1, ReusePolicy.ALWAYS, 1);
             H2WebSocketClient client = new H2WebSocketClient(e.proxyAddress(), 5_000)) {
            assertThat(E2e.await(() -> e.proxy.openClientConnections() == 1, 5_000)).isTrue();
            E2e.Holdings quiet = e.holdings(); // the h2c client connection stays: only its stream ends
            H2WebSocketClient.Stream ws = client.open("/ws/echo");
            assertThat(ws.status).isEqualTo(200);
            ws.sendText("x");
            assertThat(ws.receive().text()).isEqualTo("x");
            ws.resetStream(); // RFC 8441 §5: RST_STREAM ends the tunnel abruptly
            assertThat(E2e.await(() -> e.origin.openConnections() == 0, 5_000)).isTrue();
            assertThat(E2e.await(() -> e.proxy.context().tunnelsOpen.get() == 0, 5_000)).isTrue();
            e.assertLetGo(quiet);
        }
    }

    @Test
    void anIdleTunnelIsClosedOnBothSidesAfterTheTimeoutAndTrafficKeepsItOpen() throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H1, ReusePolicy.ALWAYS,
                c -> c.withLoops(1).withTunnelTimeout(400))) {
            E2e.Holdings quiet = e.holdings();
            try (BlockingWebSocketClient ws = BlockingWebSocketClient.open(e.proxyAddress(), "/ws/echo", 5_000)) {
                idleOut(e, ws);
            }
            e.assertLetGo(quiet);
        }
    }

    /** Traffic for three timeouts' worth keeps the tunnel open; then both sides close once it idles. */
    private static void idleOut(E2e e, BlockingWebSocketClient ws) throws IOException {
        long t0 = System.nanoTime();
        for (int i = 0; i < 6; i++) { // 6 x 200 ms of traffic: three timeouts' worth, never idle that long
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(i == 0 ? 0 : 200));
            ws.sendText("tick " + i);
            assertThat(ws.receive().text()).isEqualTo("tick " + i);
        }
        long idleFrom = System.nanoTime();
        assertThat(e.proxy.context().tunnelsOpen.get()).isEqualTo(1);
        assertThat(ws.serverClosed()).isTrue();
        long idle = System.nanoTime() - idleFrom;
        assertThat(idle).isBetween(TimeUnit.MILLISECONDS.toNanos(300), TimeUnit.MILLISECONDS.toNanos(3_000));
        assertThat(E2e.await(() -> e.origin.openConnections() == 0, 5_000)).as("the backend side closed too").isTrue();
        assertThat(e.proxy.context().tunnelsOpen.get()).isZero();
        assertThat(System.nanoTime() - t0).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(1_300));
    }

    @Test
    void aPlainConnectIsRefusedWith405OnBothFronts() throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H1, ReusePolicy.SAFE, 1)) {
            try (Socket s = new Socket()) {
                s.connect(e.proxyAddress(), 5_000);
                s.setSoTimeout(5_000);
                s.getOutputStream().write("CONNECT example.test:443 HTTP/1.1\r\nHost: example.test:443\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(answer).startsWith("HTTP/1.1 405 Method Not Allowed\r\n");
                assertThat(answer.toLowerCase(Locale.ROOT)).contains("x-tether-error: connect-not-allowed",
                        "connection: close");
            }
            try (H2WebSocketClient h2 = new H2WebSocketClient(e.proxyAddress(), 5_000)) {
                assertThat(h2.plainConnect("example.test:443")).isEqualTo(405);
            }
            assertThat(e.origin.acceptedConnections()).isZero();
        }
    }

    @Test
    void anH2cBackendWithoutRfc8441AnswersWebSocketsWith502(@TempDir Path dir) throws Exception {
        Path nghttpd = ExternalResources.binary("nghttpd", "nghttp2-server");
        Path docs = Files.createDirectories(dir.resolve("docs"));
        int port = ExternalProcess.freePort();
        try (ExternalProcess server = ExternalProcess.server(port, List.of(nghttpd.toString(), "--no-tls", "-a",
                "127.0.0.1", "-d", docs.toString(), String.valueOf(port)), dir.resolve("nghttpd.log"));
             ReverseProxy proxy = WebSocketInteropTest.proxy(Backend.Protocol.H2C, new InetSocketAddress("127.0.0.1", port))) {
            String[] answer = TunnelReuseTest.refusedUpgrade(new InetSocketAddress("127.0.0.1", proxy.port()), "/ws",
                    true);
            assertThat(answer[0]).isEqualTo("502");
            assertThat(proxy.context().tunnelsOpened.get()).isZero();
        }
    }

    /** The raw backend: reads one upgrade offer, switches, reads a frame, then closes (FIN, or a reset). */
    private static void switchThenClose(ServerSocket server, boolean reset) {
        try (Socket s = RawUpgrade.accept(server)) {
            s.getInputStream().read(new byte[256]);
            if (reset) {
                s.setSoLinger(true, 0);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A WebSocket handshake on a raw socket, through the proxy to the origin's echo. */
    static Socket handshake(InetSocketAddress proxy) throws IOException {
        return handshake(new Socket(), proxy);
    }

    /** A WebSocket handshake to {@code /ws/echo} through the proxy on {@code s}, not yet connected. */
    static Socket handshake(Socket s, InetSocketAddress proxy) throws IOException {
        s.connect(proxy, 5_000);
        s.setSoTimeout(5_000);
        s.getOutputStream().write(("GET /ws/echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(TunnelReuseTest.readHead(s.getInputStream())).startsWith("HTTP/1.1 101 ")
                .contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        return s;
    }
}
