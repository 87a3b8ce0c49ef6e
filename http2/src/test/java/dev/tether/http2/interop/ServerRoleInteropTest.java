package dev.tether.http2.interop;

import dev.tether.testkit.ExternalResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The server role against h2load and nghttp (package nghttp2-client). */
class ServerRoleInteropTest {
    static String run(List<String> command, Path dir) throws Exception {
        Path out = dir.resolve("out-" + System.nanoTime() + ".txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError(command.get(0) + " timed out: " + Files.readString(out));
        }
        String text = Files.readString(out);
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }

    @Test
    void serverServesH2loadTenThousandRequestsWithAHundredStreamsAndNoError(@TempDir Path dir) throws Exception {
        Path h2load = ExternalResources.binary("h2load", "nghttp2-client");
        try (BlockingH2Server server = new BlockingH2Server()) {
            String out = run(List.of(h2load.toString(), "-n", "10000", "-c", "2", "-m", "100",
                    "http://127.0.0.1:" + server.port() + "/"), dir);
            assertThat(out).contains("requests: 10000 total, 10000 started, 10000 done, 10000 succeeded, 0 failed, 0 errored");
            assertThat(out).contains("status codes: 10000 2xx");
            assertThat(server.responses.get()).isEqualTo(10000);
            assertThat(server.errors.get()).isZero();
        }
    }

    @Test
    void nghttpVerboseGetsACorrectResponse(@TempDir Path dir) throws Exception {
        Path nghttp = ExternalResources.binary("nghttp", "nghttp2-client");
        try (BlockingH2Server server = new BlockingH2Server()) {
            String out = run(List.of(nghttp.toString(), "-v", "http://127.0.0.1:" + server.port() + "/hello"), dir);
            assertThat(out).contains(":status: 200", "hello from tether", "recv SETTINGS frame", "send SETTINGS frame <length=");
            assertThat(out).doesNotContain("PROTOCOL_ERROR", "COMPRESSION_ERROR");
            assertThat(server.errors.get()).isZero();
        }
    }
}
