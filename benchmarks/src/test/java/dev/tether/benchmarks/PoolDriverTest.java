package dev.tether.benchmarks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every pool under test behaves the same from the benchmark's side: it reuses what was pre-filled. */
class PoolDriverTest {
    static Stream<String> pools() {
        return Stream.of(PoolDriver.NAMES);
    }

    private static FakeConnection connectionOf(Object lease) {
        if (lease instanceof dev.tether.core.Lease) {
            return (FakeConnection) ((dev.tether.core.Lease) lease).connection().transport();
        }
        if (lease instanceof org.apache.hc.core5.pool.PoolEntry) {
            return (FakeConnection) ((org.apache.hc.core5.pool.PoolEntry<?, ?>) lease).getConnection();
        }
        return (FakeConnection) ((org.eclipse.jetty.util.Pool.Entry<?>) lease).getPooled();
    }

    @ParameterizedTest
    @MethodSource("pools")
    void acquireReleaseCyclesOnlyThroughThePrefilledConnections(String pool) {
        try (PoolDriver driver = PoolDriver.create(pool, 4, 1)) {
            PoolDriver.Client client = driver.client(0);
            List<FakeConnection> seen = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Object lease = client.acquire();
                FakeConnection c = connectionOf(lease);
                assertThat(c.usedStreams()).isEqualTo(pool.equals("tether") ? 1 : 0);
                seen.add(c);
                client.release(lease);
            }
            assertThat(Set.copyOf(seen)).hasSizeLessThanOrEqualTo(4);
        }
    }

    @ParameterizedTest
    @MethodSource("pools")
    void aThreadThatFindsNothingIdleOpensAConnectionInsteadOfWaiting(String pool) {
        try (PoolDriver driver = PoolDriver.create(pool, 1, 2)) {
            Object first = driver.client(0).acquire();
            Object second = driver.client(1).acquire();
            assertThat(connectionOf(second)).isNotSameAs(connectionOf(first));
            driver.client(1).release(second);
            driver.client(0).release(first);
        }
    }

    @ParameterizedTest
    @MethodSource("pools")
    void aPoolNeedsAtLeastOneConnectionAndOneThread(String pool) {
        assertThatThrownBy(() -> PoolDriver.create(pool, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
