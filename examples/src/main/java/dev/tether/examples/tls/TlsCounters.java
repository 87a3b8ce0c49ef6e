package dev.tether.examples.tls;

import dev.tether.core.annotations.ThreadSafe;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The TLS counters of one backend target (or of the TLS front): full and resumed handshakes, failed
 * ones by {@link TlsFailure} kind, negotiated protocols, and a histogram of handshake times for
 * p50/p99.
 *
 * <p>Invariants: counters only grow; {@code full + resumed} equals the histogram's count; the
 * histogram has four buckets per power of two of microseconds, so a percentile is exact to within
 * 19 % (it reports its bucket's upper bound).
 *
 * <p>Thread safety: safe from any thread (adders and an atomic array); reads are not a consistent
 * snapshot across counters.
 */
@ThreadSafe
public final class TlsCounters implements HandshakeObserver {
    private static final int SUB = 4;
    private static final int BUCKETS = 40 * SUB;

    private final LongAdder full = new LongAdder();
    private final LongAdder resumed = new LongAdder();
    private final LongAdder h2 = new LongAdder();
    private final LongAdder http11 = new LongAdder();
    private final LongAdder noAlpn = new LongAdder();
    private final LongAdder[] failures = new LongAdder[TlsFailure.values().length];
    private final AtomicLongArray micros = new AtomicLongArray(BUCKETS);

    /** Empty counters. */
    public TlsCounters() {
        for (int i = 0; i < failures.length; i++) {
            failures[i] = new LongAdder();
        }
    }

    @Override
    public void handshakeDone(long nanos, boolean wasResumed, String protocol) {
        (wasResumed ? resumed : full).increment();
        switch (protocol) {
            case "h2" -> h2.increment();
            case "http/1.1" -> http11.increment();
            default -> noAlpn.increment();
        }
        micros.incrementAndGet(bucket(Math.max(1, nanos / 1_000)));
    }

    @Override
    public void handshakeFailed(TlsException failure) {
        failures[failure.kind().ordinal()].increment();
    }

    /**
     * Counts a failure of {@code kind} reported by something other than an endpoint.
     *
     * @param kind the kind
     */
    public void failed(TlsFailure kind) {
        failures[kind.ordinal()].increment();
    }

    /** Handshakes with a full key exchange. */
    public long fullHandshakes() {
        return full.sum();
    }

    /** Handshakes that resumed an earlier session. */
    public long resumedHandshakes() {
        return resumed.sum();
    }

    /** Handshakes that failed with {@code kind}. */
    public long failures(TlsFailure kind) {
        return failures[kind.ordinal()].sum();
    }

    /** Handshakes that negotiated {@code h2}, {@code http/1.1} or (for any other value) no ALPN protocol. */
    public long negotiated(String protocol) {
        return switch (protocol) {
            case "h2" -> h2.sum();
            case "http/1.1" -> http11.sum();
            default -> noAlpn.sum();
        };
    }

    /**
     * A percentile of the handshake times.
     *
     * @param p the percentile, 0 &lt; p ≤ 100
     * @return microseconds (the upper bound of the bucket holding it), or 0 before any handshake
     */
    public long handshakeMicros(double p) {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += micros.get(i);
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(total * p / 100.0);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += micros.get(i);
            if (seen >= rank) {
                return upperBound(i);
            }
        }
        return upperBound(BUCKETS - 1);
    }

    /** Bucket of {@code v} ≥ 1: its own below 8, else four per power of two (the two bits after the leading one). */
    static int bucket(long v) {
        if (v < 8) {
            return (int) v;
        }
        int log = 63 - Long.numberOfLeadingZeros(v);
        return Math.min(BUCKETS - 1, log * SUB + ((int) (v >>> (log - 2)) & (SUB - 1)));
    }

    /** The largest value in bucket {@code i}. */
    static long upperBound(int i) {
        if (i < 8) {
            return i;
        }
        int log = i / SUB;
        return (1L << log) + ((long) (i % SUB + 1) << (log - 2)) - 1;
    }
}
