package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.load.BlockingHttpClient;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.origin.OriginServer;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Graceful shutdown: a request in progress is still answered; then nothing listens any more. */
class GracefulShutdownTest {
    @Test
    void aRequestInProgressIsAnsweredAndNewConnectionsAreRefused() throws Exception {
        int fds = E2e.openFds();
        try (OriginServer origin = OriginServer.start(new InetSocketAddress("127.0.0.1", 0), OriginConfig.PLAIN, 1)) {
            ReverseProxy proxy = proxyTo(origin);
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", proxy.port());
            try (BlockingHttpClient client = new BlockingHttpClient(address, 10_000)) {
                CompletableFuture<BlockingHttpClient.Response> slow = CompletableFuture.supplyAsync(() -> {
                    try {
                        // Long enough to still be in progress when the shutdown begins, even on a busy
                        // machine (it is answered with "connection: close" only if it is).
                        return client.get("/delay/2000");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                assertThat(E2e.await(() -> proxy.liveRequests() == 1, 5_000)).isTrue();
                proxy.shutdown(5_000);
                BlockingHttpClient.Response r = slow.get(10, TimeUnit.SECONDS);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.header("connection")).isEqualTo("close");
            }
            assertThat(proxy.liveRequests()).isZero();
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(address, 1_000);
                }
            }).isInstanceOf(IOException.class);
        }
        assertThat(E2e.await(() -> E2e.openFds() <= fds, 10_000)).as("descriptors back to %d", fds).isTrue();
    }

    /**
     * A request still in progress when the grace period ends is cut: its client connection is closed
     * (the client reads the end of the stream) and no descriptor stays open. The client sent
     * {@code Connection: close}, so the proxy stopped reading from it and its socket had no selection
     * key: the close asked for from the stopping thread was a task its loop dropped when it stopped.
     */
    @Test
    void aRequestStillInProgressWhenTheGraceEndsIsCutAndItsClientClosed() throws Exception {
        int fds = E2e.openFds();
        try (OriginServer origin = OriginServer.start(new InetSocketAddress("127.0.0.1", 0), OriginConfig.PLAIN, 1)) {
            ReverseProxy proxy = proxyTo(origin);
            try (Socket s = new Socket("127.0.0.1", proxy.port())) {
                s.setSoTimeout(5_000);
                s.getOutputStream().write("GET /delay/3000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                assertThat(E2e.await(() -> proxy.liveRequests() == 1, 5_000)).isTrue();
                proxy.shutdown(100);
                java.io.InputStream in = s.getInputStream();
                byte[] b = new byte[4096];
                while (in.read(b) >= 0) {
                    // whatever the proxy still sent (nothing, or an error answer), then the end
                }
            }
        }
        assertThat(E2e.await(() -> E2e.openFds() <= fds, 10_000)).as("descriptors back to %d", fds).isTrue();
    }

    private static ReverseProxy proxyTo(OriginServer origin) throws IOException {
        return ReverseProxy.start(ProxyConfig.defaults(new InetSocketAddress("127.0.0.1", 0),
                List.of(new Backend(Backend.Protocol.H1, origin.address())), ReusePolicy.SAFE));
    }
}
