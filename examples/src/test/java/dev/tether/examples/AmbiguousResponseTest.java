package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9112 §6 and §11.2 on the backend side: a response whose framing is ambiguous (or a backend that
 * answers more than it was asked) closes that backend connection, which is never reused: the client
 * gets a clean 502 (or, once the head was forwarded, a cut response), and the next request is answered
 * on another connection with its own answer.
 */
class AmbiguousResponseTest {
    static final List<String> RESPONSES = List.of(
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef",
            "HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nabcdef",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX-Folded: a\r\n b\r\nContent-Length: 5\r\n\r\nabcde",
            "HTTP/1.1 200 OK\nContent-Length: 5\r\n\r\nabcde",
            "HTTP/1.1 200 OK\r\nX-Bare-Cr: a\rb\r\nContent-Length: 5\r\n\r\nabcde",
            "HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\nabcde",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabcde\r\n0\r\n\r\n",
            // Two answers to one request: the second must never reach the next client.
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabcdeHTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nsmuggled!");

    @Test
    void anAmbiguousResponseClosesItsBackendConnectionAndNoLaterRequestIsAffected() throws Exception {
        int fdBaseline = E2e.openFds();
        try (ScriptedBackend backend = new ScriptedBackend(r -> r.path().startsWith("/ambiguous-")
                ? RESPONSES.get(Integer.parseInt(r.path().substring(11))).getBytes(StandardCharsets.ISO_8859_1)
                : ScriptedBackend.ok(r.path()));
             ReverseProxy proxy = ReverseProxy.start(ProxyConfig.defaults(new InetSocketAddress("127.0.0.1", 0),
                     List.of(new Backend(Backend.Protocol.H1, backend.address())), ReusePolicy.ALWAYS).withLoops(1))) {
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", proxy.port());
            for (int i = 0; i < RESPONSES.size(); i++) {
                String warm = SmugglingInteropTest.rawExchange(at, "GET /warm-" + i
                        + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertThat(warm).endsWith("/warm-" + i);
                int used = connectionOf(backend, "/warm-" + i);
                String answer = SmugglingInteropTest.rawExchange(at, "GET /ambiguous-" + i
                        + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertThat(answer).as("response %d", i).doesNotContain("smuggled");
                assertThat(answer.startsWith("HTTP/1.1 502 ") || answer.isEmpty() || answer.startsWith("HTTP/1.1 200 ")
                        && !answer.endsWith("0\r\n\r\n")).as("502, or a response cut before its end: %s", answer)
                        .isTrue();
                if (answer.startsWith("HTTP/1.1 502 ")) {
                    assertThat(answer).containsPattern("x-tether-error: backend-bad-(response|framing)");
                }
                assertThat(connectionOf(backend, "/ambiguous-" + i)).as("it rode the parked connection").isEqualTo(used);
                String after = SmugglingInteropTest.rawExchange(at, "GET /after-" + i
                        + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertThat(after).as("the next request after response %d", i).startsWith("HTTP/1.1 200 ")
                        .endsWith("\r\n\r\n/after-" + i);
                assertThat(connectionOf(backend, "/after-" + i)).as("never on the connection that answered %d", i)
                        .isNotEqualTo(used);
                assertThat(backend.requests()).filteredOn(r -> r.connection() == used).last()
                        .as("nothing after it on that connection").extracting(ScriptedBackend.Request::path)
                        .isEqualTo("/ambiguous-" + i);
            }
            assertThat(E2e.await(() -> proxy.liveRequests() == 0, 5_000)).isTrue();
        }
        E2e.assertFdsBackTo(fdBaseline);
    }

    private static int connectionOf(ScriptedBackend backend, String path) {
        return backend.requests().stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow().connection();
    }
}
