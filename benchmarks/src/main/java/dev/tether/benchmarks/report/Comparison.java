package dev.tether.benchmarks.report;

import dev.tether.core.annotations.ThreadSafe;

/**
 * One row of the report: Tether and one peer measured in the same run, for the same benchmark,
 * thread count and parameters, with the speed ratio (peer time ÷ Tether time, so above 1 means
 * Tether is faster) and the goal the issue sets for that pair, if any.
 *
 * <p>Invariants: both scores are average times in the same unit; {@code goal} is {@code NaN} when
 * the issue sets none.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public final class Comparison {
    final String benchmark;
    final String params;
    final int threads;
    final String unit;
    final double tether;
    final double tetherError;
    final double tetherAlloc;
    final String peer;
    final double peerScore;
    final double peerError;
    final double peerAlloc;
    final double goal;

    Comparison(String benchmark, String params, int threads, String unit, double tether, double tetherError,
               double tetherAlloc, String peer, double peerScore, double peerError, double peerAlloc, double goal) {
        this.benchmark = benchmark;
        this.params = params;
        this.threads = threads;
        this.unit = unit;
        this.tether = tether;
        this.tetherError = tetherError;
        this.tetherAlloc = tetherAlloc;
        this.peer = peer;
        this.peerScore = peerScore;
        this.peerError = peerError;
        this.peerAlloc = peerAlloc;
        this.goal = goal;
    }

    /** {@return peer time ÷ Tether time: how many times faster Tether is} */
    public double ratio() {
        return peerScore / tether;
    }

    /** {@return "met", "missed" or "" when no goal applies} */
    public String verdict() {
        return Double.isNaN(goal) ? "" : ratio() >= goal ? "met" : "missed";
    }

    /** {@return a short label: benchmark, parameters, threads and peer} */
    public String label() {
        return benchmark.replace("Benchmark", "") + " " + params + " t=" + threads + " vs " + peer;
    }
}
