package dev.tether.http2.interop;

import dev.tether.testkit.ExternalProcess;
import dev.tether.testkit.Nginx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The client role against nginx (package nginx), cleartext HTTP/2 with prior knowledge. */
class NginxInteropTest {
    static ExternalProcess nginx(Path dir, int keepaliveRequests) throws Exception {
        // nginx 1.22 (Debian 12) spells cleartext h2 "listen ... http2"; 1.25.1+ also accepts "http2 on".
        return Nginx.start(dir, port -> String.join("\n",
                "  access_log off;",
                "  keepalive_requests " + keepaliveRequests + ";",
                "  http2_max_concurrent_streams 128;",
                "  server {",
                "    listen 127.0.0.1:" + port + " http2;",
                "    location / { return 200 \"hello from nginx\\n\"; }",
                "  }"));
    }

    @Test
    void clientRunsAThousandRequestsWithAHundredConcurrentStreamsOverOneConnection(@TempDir Path dir)
            throws Exception {
        try (ExternalProcess server = nginx(dir, 10_000)) {
            BlockingH2Client.Result r = new BlockingH2Client(server.port(), "/").run(1000, 100);
            assertThat(r.completed()).isEqualTo(1000);
            assertThat(r.connections()).isEqualTo(1);
            assertThat(r.bytes()).isEqualTo(1000 * "hello from nginx\n".length());
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
        }
    }
}
