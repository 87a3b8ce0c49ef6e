package dev.tether.testkit;

import java.lang.management.ManagementFactory;

/**
 * Measures what a piece of code allocates on the current thread, with
 * {@code ThreadMXBean.getCurrentThreadAllocatedBytes} (a byte count, not a clock). Allocation tests
 * use it for the path they guard and, as a positive control, for a variant that does allocate, so
 * that a meter that reads nothing cannot pass them.
 *
 * <p>Thread safety: stateless; measures the calling thread.
 */
public final class AllocationMeter {
    /** The operations to measure; may throw, which fails the measurement. */
    @FunctionalInterface
    public interface Batch {
        /** Runs the operations. */
        void run() throws Exception;
    }

    private AllocationMeter() {
    }

    /** Bytes the current thread allocated so far. */
    public static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /**
     * Runs {@code batch} once to warm up (JIT, pools, lazily grown storage), then again measured.
     *
     * @param operations how many operations one run of {@code batch} performs
     * @param batch the operations
     * @return bytes allocated per operation in the measured run
     */
    public static double bytesPerOperation(int operations, Batch batch) {
        try {
            batch.run();
            long before = allocatedBytes();
            batch.run();
            return (double) (allocatedBytes() - before) / operations;
        } catch (Exception e) {
            throw new AssertionError("the measured operations failed", e);
        }
    }
}
