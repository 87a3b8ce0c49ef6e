package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.core.TargetStats;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;
import dev.tether.testkit.AccessLog;
import dev.tether.testkit.ExternalProcess;
import dev.tether.testkit.Nginx;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backend connection parked on one event loop serves a client of the other loop (docs/behaviour.md
 * R59–R61): one-shot clients, one after the other, through a two-loop proxy under {@code always} all
 * ride the one connection nginx saw, counted from nginx's access log ({@code $connection}), whichever
 * loop the kernel gave each client to, over HTTP/1.1, h2c, and TLS (HTTP/1.1 and h2 by ALPN). Before
 * backend connections could move, each loop opened its own (and each TLS one cost a handshake).
 *
 * <p>Which loop a client lands on is the kernel's choice ({@code SO_REUSEPORT}, by the connection's
 * addresses); with {@value #CLIENTS} clients, both loops get some (the engine's takeover count says
 * so), unless the kernel put all of them on one, a chance of 2<sup>-39</sup>.
 */
class BackendTakeoverInteropTest {
    private static final int CLIENTS = 40;
    private static final String BODY = "hello from a real server\n"; // what OneShotClientsInteropTest expects

    @ParameterizedTest
    @EnumSource(value = Backend.Protocol.class, names = {"H1", "H2C"})
    void aConnectionParkedOnOneLoopServesTheClientsOfTheOther(Backend.Protocol protocol, @TempDir Path dir)
            throws Exception {
        Path nginxDir = dir.resolve("nginx");
        try (ExternalProcess nginx = RealPeersInteropTest.nginx(nginxDir, protocol == Backend.Protocol.H2C)) {
            oneShotClientsShareOneConnection(nginxDir, new Backend(protocol, new InetSocketAddress("127.0.0.1",
                    nginx.port())), c -> c);
        }
    }

    /**
     * The same over TLS: a connection whose handshake was done on one loop carries the requests of the
     * other loop's clients, so nginx sees one TLS connection (one handshake) for all of them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"http/1.1", "h2"})
    void aTlsConnectionParkedOnOneLoopServesTheClientsOfTheOther(String alpn, @TempDir Path dir) throws Exception {
        Path nginxDir = dir.resolve("nginx");
        Files.createDirectories(nginxDir);
        Files.writeString(nginxDir.resolve("cert.pem"), TlsFixture.CERT.certificatePem());
        Files.writeString(nginxDir.resolve("key.pem"), TlsFixture.CERT.privateKeyPem());
        try (ExternalProcess nginx = Nginx.start(nginxDir, port -> String.join("\n",
                AccessLog.nginxDirectives(RealPeersInteropTest.accessLog(nginxDir)),
                "  keepalive_requests 100000;",
                "  server {",
                "    listen 127.0.0.1:" + port + " ssl http2;",
                "    ssl_certificate " + nginxDir.resolve("cert.pem") + ";",
                "    ssl_certificate_key " + nginxDir.resolve("key.pem") + ";",
                "    location / { return 200 \"" + BODY.replace("\n", "\\n") + "\"; }",
                "  }"))) {
            oneShotClientsShareOneConnection(nginxDir,
                    Backend.parse("https://127.0.0.1:" + nginx.port() + "?sni=localhost&alpn=" + alpn),
                    c -> c.withTls(TlsFixture.TRUSTING));
        }
    }

    private static void oneShotClientsShareOneConnection(Path nginxDir, Backend backend,
            UnaryOperator<ProxyConfig> config) throws Exception {
        try (ReverseProxy proxy = ReverseProxy.start(config.apply(ProxyConfig.defaults(E2e.LOOPBACK, List.of(backend),
                ReusePolicy.ALWAYS).withLimits(-1, -1, 60_000, 5).withLoops(2)))) {
            for (int i = 0; i < CLIENTS; i++) {
                OneShotClientsInteropTest.oneShot(proxy);
                assertThat(E2e.await(() -> parked(proxy) == 1, 5_000))
                        .as("the backend connection parked again after client %d: %s", i, proxy.engine().stats())
                        .isTrue();
            }
            List<AccessLog.Line> served = AccessLog.await(RealPeersInteropTest.accessLog(nginxDir), l -> true,
                    CLIENTS, 5_000);
            Map<String, List<AccessLog.Line>> perConnection = AccessLog.byConnection(served);
            assertThat(served).hasSize(CLIENTS);
            assertThat(perConnection).as("backend connections nginx saw for %d one-shot clients on 2 loops", CLIENTS)
                    .hasSize(1);
            assertThat(proxy.engine().stats().takeovers()).as("requests served from the other loop").isPositive();
            assertThat(proxy.context().errors.get()).isZero();
        }
    }

    private static long parked(ReverseProxy proxy) {
        return proxy.engine().stats().targets().stream().mapToLong(TargetStats::parked).sum();
    }
}
