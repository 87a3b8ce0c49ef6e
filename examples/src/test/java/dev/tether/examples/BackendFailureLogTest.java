package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.load.BlockingHttpClient;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ProxyLog;
import dev.tether.examples.proxy.ReverseProxy;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backend that refuses every connection, seen in the proxy's log (through {@code System.Logger}'s
 * default backend): each failure at DEBUG, one WARNING for the burst, and at INFO only the start-up
 * and stop lines, however many requests fail.
 */
class BackendFailureLogTest {
    private static final int REQUESTS = 20;

    @Test
    void aFailingBackendLogsEachFailureAtDebugAndWarnsOnceNeverPerRequestAtInfo() throws Exception {
        int fds = E2e.openFds(); // first: E2e's warm-up proxies log too
        InetSocketAddress dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = new InetSocketAddress("127.0.0.1", s.getLocalPort()); // closed again: connections are refused
        }
        List<Integer> statuses = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try (LogCapture log = new LogCapture(ProxyLog.NAME)) {
            try (ReverseProxy proxy = ReverseProxy.start(ProxyConfig.defaults(E2e.LOOPBACK,
                    List.of(new Backend(Backend.Protocol.H1, dead)), ReusePolicy.SAFE).withLoops(1));
                 BlockingHttpClient client = new BlockingHttpClient(new InetSocketAddress("127.0.0.1", proxy.port()),
                         5_000)) {
                for (int i = 0; i < REQUESTS; i++) {
                    BlockingHttpClient.Response r = client.get("/");
                    statuses.add(r.status());
                    errors.add(r.header("x-tether-error"));
                }
            }
            long refused = errors.stream().filter("connect-failed"::equals).count();
            assertThat(statuses).containsOnly(502, 503);
            assertThat(refused).as("connects tried before the target went down").isPositive();
            assertThat(log.lines("INFO")).as("no line per request at INFO").hasSize(3)
                    .allMatch(l -> l.contains("listening on ") || l.contains("configuration: ") || l.contains("stopping: "));
            assertThat(log.lines("FINE", "backend", "connect-failed")).as("each backend failure at debug level")
                    .hasSize((int) refused);
            assertThat(log.lines("WARNING", "backend", "failed: connect-failed")).as("one warning for the burst")
                    .hasSize(1);
        }
        E2e.assertFdsBackTo(fds);
    }
}
