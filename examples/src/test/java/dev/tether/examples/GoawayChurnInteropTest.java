package dev.tether.examples;

import dev.tether.core.EngineStats;
import dev.tether.core.FailureClass;
import dev.tether.core.ReusePolicy;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ReverseProxy;
import dev.tether.testkit.AccessLog;
import dev.tether.testkit.ExternalProcess;
import dev.tether.testkit.ExternalResources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GOAWAY churn (docs/behaviour.md T53, RFC 9113 §8.7): an h2c backend sends GOAWAY every 10 streams while
 * h2load drives 20,000 requests with 10 streams per connection into the proxy, against the embedded
 * origin and against real nginx ({@code keepalive_requests 10}). Streams the backend never processed
 * are replayed on another connection: no request fails, replays stay under 10% of the requests (D12),
 * and the backend answers each request exactly once (its own count, or nginx's access log).
 */
class GoawayChurnInteropTest {
    /** Requests h2load sends in each test. */
    private static final int REQUESTS = 20_000;

    /**
     * T53, D5, D12: refused streams were replayed, each once, and they are the exception: at most
     * 10% of the requests. Without the stream budget (D12) the proxy handed each new connection as
     * many streams as were waiting, up to the advertised limit, and about 10 of them per GOAWAY were
     * refused and replayed (about one replay per request); with it, a connection is given at most the
     * streams its target's GOAWAY showed it takes, so only connections opened before the first GOAWAY
     * was read lose any.
     */
    private static void assertReplaysBounded(ReverseProxy proxy) {
        long replays = proxy.context().replays.get();
        EngineStats stats = proxy.engine().stats();
        assertThat(stats.failures(FailureClass.NOT_PROCESSED)).as("refused streams, each replayed once")
                .isEqualTo(replays);
        assertThat(stats.failures(FailureClass.REPLAY_SAFE) + stats.failures(FailureClass.FRESH_FAILURE)
                + stats.failures(FailureClass.RESPONSE_STARTED)).as("other failures").isZero();
        assertThat(replays).as("NOT_PROCESSED replays, at most 10%% of %d requests", REQUESTS)
                .isLessThanOrEqualTo(REQUESTS / 10);
    }

    @Test
    @DisplayName("T53, R64, R71, D5, D12: GOAWAY every 10 streams from the embedded origin: no failure, replays <= 10%")
    void h2loadSeesNoFailureAndTheOriginSeesEachRequestOnce(@TempDir Path dir) throws Exception {
        Path h2load = ExternalResources.binary("h2load", "nghttp2-client");
        try (E2e e = E2e.start(new OriginConfig(false, 0, 10, 0), Backend.Protocol.H2C, ReusePolicy.ALWAYS, 2)) {
            String out = ExternalProcess.run(List.of(h2load.toString(), "-n", String.valueOf(REQUESTS), "-c", "4", "-m", "10",
                    "http://127.0.0.1:" + e.proxy.port() + "/"), dir.resolve("h2load.log"), 120);
            System.out.println(out + "\nproxy: replays=" + e.proxy.context().replays.get() + " " + e.proxy.engine().stats());
            assertThat(out).contains("20000 succeeded, 0 failed, 0 errored");
            assertThat(out).contains("status codes: 20000 2xx");
            e.assertNoLiveRequests();
            assertThat(e.origin.requests()).isEqualTo(20_000);
            assertThat(e.origin.acceptedConnections()).isGreaterThanOrEqualTo(20_000 / 10);
            assertReplaysBounded(e.proxy);
        }
    }

    @Test
    @DisplayName("T53, R64, R71, D5, D12: GOAWAY every 10 requests from nginx: each request logged once, replays <= 10%")
    void h2loadSeesNoFailureAndNginxSendingGoawayEveryTenRequestsSeesEachRequestOnce(@TempDir Path dir)
            throws Exception {
        Path h2load = ExternalResources.binary("h2load", "nghttp2-client");
        int fdBaseline = E2e.openFds();
        Path nginxDir = dir.resolve("nginx");
        try (ExternalProcess nginx = RealPeersInteropTest.nginx(nginxDir, true, 10);
             ReverseProxy proxy = RealPeersInteropTest.proxy(Backend.Protocol.H2C, nginx.port())) {
            String out = ExternalProcess.run(List.of(h2load.toString(), "-n", String.valueOf(REQUESTS), "-c", "4", "-m", "10",
                    "http://127.0.0.1:" + proxy.port() + "/"), dir.resolve("h2load.log"), 120);
            System.out.println(out + "\nproxy: replays=" + proxy.context().replays.get() + " " + proxy.engine().stats());
            assertThat(out).contains("20000 succeeded, 0 failed, 0 errored");
            assertThat(out).contains("status codes: 20000 2xx");
            assertThat(E2e.await(() -> proxy.liveRequests() == 0, 5_000)).isTrue();
            List<AccessLog.Line> answered = AccessLog.await(RealPeersInteropTest.accessLog(nginxDir), l -> true,
                    20_000, 5_000);
            assertThat(answered).hasSize(20_000); // one line per request nginx answered: none twice
            Map<String, List<AccessLog.Line>> perConnection = AccessLog.byConnection(answered);
            assertThat(perConnection.size()).as("backend connections, nginx closing each after 10 requests")
                    .isGreaterThanOrEqualTo(20_000 / 10);
            assertThat(perConnection.values()).allSatisfy(l -> assertThat(l.size()).isBetween(1, 10));
            assertReplaysBounded(proxy);
        }
        E2e.assertFdsBackTo(fdBaseline);
    }
}
