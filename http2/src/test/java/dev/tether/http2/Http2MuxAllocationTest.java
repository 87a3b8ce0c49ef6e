package dev.tether.http2;

import dev.tether.testkit.RecordingMuxListener;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * attach + detach allocate nothing in steady state (handles are pooled; STYLE.md 26). Measured with
 * the thread's allocation counter, not a clock.
 */
class Http2MuxAllocationTest {
    private static final int ROUNDS = 100_000;

    @Test
    void attachAndDetachAllocateNothingInSteadyState() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Http2Mux mux = new Http2Mux(new RecordingMuxListener(), Http2Config.defaults());
        long flags = cycles(mux, ROUNDS); // warm-up: JIT, pool growth
        long before = threads.getCurrentThreadAllocatedBytes();
        flags += cycles(mux, ROUNDS);
        long perCycle = (threads.getCurrentThreadAllocatedBytes() - before) / ROUNDS;
        System.out.println("Http2MuxAllocationTest: " + perCycle + " bytes allocated per attach+detach");
        assertThat(flags).isZero();
        assertThat(perCycle).isLessThan(8);
    }

    private static long cycles(Http2Mux mux, int n) {
        long flags = 0;
        for (int i = 0; i < n; i++) {
            Http2Stream a = mux.attach(1);
            Http2Stream b = mux.attach(2);
            flags += mux.detach(a);
            flags += mux.detach(b);
            flags += mux.availableStreams() == 100 ? 0 : 1;
        }
        return flags;
    }
}
