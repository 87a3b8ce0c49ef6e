package dev.tether.benchmarks.report;

import dev.tether.core.annotations.ThreadSafe;

/**
 * The speed goals of the benchmarks issue, as minimum Tether ÷ peer ratios: acquire + release at
 * one thread ≥ 3× HttpCore 5 {@code StrictConnPool} and ≥ 1.5× Jetty {@code ConcurrentPool}; at two
 * threads ≥ 2× {@code LaxConnPool}; HPACK decode ≥ 1× Netty and Jetty. (The HTTP/2 attach + detach
 * goal is absolute, ≤ 100 ns and 0 B/op, and is read off the table.)
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class Goals {
    private Goals() {
    }

    /** The minimum ratio for a pair, or {@code NaN} when the issue sets none. */
    static double goal(String benchmark, int threads, String peer) {
        switch (benchmark) {
            case "AcquireReleaseBenchmark":
                if (threads == 1 && peer.equals("httpcore5-strict")) {
                    return 3.0;
                }
                if (threads == 1 && peer.equals("jetty-concurrent")) {
                    return 1.5;
                }
                if (threads == 2 && peer.equals("httpcore5-lax")) {
                    return 2.0;
                }
                return Double.NaN;
            case "HpackDecodeBenchmark":
                return 1.0;
            default:
                return Double.NaN;
        }
    }
}
