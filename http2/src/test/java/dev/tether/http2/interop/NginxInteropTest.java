package dev.tether.http2.interop;

import dev.tether.testkit.AccessLog;
import dev.tether.testkit.ExternalProcess;
import dev.tether.testkit.Nginx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client role against nginx (package nginx), cleartext HTTP/2 with prior knowledge; nginx's
 * access log ({@code $connection}, {@code $connection_requests}) proves reuse from its side.
 */
class NginxInteropTest {
    static ExternalProcess nginx(Path dir, int keepaliveRequests) throws Exception {
        // nginx 1.22 (Debian 12) spells cleartext h2 "listen ... http2"; 1.25.1+ also accepts "http2 on".
        return Nginx.start(dir, port -> String.join("\n",
                AccessLog.nginxDirectives(accessLog(dir)),
                "  keepalive_requests " + keepaliveRequests + ";",
                "  http2_max_concurrent_streams 128;",
                "  server {",
                "    listen 127.0.0.1:" + port + " http2;",
                "    location / { return 200 \"hello from nginx\\n\"; }",
                "  }"));
    }

    static Path accessLog(Path dir) {
        return dir.resolve("logs/access.log");
    }

    @Test
    void clientRunsAThousandRequestsWithAHundredConcurrentStreamsOverOneConnection(@TempDir Path dir)
            throws Exception {
        try (ExternalProcess server = nginx(dir, 10_000)) {
            BlockingH2Client.Result r = new BlockingH2Client(server.port(), "/").run(1000, 100);
            assertThat(r.completed()).isEqualTo(1000);
            assertThat(r.connections()).isEqualTo(1);
            assertThat(r.bytes()).isEqualTo(1000 * "hello from nginx\n".length());
            // nginx's view: 1000 requests on one connection, counted 1..1000.
            List<AccessLog.Line> served = AccessLog.await(accessLog(dir), l -> true, 1000, 5_000);
            assertThat(AccessLog.byConnection(served)).hasSize(1);
            assertThat(served).extracting(AccessLog.Line::requestsOnConnection)
                    .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 1000).boxed().toList());
        }
    }

    @Test
    void clientSurvivesGoAwayEveryHundredRequestsAndResendsWhatWasNotProcessed(@TempDir Path dir)
            throws Exception {
        try (ExternalProcess server = nginx(dir, 100)) {
            BlockingH2Client.Result r = new BlockingH2Client(server.port(), "/").run(1000, 100);
            assertThat(r.completed()).isEqualTo(1000);
            assertThat(r.connections()).isGreaterThanOrEqualTo(10);
            assertThat(r.goAways()).isPositive();
            // nginx's view: each request answered exactly once (a resent stream was not processed
            // before), on as many connections as the client opened, none carrying more than 100.
            List<AccessLog.Line> served = AccessLog.await(accessLog(dir), l -> true, 1000, 5_000);
            assertThat(served).hasSize(1000);
            Map<String, List<AccessLog.Line>> perConnection = AccessLog.byConnection(served);
            assertThat(perConnection.size()).isBetween(10, r.connections());
            assertThat(perConnection.values()).allSatisfy(l -> assertThat(l.size()).isBetween(1, 100));
        }
    }
}
