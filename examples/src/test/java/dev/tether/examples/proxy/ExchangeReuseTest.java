package dev.tether.examples.proxy;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.load.BlockingHttpClient;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.origin.OriginServer;
import dev.tether.examples.origin.StaticOrigin;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HTTP/1.1 exchange that ended cleanly is kept with its connection's codec and serves the next
 * request of whichever connection of the loop borrows that codec ({@code FrontendCodec.keep},
 * {@code ProxyExchange.reuse}). These tests give the kept exchange to another client connection of
 * the same (single) loop and check, from the clients' and the origin's side, that it behaves as a
 * new exchange of that connection: nothing of its old owner reaches it, and nothing of it reaches
 * its old owner.
 */
class ExchangeReuseTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    /**
     * The kept exchange arms the response timer of the connection it now serves, not that of its old
     * owner: B's slow request is answered 504 at B's response timeout (an exchange that kept A's
     * timer would arm A's, A's timer would find no exchange of A's to time out, and B would wait for
     * the backend's late 200).
     */
    @Test
    void aKeptExchangeTimesOutOnTheTimerOfTheConnectionItNowServes() throws Exception {
        try (OriginServer origin = OriginServer.start(LOOPBACK, OriginConfig.PLAIN, 1);
             ReverseProxy proxy = ReverseProxy.start(ProxyConfig.defaults(LOOPBACK,
                     List.of(new Backend(Backend.Protocol.H1, origin.address())), ReusePolicy.SAFE)
                     .withLoops(1).withTimeouts(2_000, 300, 60_000));
             BlockingHttpClient a = client(proxy);
             BlockingHttpClient b = client(proxy)) {
            assertThat(a.get("/").status()).isEqualTo(200); // A's exchange ends cleanly: kept
            BlockingHttpClient.Response slow = b.get("/delay/3000"); // B borrows the codec and the exchange
            assertThat(slow.status()).as("B's own response timeout").isEqualTo(504);
            assertThat(slow.header("x-tether-error")).isEqualTo("response-timeout");
            assertThat(a.get("/").status()).as("A, after B's timeout").isEqualTo(200);
            assertThat(b.get("/").status()).as("B, after its timeout").isEqualTo(200);
            assertThat(a.connections()).isEqualTo(1);
        }
    }

    /**
     * The kept exchange's request is its new connection's first (R69): under {@code safe} a first
     * request never rides a parked backend connection (R15), so B's first request opens a second one
     * at the origin although A's later request ended on the exchange B is given.
     */
    @Test
    void aKeptExchangeCarriesTheFirstTraitOfItsNewConnectionsFirstRequest() throws Exception {
        try (StaticOrigin origin = new StaticOrigin();
             ReverseProxy proxy = ReverseProxy.start(ProxyConfig.defaults(LOOPBACK,
                     List.of(new Backend(Backend.Protocol.H1, origin.address())), ReusePolicy.SAFE).withLoops(1));
             BlockingHttpClient a = client(proxy);
             BlockingHttpClient b = client(proxy)) {
            assertThat(a.get("/").status()).isEqualTo(200);
            assertThat(a.get("/").status()).isEqualTo(200); // a subsequent request: its exchange is kept
            assertThat(origin.connections()).isEqualTo(1);
            assertThat(b.get("/").status()).isEqualTo(200);
            assertThat(origin.connections()).as("B's first request on a backend connection of its own").isEqualTo(2);
            assertThat(b.get("/").status()).isEqualTo(200);
            assertThat(origin.connections()).as("B's next request is subsequent: it reuses").isEqualTo(2);
        }
    }

    private static BlockingHttpClient client(ReverseProxy proxy) {
        return new BlockingHttpClient(new InetSocketAddress("127.0.0.1", proxy.port()), 10_000);
    }
}
