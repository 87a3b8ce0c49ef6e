package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request with a short body is held until its body ended, so a backend never sees the head of a
 * request whose body the proxy then refuses; a client that stops sending its body gets 408 and the
 * connection closes.
 */
class RequestHoldTest {
    @Test
    void aBodyThatNeverEndsIsAnswered408AndNeverReachesTheBackend() throws Exception {
        int fdBaseline = E2e.openFds();
        try (ScriptedBackend backend = new ScriptedBackend(r -> ScriptedBackend.ok(r.path()));
             ReverseProxy proxy = ReverseProxy.start(ProxyConfig.defaults(new InetSocketAddress("127.0.0.1", 0),
                     List.of(new Backend(Backend.Protocol.H1, backend.address())), ReusePolicy.SAFE).withLoops(1)
                     .withTimeouts(2_000, 300, 60_000))) {
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", proxy.port());
            String answer = SmugglingInteropTest.rawExchange(at,
                    "POST /stalled HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n01234");
            assertThat(answer).startsWith("HTTP/1.1 408 ").contains("x-tether-error: request-body-timeout",
                    "connection: close");
            assertThat(SmugglingInteropTest.rawExchange(at,
                    "POST /whole HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nConnection: close\r\n\r\n0123456789"))
                    .startsWith("HTTP/1.1 200 ").endsWith("/whole");
            assertThat(backend.requests()).extracting(ScriptedBackend.Request::path).containsExactly("/whole");
            assertThat(new String(backend.requests().get(0).body())).isEqualTo("0123456789");
            assertThat(E2e.await(() -> proxy.liveRequests() == 0, 5_000)).isTrue();
        }
        E2e.assertFdsBackTo(fdBaseline);
    }
}
