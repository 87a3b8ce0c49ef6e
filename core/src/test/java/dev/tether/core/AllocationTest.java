package dev.tether.core;

import dev.tether.testkit.AllocationMeter;
import dev.tether.testkit.EngineHarness;
import org.junit.jupiter.api.Test;

import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acquire and release of a reused connection allocate nothing in steady state (issue: hot path),
 * measured with {@link AllocationMeter}; a positive control shows the same measurement failing for a
 * mux that allocates one handle per attach. Not a timing test.
 */
class AllocationTest {
    private static final int PAIRS = 100_000;

    /**
     * A mux that, like Tether's own, allocates nothing per attach: one preallocated stream handle;
     * or, for the positive control, a new handle per attach.
     */
    private static final class PreallocatedMux implements Mux<Stream> {
        private final boolean multiplexed;
        private final boolean allocatePerAttach;
        private final Stream handle = () -> 1L;
        private int open;

        PreallocatedMux(boolean multiplexed, boolean allocatePerAttach) {
            this.multiplexed = multiplexed;
            this.allocatePerAttach = allocatePerAttach;
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
            return allocatePerAttach ? new LeaseStream(lease) : handle;
        }

        @Override
        public int detach(Stream stream) {
            open--;
            return 0;
        }
    }

    /** The positive control's stream handle, one per attach. */
    private record LeaseStream(long lease) implements Stream {
    }

    private static double bytesPerPair(ReusePolicy policy, boolean multiplexed, boolean allocatingMux) throws Exception {
        ReuseEngine engine = ReuseEngine.builder(c -> {
            c.installMux(new PreallocatedMux(multiplexed, allocatingMux));
            return () -> { };
        }).build();
        Target t = engine.addTarget(TargetConfig.builder("T").policy(policy).build());
        Session s = engine.openSession(0);
        ReuseKey key = EngineHarness.key(t);
        for (int i = 0; i < 20_000; i++) {   // warm up: JIT, lease recycling, key buckets
            engine.release(engine.acquire(s, key, NONE, i), Outcome.COMPLETED, i);
        }
        double perPair = AllocationMeter.bytesPerOperation(PAIRS, () -> {
            for (int i = 0; i < PAIRS; i++) {
                long lease = engine.acquire(s, key, NONE, i);
                if (engine.lease(lease).stream() == null) {  // what a host does: find its stream
                    throw new AssertionError("no stream");
                }
                engine.release(lease, Outcome.COMPLETED, i);
            }
        });
        assertThat(engine.stats(t).reuse()).isGreaterThanOrEqualTo(2L * PAIRS);
        return perPair;
    }

    @Test
    void reusingAParkedConnectionAllocatesNothing() throws Exception {
        for (ReusePolicy policy : ReusePolicy.values()) {
            for (boolean multiplexed : new boolean[] {false, true}) {
                assertThat(bytesPerPair(policy, multiplexed, false)).as("%s multiplexed=%s", policy, multiplexed)
                        .isLessThan(0.5);
            }
        }
    }

    @Test
    void positiveControlTheSameMeasurementSeesAMuxThatAllocatesPerAttach() throws Exception {
        // One 16-byte handle per attach must show through the same meter.
        for (boolean multiplexed : new boolean[] {false, true}) {
            assertThat(bytesPerPair(ReusePolicy.SAFE, multiplexed, true)).as("multiplexed=%s", multiplexed)
                    .isGreaterThanOrEqualTo(12.0);
        }
    }
}
