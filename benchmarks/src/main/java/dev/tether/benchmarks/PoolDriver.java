package dev.tether.benchmarks;

import dev.tether.core.annotations.ThreadSafe;

/**
 * A pool under test, behind the same two calls for every implementation, so that the measured
 * method of {@link AcquireReleaseBenchmark} is identical for all of them: each benchmark thread gets
 * its own {@link Client} and calls {@link Client#acquire()} then {@link Client#release(Object)}.
 *
 * <p>Invariants: after {@link #create} the pool holds {@code connections} idle {@link FakeConnection}s
 * to one target and may grow to {@code connections + threads}, so that a thread that finds nothing
 * idle opens a fake connection (instantly) instead of waiting; in steady state every acquire reuses
 * a pooled connection.
 *
 * <p>Thread safety: {@link #client} and {@link #close} are called by JMH's setup and teardown; each
 * {@link Client} is confined to its benchmark thread; the pools themselves are thread-safe.
 */
@ThreadSafe
public interface PoolDriver extends AutoCloseable {
    /** The {@code @Param} values, in the order the report shows them; Tether first. */
    String[] NAMES = {"tether", "httpcore5-strict", "httpcore5-lax", "jetty-concurrent"};

    /**
     * A benchmark thread's handle on the pool.
     *
     * <p>Thread safety: confined to one benchmark thread.
     */
    interface Client {
        /**
         * Takes a connection out of the pool (or opens one when none is idle).
         *
         * @return the lease, to be passed to {@link #release}
         */
        Object acquire();

        /**
         * Returns a lease's connection to the pool as reusable.
         *
         * @param lease what {@link #acquire} returned
         */
        void release(Object lease);
    }

    /**
     * A client for one benchmark thread.
     *
     * @param threadIndex the JMH thread index, {@code 0 ≤ threadIndex < threads}
     * @return the thread's client
     */
    Client client(int threadIndex);

    @Override
    void close();

    /**
     * Builds a pool pre-filled with idle connections.
     *
     * @param name one of {@link #NAMES}
     * @param connections idle connections to pre-fill
     * @param threads benchmark threads that will use it
     * @return the pool
     */
    static PoolDriver create(String name, int connections, int threads) {
        if (connections < 1 || threads < 1) {
            throw new IllegalArgumentException("connections and threads must be ≥ 1: " + connections + ", " + threads);
        }
        switch (name) {
            case "tether":
                return new TetherPoolDriver(connections, threads);
            case "httpcore5-strict":
                return HttpCorePoolDriver.strict(connections, threads);
            case "httpcore5-lax":
                return HttpCorePoolDriver.lax(connections, threads);
            case "jetty-concurrent":
                return new JettyPoolDriver(connections, threads);
            default:
                throw new IllegalArgumentException("unknown pool: " + name);
        }
    }
}
