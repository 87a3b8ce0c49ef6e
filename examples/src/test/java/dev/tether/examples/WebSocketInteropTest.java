package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.load.BlockingWebSocketClient.Event;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;
import dev.tether.examples.websocket.WebSocketProtocol;
import dev.tether.testkit.ExternalProcess;
import dev.tether.testkit.ExternalResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebSocket through the proxy against an implementation nobody here wrote: Debian's
 * python3-websockets as the backend and as the client, over the HTTP/1.1 front (Upgrade) and over the
 * h2c front (RFC 8441, driven by a raw h2 client since no packaged client speaks it), and to the
 * origin's RFC 8441 side: text and binary messages up to 1 MiB, fragmented messages, ping/pong, close
 * codes. Once each tunnel is over, the running proxy holds none of its connections
 * ({@link E2e#assertLetGo}).
 */
class WebSocketInteropTest {
    /** What ws_client.py prints when every exchange came back right. */
    static final String PYTHON_CLIENT_OK = "{\"text\": \"hello\", \"utf8\": \"h\\u00e9llo w\\u00f6rld \\u20ac\\ud834\\udd1e\", "
            + "\"binary\": [0, 1, 254, 255], \"big_text_ok\": true, \"big_binary_ok\": true, "
            + "\"fragmented_text\": \"fragmented \\u20ac\", \"fragmented_binary\": [1, 2, 3], \"pong\": true, "
            + "\"close_code\": 4001, \"close_reason\": \"bye\"}";

    @Test
    void aPythonClientTalksToAPythonServerThroughTheHttp11Front(@TempDir Path dir) throws Exception {
        Path python = ExternalResources.pythonModule("websockets", "python3-websockets");
        int fds = E2e.openFds();
        try (ExternalProcess server = pythonServer(python, dir);
             ReverseProxy proxy = proxy(Backend.Protocol.H1, new InetSocketAddress("127.0.0.1", server.port()))) {
            E2e.Holdings quiet = E2e.Holdings.of(proxy);
            String out = runClient(python, dir, "ws://127.0.0.1:" + proxy.port() + "/chat");
            assertThat(out.trim()).isEqualTo(PYTHON_CLIENT_OK);
            assertTunnelsOver(proxy, 1);
            E2e.assertLetGo(proxy, quiet);
            assertThat(server.log()).contains("connection");
        }
        E2e.assertFdsBackTo(fds);
    }

    @Test
    void aPythonClientReachesTheOriginOverRfc8441ThroughTheProxy(@TempDir Path dir) throws Exception {
        Path python = ExternalResources.pythonModule("websockets", "python3-websockets");
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H2C, ReusePolicy.ALWAYS, 1)) {
            E2e.Holdings quiet = quietWithSharedBackend(e);
            String out = runClient(python, dir, "ws://127.0.0.1:" + e.proxy.port() + "/ws/echo");
            assertThat(out.trim()).isEqualTo(PYTHON_CLIENT_OK);
            assertThat(e.origin.webSockets()).isEqualTo(1);
            assertThat(e.origin.acceptedConnections()).isEqualTo(1); // a stream of the shared h2c connection
            assertTunnelsOver(e.proxy, 1);
            e.assertLetGo(quiet);
        }
    }

    @Test
    void anRfc8441ClientTalksToAPythonServerThroughTheH2cFront(@TempDir Path dir) throws Exception {
        Path python = ExternalResources.pythonModule("websockets", "python3-websockets");
        int fds = E2e.openFds();
        try (ExternalProcess server = pythonServer(python, dir);
             ReverseProxy proxy = proxy(Backend.Protocol.H1, new InetSocketAddress("127.0.0.1", server.port()));
             H2WebSocketClient client = new H2WebSocketClient(new InetSocketAddress("127.0.0.1", proxy.port()), 10_000)) {
            assertThat(client.extendedConnect()).isTrue();
            E2e.Holdings quiet = E2e.Holdings.of(proxy); // the h2c client connection stays: only its stream ends
            H2WebSocketClient.Stream ws = client.open("/chat");
            assertThat(ws.status).isEqualTo(200);
            assertThat(H2WebSocketClient.names(ws.headers)).doesNotContain("sec-websocket-accept", "upgrade", "connection");
            exchangeEverything(ws);
            assertTunnelsOver(proxy, 1);
            E2e.assertLetGo(proxy, quiet);
        }
        E2e.assertFdsBackTo(fds);
    }

    @Test
    void anRfc8441ClientReachesTheOriginOverRfc8441ThroughTheH2cFront() throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H2C, ReusePolicy.ALWAYS, 1)) {
            quietWithSharedBackend(e);
            try (H2WebSocketClient client = new H2WebSocketClient(e.proxyAddress(), 10_000)) {
                assertThat(E2e.await(() -> e.proxy.openClientConnections() == 1, 5_000)).isTrue();
                E2e.Holdings quiet = e.holdings();
                twoStreams(e, client);
                e.assertLetGo(quiet);
            }
        }
    }

    /** Two WebSockets as two streams of one h2c client connection and of one h2c backend connection. */
    private static void twoStreams(E2e e, H2WebSocketClient client) throws Exception {
        H2WebSocketClient.Stream a = client.open("/ws/echo");
        H2WebSocketClient.Stream b = client.open("/ws/echo");
        assertThat(a.status).isEqualTo(200);
        assertThat(b.status).isEqualTo(200);
        b.sendText("second");
        exchangeEverything(a);
        assertThat(b.receive().text()).isEqualTo("second");
        b.sendClose(1000, "");
        assertThat(b.receive().closeCode()).isEqualTo(1000);
        b.end();
        assertThat(b.awaitClosed()).isTrue();
        assertThat(e.origin.webSockets()).isEqualTo(2);
        assertThat(e.origin.acceptedConnections()).isEqualTo(1);
        assertTunnelsOver(e.proxy, 2);
    }

    /** Text, 1 MiB binary, a fragmented message, ping/pong and the close handshake, then END_STREAM. */
    static void exchangeEverything(H2WebSocketClient.Stream ws) throws Exception {
        ws.sendText("héllo €");
        assertThat(ws.receive().text()).isEqualTo("héllo €");
        byte[] big = new byte[1 << 20];
        new Random(7).nextBytes(big);
        ws.send(WebSocketProtocol.BINARY, true, big);
        Event echoed = ws.receive();
        assertThat(echoed.opcode()).isEqualTo(WebSocketProtocol.BINARY);
        assertThat(echoed.data()).isEqualTo(big);
        ws.send(WebSocketProtocol.TEXT, false, ascii("frag"));
        ws.send(WebSocketProtocol.PING, true, ascii("mid-message"));
        ws.send(WebSocketProtocol.CONTINUATION, false, ascii("men"));
        ws.send(WebSocketProtocol.CONTINUATION, true, ascii("ted"));
        Event pong = ws.receive();
        assertThat(pong.opcode()).isEqualTo(WebSocketProtocol.PONG);
        assertThat(pong.text()).isEqualTo("mid-message");
        assertThat(ws.receive().text()).isEqualTo("fragmented");
        ws.sendClose(4001, "bye");
        Event close = ws.receive();
        assertThat(close.opcode()).isEqualTo(WebSocketProtocol.CLOSE);
        assertThat(close.closeCode()).isEqualTo(4001);
        assertThat(close.text()).isEqualTo("bye");
        ws.end();
        assertThat(ws.awaitClosed()).as("both END_STREAMs, no reset").isTrue();
    }

    /**
     * Sends one plain request and waits until its client connection is gone, so that the shared h2c
     * backend connection is open and parked: what the proxy holds while idle once warmed up.
     */
    static E2e.Holdings quietWithSharedBackend(E2e e) throws java.io.IOException {
        int fds = E2e.openFds();
        try (dev.tether.examples.load.BlockingHttpClient c = new dev.tether.examples.load.BlockingHttpClient(
                e.proxyAddress(), 5_000)) {
            assertThat(c.get("/").status()).isEqualTo(200);
        }
        // The h2c connection's two ends stay open in this process; the client connection's are gone.
        assertThat(E2e.await(() -> e.proxy.openClientConnections() == 0 && e.proxy.liveRequests() == 0
                && E2e.openFds() <= fds + 2, 5_000)).as("fds %d, before %d", E2e.openFds(), fds).isTrue();
        return e.holdings();
    }

    static void assertTunnelsOver(ReverseProxy proxy, int opened) {
        assertThat(E2e.await(() -> proxy.context().tunnelsOpen.get() == 0 && proxy.liveRequests() == 0, 5_000))
                .as("tunnels open %d, live %d", proxy.context().tunnelsOpen.get(), proxy.liveRequests()).isTrue();
        assertThat(proxy.context().tunnelsOpened.get()).isEqualTo(opened);
        assertThat(proxy.context().tunnelBytesUp.sum()).isGreaterThan(0);
        assertThat(proxy.context().tunnelBytesDown.sum()).isGreaterThan(0);
    }

    static ReverseProxy proxy(Backend.Protocol protocol, InetSocketAddress backend) throws java.io.IOException {
        return ReverseProxy.start(ProxyConfig.defaults(E2e.LOOPBACK, List.of(new Backend(protocol, backend)),
                ReusePolicy.ALWAYS).withLoops(1));
    }

    static ExternalProcess pythonServer(Path python, Path dir) throws Exception {
        int port = ExternalProcess.freePort();
        return ExternalProcess.server(port, List.of(python.toString(), script("ws_echo_server.py"),
                Integer.toString(port)), dir.resolve("server.log"));
    }

    static String runClient(Path python, Path dir, String uri) throws Exception {
        return ExternalProcess.run(List.of(python.toString(), script("ws_client.py"), uri), dir.resolve("client.log"),
                60);
    }

    static String script(String name) throws Exception {
        return Paths.get(WebSocketInteropTest.class.getResource("/websocket/" + name).toURI()).toString();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
