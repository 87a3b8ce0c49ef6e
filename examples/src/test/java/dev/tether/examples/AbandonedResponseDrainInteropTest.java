package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.load.BlockingHttpClient;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ClientCancels;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;
import dev.tether.testkit.ExternalProcess;
import dev.tether.testkit.Nginx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * D13 against nginx, seen from nginx's access log ({@code $connection $connection_requests}): a
 * client leaves in the middle of a response nginx sends slowly ({@code limit_rate}); the proxy reads
 * the rest of it, nginx logs the whole body as sent, and the next client's request rides the same
 * nginx connection as its third request. Before D13 the proxy closed that connection mid-body.
 */
class AbandonedResponseDrainInteropTest {
    /**
     * nginx (sendfile off, 32 KiB output buffers) sends the first 32 KiB at once and, held back by
     * {@code limit_rate 128k}, the rest about 0.25 s later: the client leaves in between, and the
     * drain (at most 1 s) reads it.
     */
    private static final int SLOW_BYTES = 60 * 1024;

    @Test
    void aClientThatLeavesMidResponseLeavesTheNginxConnectionToTheNextClient(@TempDir Path dir) throws Exception {
        Files.write(Files.createDirectories(dir.resolve("www")).resolve("slow"), new byte[SLOW_BYTES]);
        try (ExternalProcess nginx = Nginx.start(dir, port -> String.join("\n",
                "  log_format drain '$connection $connection_requests $request_uri $status $body_bytes_sent';",
                "  access_log " + dir.resolve("logs/access.log") + " drain;",
                "  keepalive_requests 1000;",
                "  server {",
                "    listen 127.0.0.1:" + port + ";",
                "    location = /slow { root " + dir.resolve("www") + ";",
                "      sendfile off; output_buffers 2 32k; limit_rate 128k; }",
                "    location / { return 200 \"ok\\n\"; }",
                "  }"));
             ReverseProxy proxy = ReverseProxy.start(ProxyConfig.defaults(E2e.LOOPBACK,
                     List.of(Backend.parse("h1://127.0.0.1:" + nginx.port())), ReusePolicy.ALWAYS).withLoops(1))) {
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", proxy.port());
            get(at, "/");
            try (Socket s = new Socket("127.0.0.1", proxy.port())) {
                s.setSoLinger(true, 0); // the client vanishes (a reset) once the response has begun
                s.getOutputStream().write("GET /slow HTTP/1.1\r\nhost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                assertThat(in.read(new byte[64])).as("the response began").isPositive();
            }
            assertThat(E2e.await(() -> drained(proxy) == 1, 5_000)).as("the rest of the response drained").isTrue();
            get(at, "/");
            assertThat(proxy.context().errors.get()).as("error answers").isZero();
        }
        List<String> log = Files.readAllLines(dir.resolve("logs/access.log"));
        assertThat(log).hasSize(3);
        String connection = log.get(0).split(" ")[0];
        assertThat(log.get(0)).isEqualTo(connection + " 1 / 200 3");
        assertThat(log.get(1)).as("nginx sent the whole slow body")
                .isEqualTo(connection + " 2 /slow 200 " + SLOW_BYTES);
        assertThat(log.get(2)).as("the next client on the same nginx connection").isEqualTo(connection + " 3 / 200 3");
    }

    private static void get(InetSocketAddress at, String path) throws Exception {
        try (BlockingHttpClient c = new BlockingHttpClient(at, 5_000)) {
            assertThat(c.get(path).status()).isEqualTo(200);
        }
    }

    private static long drained(ReverseProxy proxy) {
        return proxy.context().cancels.snapshot().values().stream().mapToLong(a -> a[ClientCancels.DRAINED]).sum();
    }
}
