package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.embed.HttpServerGateway;
import dev.tether.examples.load.BlockingHttpClient;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.origin.OriginServer;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ProxyConfig;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedding example: the JDK's HttpServer forwarding through Tether. */
class HttpServerGatewayTest {
    @Test
    void aClientConnectionsRequestsReuseOneBackendConnectionThroughTheJdkServer() throws Exception {
        int fdBaseline = E2e.openFds();
        try (OriginServer origin = OriginServer.start(new InetSocketAddress("127.0.0.1", 0), OriginConfig.PLAIN, 1);
             HttpServerGateway gateway = new HttpServerGateway(ProxyConfig.defaults(
                     new InetSocketAddress("127.0.0.1", 0), List.of(new Backend(Backend.Protocol.H1, origin.address())),
                     ReusePolicy.SAFE));
             BlockingHttpClient client = new BlockingHttpClient(
                     new InetSocketAddress("127.0.0.1", gateway.address().getPort()), 5_000)) {
            String first = null;
            for (int i = 0; i < 5; i++) {
                BlockingHttpClient.Response r = client.get("/bytes/10");
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.bodyBytes()).isEqualTo(10);
                assertThat(r.header("x-seen-via")).isEqualTo("1.1 tether");
                first = first == null ? r.header("x-conn-id") : first;
                assertThat(r.header("x-conn-id")).isEqualTo(first);
            }
            assertThat(origin.acceptedConnections()).isEqualTo(1);
            assertThat(gateway.forwarder().context().engine().stats().reuse()).isEqualTo(4);
        }
        E2e.assertFdsBackTo(fdBaseline);
    }
}
