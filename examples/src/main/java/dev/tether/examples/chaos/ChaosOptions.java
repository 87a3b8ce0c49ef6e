package dev.tether.examples.chaos;

import dev.tether.core.ReusePolicy;
import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.origin.Fault;
import dev.tether.examples.proxy.Backend;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * How a chaos run goes: its length, its clients, the backend protocol and policy, the origin's fault
 * mix, and an optional clean phase and sampling (the soak).
 *
 * <p>Invariants: {@code seconds ≥ 1}, {@code clients ≥ 1}, {@code 0 ≤ faultRate ≤ 1},
 * {@code cleanSeconds ≥ 0}, {@code sampleSeconds ≥ 1}.
 *
 * <p>Thread safety: immutable.
 *
 * @param seconds how long the faulted load runs
 * @param clients concurrent keep-alive clients
 * @param backend the protocol between proxy and origin
 * @param policy the proxy's reuse policy
 * @param faults the faults the origin draws from (empty: none)
 * @param faultRate the share of requests that get a fault
 * @param seed the seed of the origin's faults and of the clients' request mix
 * @param cleanSeconds how long the load goes on after the faults were switched off
 * @param sampleCsv where to write a sample of the proxy's state every {@code sampleSeconds}, or {@code null}
 * @param sampleSeconds the sampling period
 */
@ThreadSafe
public record ChaosOptions(int seconds, int clients, Backend.Protocol backend, ReusePolicy policy, Set<Fault> faults,
                           double faultRate, long seed, int cleanSeconds, Path sampleCsv, int sampleSeconds) {
    /** Checks the values and copies the set. */
    public ChaosOptions {
        if (seconds < 1 || clients < 1 || faultRate < 0 || faultRate > 1 || cleanSeconds < 0 || sampleSeconds < 1) {
            throw new IllegalArgumentException("chaos needs --seconds >= 1, --clients >= 1, --fault-rate in [0, 1]:"
                    + " seconds=" + seconds + ", clients=" + clients + ", faultRate=" + faultRate);
        }
        faults = faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults);
    }

    /** 60 s, 64 clients, h1, safe, every fault at 5 %, seed 1, no clean phase, no sampling. */
    public static ChaosOptions defaults() {
        return new ChaosOptions(60, 64, Backend.Protocol.H1, ReusePolicy.SAFE, EnumSet.allOf(Fault.class), 0.05, 1, 0,
                null, 10);
    }
}
