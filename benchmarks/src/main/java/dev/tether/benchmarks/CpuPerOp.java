package dev.tether.benchmarks;

import dev.tether.core.AcquireException;
import dev.tether.core.annotations.ThreadSafe;
import org.openjdk.jmh.infra.Blackhole;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;

/**
 * Question: how much CPU does one op of {@link AcquireReleaseBenchmark} or
 * {@link StreamAttachDetachBenchmark} cost its thread, on a machine that other work keeps busy?
 * Wall-clock time per op (what JMH reports) counts the time a thread waits for a core; a thread's
 * own CPU time does not, so it stays comparable between two runs while the load varies. Each thread
 * runs the same op as the JMH benchmark for a warm-up, then for {@code rounds} rounds of one second,
 * and divides its CPU time in each round by the ops it did; the median round is printed, one figure
 * per thread. Run Tether and its peer one after the other, alternated, and compare medians
 * ({@code benchmarks/cpu-per-op.sh} does that).
 *
 * <pre>
 *   java -cp benchmarks.jar dev.tether.benchmarks.CpuPerOp acquire POOL CONNECTIONS THREADS [ROUNDS]
 *   java -cp benchmarks.jar dev.tether.benchmarks.CpuPerOp attach POOL HELD [ROUNDS]
 * </pre>
 *
 * <p>Invariants: a thread's figure counts only the ops it ran inside its own rounds; all threads
 * start their warm-up together.
 *
 * <p>Thread safety: each measuring thread owns its client and its results slot; the main thread
 * reads the results after joining them.
 */
@ThreadSafe
public final class CpuPerOp {
    private static final long WARM_UP_NANOS = 3_000_000_000L;
    private static final long ROUND_NANOS = 1_000_000_000L;
    private static final int BATCH = 10_000;

    private CpuPerOp() {
    }

    /**
     * Runs one measurement and prints its line.
     *
     * @param args {@code acquire POOL CONNECTIONS THREADS [ROUNDS]} or {@code attach POOL HELD [ROUNDS]}
     * @throws Exception if the pool cannot be set up or a thread fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length >= 4 && args[0].equals("acquire")) {
            int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 5;
            acquire(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), rounds);
        } else if (args.length >= 3 && args[0].equals("attach")) {
            int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
            attach(args[1], Integer.parseInt(args[2]), rounds);
        } else {
            System.err.println("usage: CpuPerOp acquire POOL CONNECTIONS THREADS [ROUNDS] | attach POOL HELD [ROUNDS]");
            System.exit(2);
        }
    }

    private static void acquire(String pool, int connections, int threads, int rounds) throws Exception {
        PoolDriver driver = PoolDriver.create(pool, connections, threads);
        double[] medians = new double[threads];
        Throwable[] failures = new Throwable[threads];
        CyclicBarrier start = new CyclicBarrier(threads);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int index = t;
            workers[t] = new Thread(() -> {
                try {
                    PoolDriver.Client client = driver.client(index);
                    start.await();
                    medians[index] = measure(() -> client.release(client.acquire()), rounds);
                } catch (Throwable e) {
                    failures[index] = e;
                }
            }, "cpu-per-op-" + t);
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        driver.close();
        for (Throwable f : failures) {
            if (f != null) {
                throw new IllegalStateException("a measuring thread failed", f);
            }
        }
        print("acquire pool=" + pool + " connections=" + connections + " threads=" + threads, medians);
    }

    private static void attach(String pool, int held, int rounds) throws AcquireException {
        StreamAttachDetachBenchmark bench = new StreamAttachDetachBenchmark();
        bench.pool = pool;
        bench.held = held;
        bench.setUp();
        Blackhole sink = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        double median = measure(() -> {
            try {
                bench.attachDetach(sink);
            } catch (AcquireException e) {
                throw new IllegalStateException(e);
            }
        }, rounds);
        print("attach pool=" + pool + " held=" + held, new double[] {median});
    }

    /** Warms {@code op} up, then returns the median over {@code rounds} of this thread's CPU ns per op. */
    private static double measure(Runnable op, int rounds) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long warmEnd = System.nanoTime() + WARM_UP_NANOS;
        while (System.nanoTime() < warmEnd) {
            runBatch(op);
        }
        double[] perOp = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long cpu = mx.getCurrentThreadCpuTime();
            long ops = 0;
            long end = System.nanoTime() + ROUND_NANOS;
            while (System.nanoTime() < end) {
                runBatch(op);
                ops += BATCH;
            }
            perOp[r] = (mx.getCurrentThreadCpuTime() - cpu) / (double) ops;
        }
        Arrays.sort(perOp);
        return perOp[rounds / 2];
    }

    private static void runBatch(Runnable op) {
        for (int i = 0; i < BATCH; i++) {
            op.run();
        }
    }

    private static void print(String what, double[] medians) {
        StringBuilder line = new StringBuilder(what).append(" cpu-ns/op");
        for (double m : medians) {
            line.append(String.format(Locale.ROOT, " %.1f", m));
        }
        System.out.println(line);
    }
}
