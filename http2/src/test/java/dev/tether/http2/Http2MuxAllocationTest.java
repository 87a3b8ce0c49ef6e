package dev.tether.http2;

import dev.tether.testkit.AllocationMeter;
import dev.tether.testkit.RecordingMuxListener;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * attach + detach allocate nothing in steady state (handles are pooled; hot paths allocate nothing, CONTRIBUTING.md). Measured with
 * the thread's allocation counter ({@link AllocationMeter}), not a clock; a positive control (a host
 * that wraps each handle in a new object) must show through the same measurement.
 */
class Http2MuxAllocationTest {
    private static final int ROUNDS = 100_000;

    /** Where the positive control keeps its wrappers, so they escape. */
    private static Object[] kept;

    private static double bytesPerCycle(boolean wrapEachHandle) {
        Http2Mux mux = new Http2Mux(new RecordingMuxListener(), Http2Config.defaults());
        long[] flags = new long[1];
        double perCycle = AllocationMeter.bytesPerOperation(ROUNDS,
                () -> flags[0] += cycles(mux, ROUNDS, wrapEachHandle));
        assertThat(flags[0]).isZero();
        return perCycle;
    }

    @Test
    void attachAndDetachAllocateNothingInSteadyState() {
        double perCycle = bytesPerCycle(false);
        System.out.println("Http2MuxAllocationTest: " + perCycle + " bytes allocated per attach+detach");
        assertThat(perCycle).isLessThan(8);
    }

    @Test
    void positiveControlTheSameMeasurementSeesAWrapperPerHandle() {
        // Two one-element arrays (16 bytes each) per cycle must show.
        assertThat(bytesPerCycle(true)).isGreaterThanOrEqualTo(24);
    }

    private static long cycles(Http2Mux mux, int n, boolean wrapEachHandle) {
        long flags = 0;
        for (int i = 0; i < n; i++) {
            Http2Stream a = mux.attach(1);
            Http2Stream b = mux.attach(2);
            if (wrapEachHandle) {
                kept = new Object[] {a};
                kept = new Object[] {b};
            }
            flags += mux.detach(a);
            flags += mux.detach(b);
            flags += mux.availableStreams() == 100 ? 0 : 1;
        }
        return flags;
    }
}
