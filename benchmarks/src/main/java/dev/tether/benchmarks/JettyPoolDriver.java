package dev.tether.benchmarks;

import dev.tether.core.annotations.ThreadSafe;
import org.eclipse.jetty.util.ConcurrentPool;
import org.eclipse.jetty.util.Pool;

/**
 * Jetty's {@link ConcurrentPool} (the pool under Jetty's HttpClient connection pools) as a
 * {@link PoolDriver}: strategy {@code FIRST}, as Jetty's duplex and multiplex connection pools use,
 * room for {@code connections + threads} entries, one stream per connection.
 *
 * <p>An acquire is {@code pool.acquire()}; when it finds nothing idle, {@code reserve()} and
 * {@code enable(new FakeConnection(), true)}, as Jetty's client does when it opens a connection.
 *
 * <p>Thread safety: the pool is thread-safe; the client is stateless.
 */
@ThreadSafe
final class JettyPoolDriver implements PoolDriver {
    private final ConcurrentPool<FakeConnection> pool;
    private final Client client;

    JettyPoolDriver(int connections, int threads) {
        this.pool = new ConcurrentPool<>(ConcurrentPool.StrategyType.FIRST, connections + threads);
        this.client = new JettyClient(pool);
        for (int i = 0; i < connections; i++) {
            Pool.Entry<FakeConnection> entry = pool.reserve();
            if (entry == null || !entry.enable(new FakeConnection(), false)) {
                throw new IllegalStateException("pre-fill failed at " + i + ": " + pool);
            }
        }
        if (pool.getIdleCount() != connections) {
            throw new IllegalStateException("pre-fill left " + pool.getIdleCount() + " of " + connections + " idle");
        }
    }

    @Override
    public Client client(int threadIndex) {
        return client;
    }

    @Override
    public void close() {
        pool.terminate();
    }

    /** Acquires and releases entries. Thread safety: stateless, so shared by all threads. */
    private static final class JettyClient implements Client {
        private final ConcurrentPool<FakeConnection> pool;

        JettyClient(ConcurrentPool<FakeConnection> pool) {
            this.pool = pool;
        }

        @Override
        public Object acquire() {
            Pool.Entry<FakeConnection> entry = pool.acquire();
            if (entry == null) {
                entry = pool.reserve();
                if (entry == null || !entry.enable(new FakeConnection(), true)) {
                    throw new IllegalStateException("pool exhausted: " + pool);
                }
            }
            return entry;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void release(Object lease) {
            if (!((Pool.Entry<FakeConnection>) lease).release()) {
                throw new IllegalStateException("release failed: " + lease);
            }
        }
    }
}
