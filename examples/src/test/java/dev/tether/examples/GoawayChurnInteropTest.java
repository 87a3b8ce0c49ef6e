package dev.tether.examples;

import dev.tether.testkit.ExternalProcess;
import dev.tether.core.ReusePolicy;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.proxy.Backend;
import dev.tether.testkit.ExternalResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GOAWAY churn (REUSE-RULES.md T53, RFC 9113 §8.7): an h2c origin sends GOAWAY every 10 streams (as
 * nginx's {@code keepalive_requests} does) while h2load drives 20,000 requests with 10 streams per
 * connection into the proxy. Streams the origin never processed are replayed on another connection:
 * no request fails, and the origin answers each request exactly once.
 */
class GoawayChurnInteropTest {
    @Test
    void h2loadSeesNoFailureAndTheOriginSeesEachRequestOnce(@TempDir Path dir) throws Exception {
        Path h2load = ExternalResources.binary("h2load", "nghttp2-client");
        try (E2e e = E2e.start(new OriginConfig(false, 0, 10, 0), Backend.Protocol.H2C, ReusePolicy.ALWAYS, 2)) {
            String out = ExternalProcess.run(List.of(h2load.toString(), "-n", "20000", "-c", "4", "-m", "10",
                    "http://127.0.0.1:" + e.proxy.port() + "/"), dir.resolve("h2load.log"), 120);
            System.out.println(out + "\nproxy: replays=" + e.proxy.context().replays.get() + " " + e.proxy.engine().stats());
            assertThat(out).contains("20000 succeeded, 0 failed, 0 errored");
            assertThat(out).contains("status codes: 20000 2xx");
            e.assertNoLiveRequests();
            assertThat(e.origin.requests()).isEqualTo(20_000);
            assertThat(e.origin.acceptedConnections()).isGreaterThanOrEqualTo(20_000 / 10);
        }
    }
}
