package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acquire and release of a reused connection allocate nothing in steady state (issue: hot path),
 * measured with {@code ThreadMXBean.getThreadAllocatedBytes}. Not a timing test.
 */
class AllocationTest {
    private static final int PAIRS = 100_000;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** A mux that, like Tether's own, allocates nothing per attach: one preallocated stream handle. */
    private static final class PreallocatedMux implements Mux<Stream> {
        private final boolean multiplexed;
        private final Stream handle = () -> 1L;
        private int open;

        PreallocatedMux(boolean multiplexed) {
            this.multiplexed = multiplexed;
        }

        @Override
        public boolean multiplexed() {
            return multiplexed;
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public int availableStreams() {
            return (multiplexed ? 100 : 1) - open;
        }

        @Override
        public int usedStreams() {
            return open;
        }

        @Override
        public CloseReason unusableReason() {
            return null;
        }

        @Override
        public boolean firstExchange() {
            return false;
        }

        @Override
        public Stream attach(long lease) {
            open++;
            return handle;
        }

        @Override
        public int detach(Stream stream) {
            open--;
            return 0;
        }
    }

    private static double bytesPerPair(ReusePolicy policy, boolean multiplexed) throws Exception {
        ReuseEngine engine = ReuseEngine.builder(c -> {
            c.installMux(new PreallocatedMux(multiplexed));
            return () -> { };
        }).build();
        Target t = engine.addTarget(TargetConfig.builder("T").policy(policy).build());
        Session s = engine.openSession(0);
        ReuseKey key = EngineHarness.key(t);
        for (int i = 0; i < 20_000; i++) {   // warm up: JIT, lease recycling, key buckets
            engine.release(engine.acquire(s, key, NONE, i), Outcome.COMPLETED, i);
        }
        long before = allocatedBytes();
        for (int i = 0; i < PAIRS; i++) {
            long lease = engine.acquire(s, key, NONE, i);
            if (engine.lease(lease).stream() == null) {  // what a host does: find its stream
                throw new AssertionError("no stream");
            }
            engine.release(lease, Outcome.COMPLETED, i);
        }
        long allocated = allocatedBytes() - before;
        assertThat(engine.stats(t).reuse()).isGreaterThanOrEqualTo(PAIRS);
        return (double) allocated / PAIRS;
    }

    @Test
    void reusingAParkedConnectionAllocatesNothing() throws Exception {
        for (ReusePolicy policy : ReusePolicy.values()) {
            for (boolean multiplexed : new boolean[] {false, true}) {
                assertThat(bytesPerPair(policy, multiplexed)).as("%s multiplexed=%s", policy, multiplexed).isLessThan(0.5);
            }
        }
    }
}
