package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;
import dev.tether.examples.proxy.TlsSettings;
import dev.tether.testkit.ExternalProcess;
import dev.tether.testkit.ExternalResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebSockets over TLS through the proxy, against Debian's python3-websockets on both ends: a {@code wss://}
 * client to the proxy's TLS front, and the proxy to a {@code wss} server as an {@code https} backend. The
 * tunnel carries the same exchange as in plaintext ({@link WebSocketInteropTest}): text, 1 MiB messages,
 * fragments, ping/pong and the close handshake.
 */
class WssInteropTest {
    @Test
    void aWssClientTalksThroughTheTlsFrontToAPlainServer(@TempDir Path dir) throws Exception {
        Path python = ExternalResources.pythonModule("websockets", "python3-websockets");
        Path ca = Files.writeString(dir.resolve("ca.pem"), TlsFixture.CERT.certificatePem());
        int fds = E2e.openFds();
        try (ExternalProcess server = WebSocketInteropTest.pythonServer(python, dir);
             ReverseProxy proxy = proxy(Backend.parse("h1://127.0.0.1:" + server.port()), TlsFixture.TRUSTING_WITH_FRONT)) {
            String out = ExternalProcess.run(List.of(python.toString(), WebSocketInteropTest.script("ws_client.py"),
                    "wss://localhost:" + proxy.port() + "/chat", ca.toString()), dir.resolve("client.log"), 60);
            assertThat(out.trim()).isEqualTo(WebSocketInteropTest.PYTHON_CLIENT_OK);
            WebSocketInteropTest.assertTunnelsOver(proxy, 1);
            assertThat(proxy.context().tls().front().fullHandshakes()).isEqualTo(1);
        }
        E2e.assertFdsBackTo(fds);
    }

    @Test
    void aPlainClientReachesAWssServerAsAnHttpsBackend(@TempDir Path dir) throws Exception {
        Path python = ExternalResources.pythonModule("websockets", "python3-websockets");
        Path cert = Files.writeString(dir.resolve("cert.pem"), TlsFixture.CERT.certificatePem());
        Path key = Files.writeString(dir.resolve("key.pem"), TlsFixture.CERT.privateKeyPem());
        int fds = E2e.openFds();
        int port = ExternalProcess.freePort();
        try (ExternalProcess server = ExternalProcess.server(port, List.of(python.toString(),
                WebSocketInteropTest.script("ws_echo_server.py"), Integer.toString(port), cert.toString(), key.toString()),
                dir.resolve("server.log"));
             ReverseProxy proxy = proxy(Backend.parse("https://127.0.0.1:" + port + "?sni=localhost"), TlsFixture.TRUSTING)) {
            String out = WebSocketInteropTest.runClient(python, dir, "ws://127.0.0.1:" + proxy.port() + "/chat");
            assertThat(out.trim()).isEqualTo(WebSocketInteropTest.PYTHON_CLIENT_OK);
            WebSocketInteropTest.assertTunnelsOver(proxy, 1);
            assertThat(server.log()).contains("connection");
            assertThat(proxy.context().tls().counters(proxy.engine().targets().get(0)).fullHandshakes()).isEqualTo(1);
        }
        E2e.assertFdsBackTo(fds);
    }

    private static ReverseProxy proxy(Backend backend, TlsSettings tls) throws java.io.IOException {
        return ReverseProxy.start(ProxyConfig.defaults(E2e.LOOPBACK, List.of(backend), ReusePolicy.ALWAYS).withLoops(1)
                .withTls(tls));
    }
}
