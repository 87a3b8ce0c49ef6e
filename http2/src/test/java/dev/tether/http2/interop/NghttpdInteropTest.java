package dev.tether.http2.interop;

import dev.tether.testkit.ExternalProcess;
import dev.tether.testkit.ExternalResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The client role against nghttpd (package nghttp2-server), cleartext prior knowledge. */
class NghttpdInteropTest {
    @Test
    void clientRunsAThousandRequestsWithAHundredConcurrentStreamsOverOneConnection(@TempDir Path dir)
            throws Exception {
        Path nghttpd = ExternalResources.binary("nghttpd", "nghttp2-server");
        Files.writeString(dir.resolve("index.html"), "hello from nghttpd\n");
        int port = ExternalProcess.freePort();
        try (ExternalProcess server = ExternalProcess.server(port,
                List.of(nghttpd.toString(), "--no-tls", "-a", "127.0.0.1", "-d", dir.toString(), String.valueOf(port)),
                dir.resolve("logs/nghttpd.log"))) {
            BlockingH2Client.Result r = new BlockingH2Client(server.port(), "/index.html").run(1000, 100);
            assertThat(r.completed()).isEqualTo(1000);
            assertThat(r.connections()).isEqualTo(1);
            assertThat(r.bytes()).isEqualTo(1000 * "hello from nghttpd\n".length());
        }
    }
}
