package dev.tether.benchmarks;

import dev.tether.core.annotations.ThreadSafe;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.LaxConnPool;
import org.apache.hc.core5.pool.ManagedConnPool;
import org.apache.hc.core5.pool.PoolEntry;
import org.apache.hc.core5.pool.StrictConnPool;
import org.apache.hc.core5.util.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * HttpCore 5's {@link StrictConnPool} (one lock, exact totals) or {@link LaxConnPool} (per-route,
 * lock-free where it can) as a {@link PoolDriver}, with default settings (LIFO reuse, no time to
 * live), one route, and room for {@code connections + threads} connections.
 *
 * <p>An acquire is {@code lease(route, null, DISABLED, null).get()}: the future is already complete
 * when an idle connection exists; an entry without a connection gets a new {@link FakeConnection},
 * as HttpCore's callers do.
 *
 * <p>Thread safety: the HttpCore pools are thread-safe; clients are stateless.
 */
@ThreadSafe
final class HttpCorePoolDriver implements PoolDriver {
    private static final String ROUTE = "http://127.0.0.1:9000";

    private final ManagedConnPool<String, FakeConnection> pool;
    private final Client client;

    private HttpCorePoolDriver(ManagedConnPool<String, FakeConnection> pool, int connections) {
        this.pool = pool;
        this.client = new HttpCoreClient(pool);
        List<Object> leases = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            leases.add(client.acquire());
        }
        for (Object lease : leases) {
            client.release(lease);
        }
        int available = pool.getStats(ROUTE).getAvailable();
        if (available != connections) {
            throw new IllegalStateException("pre-fill left " + available + " of " + connections + " available");
        }
    }

    static HttpCorePoolDriver strict(int connections, int threads) {
        int max = connections + threads;
        return new HttpCorePoolDriver(new StrictConnPool<>(max, max), connections);
    }

    static HttpCorePoolDriver lax(int connections, int threads) {
        return new HttpCorePoolDriver(new LaxConnPool<>(connections + threads), connections);
    }

    @Override
    public Client client(int threadIndex) {
        return client;
    }

    @Override
    public void close() {
        pool.close(CloseMode.IMMEDIATE);
    }

    /** Leases and releases on the shared pool. Thread safety: stateless, so shared by all threads. */
    private static final class HttpCoreClient implements Client {
        private final ManagedConnPool<String, FakeConnection> pool;

        HttpCoreClient(ManagedConnPool<String, FakeConnection> pool) {
            this.pool = pool;
        }

        @Override
        public Object acquire() {
            Future<PoolEntry<String, FakeConnection>> future = pool.lease(ROUTE, null, Timeout.DISABLED, null);
            PoolEntry<String, FakeConnection> entry;
            try {
                entry = future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
            if (!entry.hasConnection()) {
                entry.assignConnection(new FakeConnection());
            }
            return entry;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void release(Object lease) {
            pool.release((PoolEntry<String, FakeConnection>) lease, true);
        }
    }
}
