package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ReverseProxy;
import dev.tether.testkit.ExternalProcess;
import dev.tether.testkit.ExternalResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GOAWAY churn (docs/behaviour.md T53, RFC 9113 §8.7): an h2c backend sends GOAWAY every 10 streams while
 * h2load drives 20,000 requests with 10 streams per connection into the proxy, against the embedded
 * origin and against real nginx ({@code keepalive_requests 10}). Streams the backend never processed
 * are replayed on another connection: no request fails, and the backend answers each request exactly
 * once.
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

    @Test
    void h2loadSeesNoFailureAndNginxSendingGoawayEveryTenRequestsSeesEachRequestOnce(@TempDir Path dir)
            throws Exception {
        Path h2load = ExternalResources.binary("h2load", "nghttp2-client");
        int fdBaseline = E2e.openFds();
        Path nginxDir = dir.resolve("nginx");
        try (ExternalProcess nginx = RealPeersInteropTest.nginx(nginxDir, true, 10);
             ReverseProxy proxy = RealPeersInteropTest.proxy(Backend.Protocol.H2C, nginx.port())) {
            String out = ExternalProcess.run(List.of(h2load.toString(), "-n", "20000", "-c", "4", "-m", "10",
                    "http://127.0.0.1:" + proxy.port() + "/"), dir.resolve("h2load.log"), 120);
            System.out.println(out + "\nproxy: replays=" + proxy.context().replays.get() + " " + proxy.engine().stats());
            assertThat(out).contains("20000 succeeded, 0 failed, 0 errored");
            assertThat(out).contains("status codes: 20000 2xx");
            assertThat(E2e.await(() -> proxy.liveRequests() == 0, 5_000)).isTrue();
            List<String> answered = Files.readAllLines(nginxDir.resolve("logs/access.log"));
            assertThat(answered).hasSize(20_000); // one line per request nginx answered: none twice
            assertThat(answered.stream().map(l -> l.substring(0, l.indexOf(' '))).distinct().count())
                    .as("backend connections, nginx closing each after 10 requests")
                    .isGreaterThanOrEqualTo(20_000 / 10);
        }
        E2e.assertFdsBackTo(fdBaseline);
    }
}
