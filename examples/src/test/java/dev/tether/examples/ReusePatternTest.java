package dev.tether.examples;

import dev.tether.core.ConnectReason;
import dev.tether.core.ReusePolicy;
import dev.tether.examples.load.BlockingHttpClient;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.proxy.Backend;
import dev.tether.testkit.ExternalProcess;
import dev.tether.testkit.ExternalResources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reuse pattern seen from outside, through the real proxy and origin: which backend connection
 * ({@code x-conn-id}) served each request of two client connections A and B, for every policy
 * (docs/behaviour.md R13, R15, R23, R41, R69), and for the streams of a real HTTP/2 client (T50).
 */
class ReusePatternTest {
    private static final int H2_STREAMS = 20;

    @ParameterizedTest
    @EnumSource(ReusePolicy.class)
    void backendConnectionsFollowTheFirstRequestRuleAndNeverLeakPrivateOnes(ReusePolicy policy) throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H1, policy, 1);
             BlockingHttpClient a = new BlockingHttpClient(e.proxyAddress(), 5_000);
             BlockingHttpClient b = new BlockingHttpClient(e.proxyAddress(), 5_000)) {
            List<String> ids = new ArrayList<>();
            for (BlockingHttpClient c : List.of(a, a, b, b, a)) {
                BlockingHttpClient.Response r = c.get("/");
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.header("via")).contains("1.1 tether");
                assertThat(r.header("x-seen-via")).isEqualTo("1.1 tether");
                assertThat(r.header("x-seen-forwarded-for")).isEqualTo("127.0.0.1");
                ids.add(r.header("x-conn-id"));
            }
            String c1 = ids.get(0);
            // A's second request reuses A's connection in every policy (R13 for NEVER, IDLE list else).
            assertThat(ids.get(1)).isEqualTo(c1);
            switch (policy) {
                case NEVER:
                    // R23: private connections; B never rides A's, A never rides B's.
                    assertThat(ids.get(2)).isNotEqualTo(c1);
                    assertThat(ids.get(3)).isEqualTo(ids.get(2));
                    assertThat(ids.get(4)).isEqualTo(c1);
                    assertThat(e.origin.acceptedConnections()).isEqualTo(2);
                    break;
                case SAFE:
                    // R15: a first request never reuses, though c1 sits parked.
                    assertThat(ids.get(2)).isNotEqualTo(c1);
                    // R50.6: B's new connection is not parked (a SAFE one is, and it is over the need
                    // estimate of 1), so B's second request and A's next one take c1 from SAFE.
                    assertThat(ids.get(3)).isEqualTo(c1);
                    assertThat(ids.get(4)).isEqualTo(c1);
                    assertThat(e.origin.acceptedConnections()).isEqualTo(2);
                    assertThat(e.proxy.engine().stats().closes(dev.tether.core.CloseReason.OVER_ESTIMATE)).isEqualTo(1);
                    break;
                case AGGRESSIVE:
                case ALWAYS:
                    // R15: B's first request may take a SAFE connection (c1 carried two exchanges).
                    assertThat(ids).containsOnly(c1);
                    assertThat(e.origin.acceptedConnections()).isEqualTo(1);
                    break;
                default:
                    throw new AssertionError(policy);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ReusePolicy.class)
    void anH2cBackendConnectionIsSharedBetweenClientsWhenThePolicyAllows(ReusePolicy policy) throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H2C, policy, 1);
             BlockingHttpClient a = new BlockingHttpClient(e.proxyAddress(), 5_000);
             BlockingHttpClient b = new BlockingHttpClient(e.proxyAddress(), 5_000)) {
            String first = a.get("/").header("x-conn-id");
            String second = a.get("/").header("x-conn-id");
            String other = b.get("/").header("x-conn-id");
            assertThat(second).isEqualTo(first);
            if (policy == ReusePolicy.NEVER || policy == ReusePolicy.SAFE) {
                assertThat(other).isNotEqualTo(first); // B's first request: no shared lists (R15, R23)
            } else {
                assertThat(other).isEqualTo(first); // multiplexed: parked SAFE, shared (R41)
            }
        }
    }

    /**
     * T50 / R69 with a real HTTP/2 client: every stream of an h2 client connection is a subsequent
     * request. Seen through R15 under {@code SAFE}, where a first request never takes a parked
     * connection and a subsequent one takes IDLE, then SAFE: an HTTP/1 client leaves one backend
     * connection parked IDLE, then h2load sends {@value #H2_STREAMS} streams one after the other on
     * one h2c connection (h2load). Each stream finds that backend connection parked (IDLE for the first,
     * SAFE after) and takes it; a stream marked first would have had a new connection
     * ({@code FIRST_REQUEST}).
     */
    @Test
    @DisplayName("T50, R69: every stream of an HTTP/2 client is a subsequent request (never first)")
    void everyStreamOfAnHttp2ClientIsASubsequentRequest(@TempDir Path dir) throws Exception {
        Path h2load = ExternalResources.binary("h2load", "nghttp2-client");
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H1, ReusePolicy.SAFE, 1)) {
            try (BlockingHttpClient warm = new BlockingHttpClient(e.proxyAddress(), 5_000)) {
                assertThat(warm.get("/").status()).isEqualTo(200);
            }
            assertThat(E2e.await(() -> e.proxy.engine().stats().idle() == 1, 5_000))
                    .as("the HTTP/1 client's connection parked IDLE").isTrue();
            // One client connection, one stream at a time.
            String out = ExternalProcess.run(List.of(h2load.toString(), "-n", Integer.toString(H2_STREAMS), "-c", "1",
                    "-m", "1", "http://127.0.0.1:" + e.proxy.port() + "/"), dir.resolve("h2load.log"), 30);
            assertThat(out).contains(H2_STREAMS + " succeeded, 0 failed");
            // The origin's view: every request, the HTTP/1 one and each h2 stream's, on one connection.
            assertThat(e.origin.requests()).isEqualTo(H2_STREAMS + 1);
            assertThat(e.origin.acceptedConnections()).isEqualTo(1);
            assertThat(e.proxy.engine().stats().connects(ConnectReason.FIRST_REQUEST)).isZero();
            assertThat(e.proxy.engine().stats().reuse()).isEqualTo(H2_STREAMS);
        }
    }
}
