package dev.tether.http2;

import dev.tether.testkit.FakeLease;
import dev.tether.testkit.RecordingMuxListener;

import dev.tether.core.Mux;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * attach + detach allocate nothing in steady state (handles are pooled; hot paths allocate nothing,
 * CONTRIBUTING.md). Measured with the thread's allocation counter, not a clock.
 */
class Http2MuxAllocationTest {
    private static final int ROUNDS = 100_000;

    @Test
    void attachAndDetachAllocateNothingInSteadyState() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Http2Mux mux = new Http2Mux(new RecordingMuxListener(), Http2Config.defaults());
        FakeLease lease = new FakeLease("a");
        long flags = cycles(mux, lease, ROUNDS); // warm-up: JIT, pool growth
        long before = threads.getCurrentThreadAllocatedBytes();
        flags += cycles(mux, lease, ROUNDS);
        long perCycle = (threads.getCurrentThreadAllocatedBytes() - before) / ROUNDS;
        System.out.println("Http2MuxAllocationTest: " + perCycle + " bytes allocated per attach+detach");
        assertThat(flags).isZero();
        assertThat(perCycle).isLessThan(8);
    }

    private static long cycles(Mux mux, FakeLease lease, int n) {
        long flags = 0;
        for (int i = 0; i < n; i++) {
            Object a = mux.attach(lease);
            Object b = mux.attach(lease);
            flags += mux.detach(a);
            flags += mux.detach(b);
            flags += mux.availableStreams() == 100 ? 0 : 1;
        }
        return flags;
    }
}
