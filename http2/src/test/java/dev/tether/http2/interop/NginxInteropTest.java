package dev.tether.http2.interop;

import dev.tether.testkit.ExternalProcess;
import dev.tether.testkit.ExternalResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The client role against nginx (package nginx), cleartext HTTP/2 with prior knowledge. */
class NginxInteropTest {
    static ExternalProcess nginx(Path dir, int keepaliveRequests) throws Exception {
        Path nginx = ExternalResources.binary("nginx", "nginx");
        int port = ExternalProcess.freePort();
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("tmp"));
        // nginx 1.22 (Debian 12) spells cleartext h2 "listen ... http2"; 1.25.1+ also accepts "http2 on".
        String conf = String.join("\n",
                "daemon off;", "master_process off;", "worker_processes 1;",
                "error_log " + dir.resolve("logs/error.log") + " warn;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "events { worker_connections 64; }",
                "http {",
                "  access_log off;",
                "  client_body_temp_path " + dir.resolve("tmp") + ";",
                "  proxy_temp_path " + dir.resolve("tmp") + ";",
                "  fastcgi_temp_path " + dir.resolve("tmp") + ";",
                "  uwsgi_temp_path " + dir.resolve("tmp") + ";",
                "  scgi_temp_path " + dir.resolve("tmp") + ";",
                "  keepalive_requests " + keepaliveRequests + ";",
                "  http2_max_concurrent_streams 128;",
                "  server {",
                "    listen 127.0.0.1:" + port + " http2;",
                "    location / { return 200 \"hello from nginx\\n\"; }",
                "  }",
                "}", "");
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, conf);
        return ExternalProcess.server(port, List.of(nginx.toString(), "-p", dir.toString(), "-c", file.toString()),
                dir.resolve("logs/stdout.log"));
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
