package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.load.BlockingHttpClient;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;
import dev.tether.http2.ErrorCode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/behaviour.md R72 and D5, seen by the client: a backend that closes a reused connection on the
 * request it just read. The request failed {@code REPLAY_SAFE}; a GET is replayed once on a new
 * connection, but a POST is not the proxy's to replay: it gets no response at all (the HTTP/1 client
 * connection closes, the h2 stream is reset {@code REFUSED_STREAM}) so that the client may replay it,
 * never a 502.
 */
class RefusedReplayTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    /** Answers the first request of each connection, closes on the second without a byte. */
    private static ScriptedBackend closingOnSecondRequest() throws IOException {
        return new ScriptedBackend(r -> r.index() == 1 ? ScriptedBackend.ok("first") : ScriptedBackend.CLOSE);
    }

    private static ReverseProxy proxy(ScriptedBackend backend) throws IOException {
        return ReverseProxy.start(ProxyConfig.defaults(LOOPBACK,
                List.of(new Backend(Backend.Protocol.H1, backend.address())), ReusePolicy.SAFE).withLoops(1));
    }

    private static long seen(ScriptedBackend backend, String path) {
        return backend.requests().stream().filter(r -> r.path().equals(path)).count();
    }

    @Test
    void aPostFailedOnAReusedConnectionClosesTheHttp1ClientConnectionWithoutAResponse() throws Exception {
        int fdBaseline = E2e.openFds();
        try (ScriptedBackend backend = closingOnSecondRequest(); ReverseProxy proxy = proxy(backend);
             BlockingHttpClient c = new BlockingHttpClient(new InetSocketAddress("127.0.0.1", proxy.port()), 5_000)) {
            assertThat(c.get("/a").status()).isEqualTo(200);
            // R72: the second request rides the parked connection; the backend closes it on the POST.
            assertThatThrownBy(() -> c.send("POST", "/post", "x".getBytes(StandardCharsets.US_ASCII)))
                    .as("the connection ends with no response").isInstanceOf(IOException.class);
            assertThat(proxy.context().refusals.get()).isEqualTo(1);
            assertThat(proxy.context().errors.get()).as("no 502").isZero();
            assertThat(seen(backend, "/post")).as("the proxy did not replay the POST").isEqualTo(1);

            // D5: a GET failed the same way is replayed once, on a new connection, and answered.
            assertThat(c.get("/b").status()).isEqualTo(200);
            BlockingHttpClient.Response r = c.get("/get");
            assertThat(r.status()).isEqualTo(200);
            assertThat(seen(backend, "/get")).as("sent, refused by the close, replayed").isEqualTo(2);
            assertThat(proxy.context().replays.get()).isEqualTo(1);
            assertThat(E2e.await(() -> proxy.liveRequests() == 0, 5_000)).isTrue();
        }
        E2e.assertFdsBackTo(fdBaseline);
    }

    @Test
    void aPostFailedOnAReusedConnectionResetsTheH2StreamWithRefusedStream() throws Exception {
        int fdBaseline = E2e.openFds();
        try (ScriptedBackend backend = closingOnSecondRequest(); ReverseProxy proxy = proxy(backend);
             H2TestClient c = new H2TestClient(new InetSocketAddress("127.0.0.1", proxy.port()))) {
            assertThat(c.exchange(H2TestClient.request("GET", "/a"), null, 5_000).status).isEqualTo(200);
            // R69: h2 streams are never first, so the POST rides the parked connection the backend closes.
            H2TestClient.Outcome post = c.exchange(H2TestClient.request("POST", "/post", "content-length", "1"),
                    "x".getBytes(StandardCharsets.US_ASCII), 5_000);
            assertThat(post.reset).as(post.toString()).isEqualTo(ErrorCode.REFUSED_STREAM);
            assertThat(post.status).as("no response head").isZero();
            assertThat(proxy.context().refusals.get()).isEqualTo(1);
            assertThat(proxy.context().errors.get()).as("no 502").isZero();
            assertThat(seen(backend, "/post")).isEqualTo(1);

            // The client connection lives on: the next stream is answered.
            H2TestClient.Outcome next = c.exchange(H2TestClient.request("GET", "/next"), null, 5_000);
            assertThat(next.status).isEqualTo(200);
            assertThat(next.text()).isEqualTo("first");
            assertThat(c.goAway).isNull();
            assertThat(E2e.await(() -> proxy.liveRequests() == 0, 5_000)).isTrue();
        }
        E2e.assertFdsBackTo(fdBaseline);
    }
}
