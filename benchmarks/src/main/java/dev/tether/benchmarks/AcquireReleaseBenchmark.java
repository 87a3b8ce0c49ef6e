package dev.tether.benchmarks;

import dev.tether.core.annotations.ThreadSafe;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.ThreadParams;
import org.openjdk.jmh.runner.RunnerException;

import java.util.concurrent.TimeUnit;

/**
 * Question: how long does it take to acquire a reused connection from a pool and release it again,
 * in Tether and in the pools Java users have today? One op is one acquire plus one release of an
 * idle {@link FakeConnection} to one target, through the same {@link PoolDriver.Client} calls for
 * every pool; {@code pool} selects the implementation and {@code connections} how many idle
 * connections are pre-filled. Run it at {@code -t 1} and {@code -t 2} (the machine has two cores).
 *
 * <p>Invariants: the measured method touches no shared counter of its own; the lease goes to a
 * {@link Blackhole}; every comparison is a {@code @Param} of the same run.
 *
 * <p>Thread safety: JMH's states; the pool is shared ({@link Scope#Benchmark}), each thread has its
 * own {@link Worker}.
 */
@ThreadSafe
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class AcquireReleaseBenchmark {
    @Param({"tether", "httpcore5-strict", "httpcore5-lax", "jetty-concurrent"})
    public String pool;

    @Param({"1", "16", "256"})
    public int connections;

    PoolDriver driver;

    /**
     * Builds and pre-fills the pool for this trial.
     *
     * @param params JMH's parameters (for the thread count)
     */
    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        driver = PoolDriver.create(pool, connections, params.getThreads());
    }

    /** Closes the pool. */
    @TearDown(Level.Trial)
    public void tearDown() {
        driver.close();
    }

    /**
     * One benchmark thread's client of the pool.
     *
     * <p>Thread safety: confined to its benchmark thread.
     */
    @ThreadSafe
    @State(Scope.Thread)
    public static class Worker {
        PoolDriver.Client client;

        /**
         * Opens the thread's client.
         *
         * @param bench the shared state
         * @param thread JMH's thread parameters
         */
        @Setup(Level.Trial)
        public void setUp(AcquireReleaseBenchmark bench, ThreadParams thread) {
            client = bench.driver.client(thread.getThreadIndex());
        }
    }

    /**
     * Acquires a connection, sinks it, releases it.
     *
     * @param worker the thread's client
     * @param sink JMH's sink
     */
    @Benchmark
    public void acquireRelease(Worker worker, Blackhole sink) {
        Object lease = worker.client.acquire();
        sink.consume(lease);
        worker.client.release(lease);
    }

    /**
     * Runs this benchmark alone.
     *
     * @param args ignored
     * @throws RunnerException if a benchmark failed
     */
    public static void main(String[] args) throws RunnerException {
        Benchmarks.run(AcquireReleaseBenchmark.class);
    }
}
