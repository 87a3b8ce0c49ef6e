package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.core.TargetStats;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;
import dev.tether.testkit.ExternalProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that open a connection for one request ({@code Connection: close}: health checkers,
 * scripts, HTTP/1.0 tools) through the proxy in front of real nginx: every one gets a complete
 * response and then the end of the stream (a FIN, never a reset), and once the idle backend
 * connections are purged the proxy's open file descriptors are back where they started.
 */
class OneShotClientsInteropTest {
    private static final int CLIENTS = 3_000;
    private static final int THREADS = 4;
    private static final String BODY = "hello from a real server\n";

    @Test
    void thousandsOfOneShotClientsAllGetTheirAnswerAndLeaveNoDescriptorBehind(@TempDir Path dir) throws Exception {
        try (ExternalProcess nginx = RealPeersInteropTest.nginx(dir, false);
             ReverseProxy proxy = ReverseProxy.start(ProxyConfig.defaults(E2e.LOOPBACK,
                     List.of(new Backend(Backend.Protocol.H1, new InetSocketAddress("127.0.0.1", nginx.port()))),
                     ReusePolicy.SAFE).withLimits(-1, -1, 100, 5).withLoops(2))) {
            oneShot(proxy); // the loops, the engine and the JDK's classes are all up before the baseline
            awaitBackendsPurged(proxy);
            int baseline = E2e.openFds();

            int answered = E2e.runClients(CLIENTS, THREADS, () -> oneShot(proxy));
            assertThat(answered).isEqualTo(CLIENTS);
            assertThat(E2e.await(() -> proxy.openClientConnections() == 0, 10_000)).isTrue();
            awaitBackendsPurged(proxy);
            E2e.assertFdsBackTo(baseline);
        }
    }

    /** One client, one request: a whole response, then -1 (a reset would throw). */
    static void oneShot(ReverseProxy proxy) throws IOException {
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String r = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(r).startsWith("HTTP/1.1 200 OK\r\n").containsIgnoringCase("\r\nconnection: close\r\n")
                    .endsWith("\r\n\r\n" + BODY);
        }
    }

    private static void awaitBackendsPurged(ReverseProxy proxy) {
        assertThat(E2e.await(() -> proxy.engine().stats().targets().stream().mapToLong(TargetStats::open).sum() == 0,
                20_000)).as("backend connections still open: %s", proxy.engine().stats()).isTrue();
    }
}
