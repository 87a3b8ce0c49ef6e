package dev.tether.examples.chaos;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.origin.Faults;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.origin.OriginServer;
import dev.tether.examples.proxy.Backend;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The {@code chaos} command: the embedded origin (in this process) injects a seeded mix of faults,
 * the proxy runs as a child process in front of it, and keep-alive clients check every answer. At the
 * end it waits for the proxy's pools to drain and reports what the clients saw and what the proxy
 * held before and after (see {@link ChaosResult}). With a clean phase the faults are switched off for
 * its length; with a sample file the proxy's open files, heap after GC, threads and backend
 * connections are written every period as CSV.
 *
 * <p>Invariants: the proxy and the origin are stopped when {@link #run} returns or throws.
 *
 * <p>Thread safety: {@link #run} is safe from any thread; each run has its own processes and threads.
 */
@ThreadSafe
public final class Chaos {
    /** The proxy's response timeout; a stall outlasts it (a clean 504). */
    static final int RESPONSE_TIMEOUT_MS = 2_000;
    static final int CLIENT_TIMEOUT_MS = 20_000;

    private Chaos() {
    }

    /**
     * Runs chaos.
     *
     * @param o the options
     * @param progress where progress lines go (stderr)
     * @return the summary
     * @throws IOException if the origin or the proxy cannot start
     * @throws InterruptedException if interrupted
     */
    public static ChaosResult run(ChaosOptions o, PrintStream progress) throws IOException, InterruptedException {
        Faults faults = new Faults(o.faults(), o.faultRate(), o.seed(), RESPONSE_TIMEOUT_MS + 500, 2);
        try (OriginServer origin = OriginServer.start(new InetSocketAddress("127.0.0.1", 0),
                OriginConfig.PLAIN.withFaults(faults), 2);
             ProxyProcess proxy = new ProxyProcess(List.of("--listen", "127.0.0.1:0", "--backend",
                     (o.backend() == Backend.Protocol.H2C ? "h2c://" : "h1://") + "127.0.0.1:" + origin.port(),
                     "--policy", o.policy().name().toLowerCase(Locale.ROOT), "--loops", "2",
                     "--response-timeout-ms", Integer.toString(RESPONSE_TIMEOUT_MS), "--purge-delay-ms", "1000"))) {
            progress.printf(Locale.ROOT, "chaos: proxy pid %d on port %d, origin on %d, %s, %d clients, %d s + %d s clean%n",
                    proxy.pid(), proxy.port(), origin.port(), faults, o.clients(), o.seconds(), o.cleanSeconds());
            int fdStart = settledFds(proxy);
            double heapStart = proxy.heapAfterGcMb();
            ChaosTally tally = new ChaosTally();
            load(o, proxy, faults, tally, progress);
            String stats = quiesce(proxy);
            int fdEnd = settledFds(proxy);
            double heapEnd = proxy.heapAfterGcMb();
            return new ChaosResult(tally.requests.sum(), tally.ok.sum(), tally.cleanErrors(), tally.cleanByReason(),
                    tally.wrong.sum(), tally.lost.sum(), ProxyProcess.number(stats, "replays"), tally.clientReplays.sum(),
                    ProxyProcess.number(stats, "connect"), fdStart, fdEnd, heapStart, heapEnd,
                    new ArrayList<>(tally.wrongSamples));
        }
    }

    private static void load(ChaosOptions o, ProxyProcess proxy, Faults faults, ChaosTally tally, PrintStream progress)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        long faultEnd = start + TimeUnit.SECONDS.toNanos(o.seconds());
        long end = faultEnd + TimeUnit.SECONDS.toNanos(o.cleanSeconds());
        List<Thread> clients = new ArrayList<>();
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", proxy.port());
        for (int i = 0; i < o.clients(); i++) {
            Thread t = new Thread(new ChaosClient(i, at, o.seed(), CLIENT_TIMEOUT_MS, tally,
                    () -> System.nanoTime() - end < 0), "chaos-client-" + i);
            t.setDaemon(true);
            clients.add(t);
            t.start();
        }
        try (PrintWriter csv = o.sampleCsv() == null ? null
                : new PrintWriter(Files.newBufferedWriter(o.sampleCsv(), StandardCharsets.UTF_8))) {
            if (csv != null) {
                csv.println("seconds,phase,fds,heap_mb,threads,backend_connections,requests,ok,clean_errors,wrong,lost");
            }
            long nextSample = start;
            long nextProgress = start + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() - end < 0) {
                long now = System.nanoTime();
                boolean faulting = now - faultEnd < 0;
                faults.enabled(faulting);
                if (csv != null && now - nextSample >= 0) {
                    sample(csv, proxy, tally, TimeUnit.NANOSECONDS.toSeconds(now - start), faulting);
                    nextSample += TimeUnit.SECONDS.toNanos(o.sampleSeconds());
                }
                if (now - nextProgress >= 0) {
                    progress.printf(Locale.ROOT, "chaos: %3d s %s requests=%,d ok=%,d clean=%,d wrong=%,d lost=%,d%n",
                            TimeUnit.NANOSECONDS.toSeconds(now - start), faulting ? "faults" : "clean ",
                            tally.requests.sum(), tally.ok.sum(), tally.cleanErrors(), tally.wrong.sum(), tally.lost.sum());
                    nextProgress += TimeUnit.SECONDS.toNanos(5);
                }
                TimeUnit.MILLISECONDS.sleep(100); // the pacing of a report loop, not a wait for a condition
            }
            for (Thread t : clients) {
                t.join(CLIENT_TIMEOUT_MS + 5_000);
            }
            if (csv != null) {
                sample(csv, proxy, tally, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), false);
            }
        }
    }

    private static void sample(PrintWriter csv, ProxyProcess proxy, ChaosTally tally, long seconds, boolean faulting)
            throws IOException {
        String stats = proxy.stats();
        csv.printf(Locale.ROOT, "%d,%s,%d,%.1f,%d,%d,%d,%d,%d,%d,%d%n", seconds, faulting ? "faults" : "clean",
                proxy.openFds(), proxy.heapAfterGcMb(), proxy.threads(), ProxyProcess.sum(stats, "open"),
                tally.requests.sum(), tally.ok.sum(), tally.cleanErrors(), tally.wrong.sum(), tally.lost.sum());
        csv.flush();
    }

    /** Waits (at most 30 s) until the proxy holds no client session but ours and no backend connection. */
    private static String quiesce(ProxyProcess proxy) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String stats = proxy.stats();
        while (System.nanoTime() - deadline < 0
                && (ProxyProcess.number(stats, "openSessions") > 1 || ProxyProcess.sum(stats, "open") > 0)) {
            TimeUnit.MILLISECONDS.sleep(250);
            stats = proxy.stats();
        }
        return stats;
    }

    /** The proxy's open files once they stopped changing for a second (lingering closes end), at most 10 s. */
    private static int settledFds(ProxyProcess proxy) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int last = proxy.openFds();
        while (System.nanoTime() - deadline < 0) {
            TimeUnit.SECONDS.sleep(1);
            int now = proxy.openFds();
            if (now == last) {
                return now;
            }
            last = now;
        }
        return last;
    }
}
