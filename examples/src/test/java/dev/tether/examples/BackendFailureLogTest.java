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
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backend that refuses every connection, seen in the proxy's log (through {@code System.Logger}'s
 * default backend): each failure at DEBUG, one WARNING for the burst, and at INFO only the start-up
 * lines, however many requests fail.
 */
class BackendFailureLogTest {
    @Test
    void aFailingBackendLogsEachFailureAtDebugAndWarnsOnceNeverPerRequestAtInfo() throws Exception {
        int fds = E2e.openFds(); // first: E2e's warm-up proxies log too
        InetSocketAddress dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = new InetSocketAddress("127.0.0.1", s.getLocalPort()); // closed again: connections are refused
        }
        Logger logger = Logger.getLogger(ProxyLog.NAME);
        List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Level saved = logger.getLevel();
        logger.setLevel(Level.FINE);
        logger.addHandler(capture);
        try (ReverseProxy proxy = ReverseProxy.start(ProxyConfig.defaults(E2e.LOOPBACK,
                List.of(new Backend(Backend.Protocol.H1, dead)), ReusePolicy.SAFE).withLoops(1));
             BlockingHttpClient client = new BlockingHttpClient(new InetSocketAddress("127.0.0.1", proxy.port()), 5_000)) {
            for (int i = 0; i < 20; i++) {
                BlockingHttpClient.Response r = client.get("/");
                assertThat(r.status()).isEqualTo(502);
                assertThat(r.header("x-tether-error")).isEqualTo("connect-failed");
            }
        } finally {
            logger.removeHandler(capture);
            logger.setLevel(saved);
        }
        E2e.assertFdsBackTo(fds);
        List<String> info = messages(records, Level.INFO);
        assertThat(info).hasSize(3).allMatch(m -> m.startsWith("listening on ") || m.startsWith("configuration: ")
                || m.startsWith("stopping: "));
        assertThat(messages(records, Level.FINE)).hasSize(20).allMatch(m -> m.endsWith(": connect-failed (GET /)"));
        assertThat(messages(records, Level.WARNING)).singleElement().asString()
                .startsWith("target h1-127.0.0.1:" + dead.getPort() + ": 1 backend failure(s)")
                .endsWith("latest: connect-failed (GET /)");
    }

    private static List<String> messages(List<LogRecord> records, Level level) {
        synchronized (records) {
            return records.stream().filter(r -> r.getLevel() == level).map(LogRecord::getMessage).toList();
        }
    }
}
