package dev.tether.examples;

import dev.tether.core.EngineStats;
import dev.tether.core.FailureClass;
import dev.tether.core.ReusePolicy;
import dev.tether.examples.load.BlockingHttpClient;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.proxy.Backend;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stale reuse (docs/behaviour.md T52, D5): the origin closes connections idle for a few milliseconds
 * while clients pause at random between GETs, so the proxy often picks a parked connection the
 * origin is closing. A GET that fails that way before any response byte is replayed once on a new
 * connection: no client ever sees an error, replays happened, and no more of them than the origin's
 * idle closes.
 */
class StaleReuseTest {
    private static final int CLIENTS = 16;
    private static final int REQUESTS = 5_000;

    @Test
    void getsNeverFailWhenTheOriginClosesIdleConnectionsUnderThem() throws Exception {
        try (E2e e = E2e.start(new OriginConfig(false, 0, 0, 3), Backend.Protocol.H1, ReusePolicy.ALWAYS, 2)) {
            AtomicInteger next = new AtomicInteger();
            AtomicInteger errors = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    long seed = 42 + c;
                    fs.add(pool.submit(() -> {
                        SplittableRandom random = new SplittableRandom(seed);
                        try (BlockingHttpClient client = new BlockingHttpClient(e.proxyAddress(), 10_000)) {
                            while (next.getAndIncrement() < REQUESTS) {
                                try {
                                    String path = random.nextInt(4) == 0 ? "/bytes/20000" : "/";
                                    BlockingHttpClient.Response r = client.get(path);
                                    if (r.status() != 200) {
                                        System.out.println("error " + r.status() + " " + r.header("x-tether-error"));
                                        errors.incrementAndGet();
                                    }
                                } catch (IOException io) {
                                    System.out.println("error " + io);
                                    errors.incrementAndGet();
                                }
                                // A client's think time (not a wait for a condition): 0 to 6 ms,
                                // around the origin's 3 ms idle close.
                                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(random.nextInt(6_000)));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            long replays = e.proxy.context().replays.get();
            EngineStats stats = e.proxy.engine().stats();
            System.out.println("stale reuse: replays=" + replays + ", origin idle closes=" + e.origin.idleCloses()
                    + ", stats=" + stats);
            assertThat(errors.get()).isZero();
            assertThat(e.proxy.context().errors.get()).isZero();
            // T52: stale picks happened and each was replayed (D5), and reuse still happened.
            assertThat(replays).as("replays").isPositive();
            assertThat(stats.failures(FailureClass.REPLAY_SAFE)).as("REPLAY_SAFE failures, each replayed once")
                    .isEqualTo(replays);
            assertThat(stats.reuseRatio()).isPositive();
            // The bound: a replay follows a failed reused HTTP/1 connection, which carried one request
            // and is then closed, and only the origin's idle close makes one fail here; so there are at
            // most as many replays as connections the origin closed while idle.
            assertThat(replays).as("replays <= origin idle closes").isLessThanOrEqualTo(e.origin.idleCloses());
            // The origin's own count: every request answered exactly once (a replayed one had not
            // been processed before).
            assertThat(e.origin.requests()).isEqualTo(REQUESTS);
        }
    }
}
