package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.load.BlockingHttpClient;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.proxy.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NTLM isolation (docs/behaviour.md R28–R30, T51): 50 concurrent client sessions against an NTLM origin,
 * under every policy: once a backend connection carried a session's challenge it is private to that
 * session, so no backend connection ever serves two sessions after the challenge, and none stays
 * private once its session closed.
 */
class NtlmIsolationTest {
    private static final int SESSIONS = 50;
    private static final int REQUESTS_AFTER_CHALLENGE = 6;

    @ParameterizedTest
    @EnumSource(ReusePolicy.class)
    void noBackendConnectionServesTwoClientSessionsAfterTheChallenge(ReusePolicy policy) throws Exception {
        try (E2e e = E2e.start(new OriginConfig(true, 0, 0, 0), Backend.Protocol.H1, policy, 2)) {
            Map<String, Set<Integer>> sessionsPerConnection = new ConcurrentHashMap<>();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(SESSIONS);
            try {
                List<Future<List<String>>> results = new ArrayList<>();
                for (int s = 0; s < SESSIONS; s++) {
                    int session = s;
                    results.add(pool.submit(() -> {
                        go.await(10, TimeUnit.SECONDS);
                        List<String> log = new ArrayList<>();
                        try (BlockingHttpClient c = new BlockingHttpClient(e.proxyAddress(), 10_000)) {
                            BlockingHttpClient.Response challenge = c.get("/");
                            assertThat(challenge.status()).isEqualTo(401);
                            assertThat(challenge.header("www-authenticate")).isEqualTo("NTLM");
                            String bound = challenge.header("x-conn-id");
                            for (int i = 0; i < REQUESTS_AFTER_CHALLENGE; i++) {
                                BlockingHttpClient.Response r = c.get("/");
                                assertThat(r.status()).as("session %d request %d", session, i).isEqualTo(200);
                                String id = r.header("x-conn-id");
                                assertThat(id).as("session %d stays on its authenticated connection", session)
                                        .isEqualTo(bound);
                                sessionsPerConnection.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(session);
                                log.add(id);
                            }
                        }
                        return log;
                    }));
                }
                go.countDown();
                for (Future<List<String>> f : results) {
                    assertThat(f.get(60, TimeUnit.SECONDS)).hasSize(REQUESTS_AFTER_CHALLENGE);
                }
            } finally {
                pool.shutdownNow();
            }
            for (Map.Entry<String, Set<Integer>> entry : sessionsPerConnection.entrySet()) {
                assertThat(entry.getValue()).as("sessions served by backend connection %s", entry.getKey()).hasSize(1);
            }
            assertThat(sessionsPerConnection).hasSize(SESSIONS);
            // T51: the private connections went with their sessions.
            assertThat(E2e.await(() -> e.proxy.engine().stats().privateIdle() == 0, 5_000))
                    .as("privateIdle after every client closed: %d", e.proxy.engine().stats().privateIdle()).isTrue();
        }
    }
}
