package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.load.BlockingHttpClient;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.origin.OriginServer;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every request gets an answer: clean 502 and 504 with an {@code x-tether-error} reason. */
class ErrorAnswersTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    @Test
    void aBackendThatRefusesConnectionsGets502WithAReason() throws Exception {
        int fdBaseline = E2e.openFds();
        int closedPort;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(LOOPBACK);
            closedPort = s.getLocalPort();
        }
        ProxyConfig cfg = ProxyConfig.defaults(LOOPBACK,
                List.of(new Backend(Backend.Protocol.H1, new InetSocketAddress("127.0.0.1", closedPort))), ReusePolicy.SAFE);
        try (ReverseProxy proxy = ReverseProxy.start(cfg);
             BlockingHttpClient c = new BlockingHttpClient(new InetSocketAddress("127.0.0.1", proxy.port()), 5_000)) {
            BlockingHttpClient.Response r = c.get("/");
            assertThat(r.status()).isEqualTo(502);
            assertThat(r.header("x-tether-error")).isEqualTo("connect-failed");
            assertThat(c.get("/").status()).as("the client connection stays usable").isEqualTo(502);
            assertThat(E2e.await(() -> proxy.liveRequests() == 0, 5_000)).isTrue();
        }
        E2e.assertFdsBackTo(fdBaseline);
    }

    @Test
    void aBackendTooSlowToAnswerGets504WithAReason() throws Exception {
        int fdBaseline = E2e.openFds();
        try (OriginServer origin = OriginServer.start(LOOPBACK, OriginConfig.PLAIN, 1);
             ReverseProxy proxy = ReverseProxy.start(ProxyConfig.defaults(LOOPBACK,
                     List.of(new Backend(Backend.Protocol.H2C, origin.address())), ReusePolicy.SAFE)
                     .withTimeouts(2_000, 200, 60_000));
             BlockingHttpClient c = new BlockingHttpClient(new InetSocketAddress("127.0.0.1", proxy.port()), 5_000)) {
            BlockingHttpClient.Response r = c.get("/delay/3000");
            assertThat(r.status()).isEqualTo(504);
            assertThat(r.header("x-tether-error")).isEqualTo("response-timeout");
            assertThat(c.get("/").status()).as("the next request on the same client connection").isEqualTo(200);
            assertThat(E2e.await(() -> proxy.liveRequests() == 0, 5_000)).isTrue();
        }
        E2e.assertFdsBackTo(fdBaseline);
    }

    @Test
    void aBackendThatNeverAcceptsGets502AfterTheConnectTimeout() throws Exception {
        int fdBaseline = E2e.openFds();
        try (StuckListener stuck = new StuckListener();
             ReverseProxy proxy = ReverseProxy.start(ProxyConfig.defaults(LOOPBACK,
                     List.of(new Backend(Backend.Protocol.H1, stuck.address())), ReusePolicy.SAFE)
                     .withTimeouts(300, 30_000, 60_000));
             BlockingHttpClient c = new BlockingHttpClient(new InetSocketAddress("127.0.0.1", proxy.port()), 5_000)) {
            BlockingHttpClient.Response r = c.get("/");
            assertThat(r.status()).isEqualTo(502);
            assertThat(r.header("x-tether-error")).isEqualTo("connect-timeout");
            assertThat(E2e.await(() -> proxy.liveRequests() == 0, 5_000)).isTrue();
        }
        E2e.assertFdsBackTo(fdBaseline);
    }
}
