package dev.tether.examples.origin;

import dev.tether.core.annotations.ThreadSafe;

import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The origin's fault mix: which {@link Fault}s, how often, and their timings. Faults apply only to
 * requests that carry an {@code x-request-id} (a load's requests; never a health check). Each
 * connection draws from its own random sequence, seeded from {@link #seed()} and the connection's
 * number, so a run is repeatable connection by connection; {@link #enabled()} can be switched off
 * at run time (a soak's clean phase).
 *
 * <p>Invariants: {@code 0 ≤ rate ≤ 1}; times ≥ 1 ms.
 *
 * <p>Thread safety: thread-safe: immutable but for the {@code on} switch, which is volatile.
 */
@ThreadSafe
public final class Faults {
    /** No fault ever. */
    public static final Faults NONE = new Faults(EnumSet.noneOf(Fault.class), 0, 0, 1, 1);

    private final Set<Fault> kinds;
    private final Fault[] drawable;
    private final double rate;
    private final long seed;
    private final long stallMs;
    private final long dripMs;
    private volatile boolean on = true;

    /**
     * Creates a mix.
     *
     * @param kinds the faults to draw from
     * @param rate the share of requests that get a fault, in [0, 1]
     * @param seed the seed of every connection's sequence
     * @param stallMs how long {@link Fault#STALL} waits
     * @param dripMs the time between two bytes of {@link Fault#SLOW_DRIP}
     */
    public Faults(Set<Fault> kinds, double rate, long seed, long stallMs, long dripMs) {
        if (rate < 0 || rate > 1 || stallMs < 1 || dripMs < 1) {
            throw new IllegalArgumentException("fault rate must be in [0, 1] and times >= 1 ms: rate=" + rate
                    + ", stallMs=" + stallMs + ", dripMs=" + dripMs);
        }
        this.kinds = kinds.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(kinds);
        this.drawable = this.kinds.toArray(new Fault[0]);
        this.rate = rate;
        this.seed = seed;
        this.stallMs = stallMs;
        this.dripMs = dripMs;
    }

    /** The faults drawn from. */
    public Set<Fault> kinds() {
        return EnumSet.copyOf(kinds.isEmpty() ? EnumSet.noneOf(Fault.class) : kinds);
    }

    /** The share of requests that get a fault. */
    public double rate() {
        return rate;
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /** How long a stall lasts. */
    public long stallMs() {
        return stallMs;
    }

    /** The time between two dripped bytes. */
    public long dripMs() {
        return dripMs;
    }

    /** True while faults are injected. */
    public boolean enabled() {
        return on && drawable.length > 0 && rate > 0;
    }

    /** Switches the faults on or off for every connection, from any thread. */
    public void enabled(boolean value) {
        on = value;
    }

    /** A connection's own random sequence. */
    SplittableRandom sequence(long connectionId) {
        return new SplittableRandom(seed ^ (connectionId * 0x9E3779B97F4A7C15L));
    }

    /**
     * Draws the fault of one request, or none.
     *
     * @param random the connection's sequence
     * @return the fault, or {@code null}
     */
    Fault draw(SplittableRandom random) {
        if (!enabled()) {
            return null;
        }
        double d = random.nextDouble();
        return d < rate ? drawable[random.nextInt(drawable.length)] : null;
    }

    @Override
    public String toString() {
        return enabled() ? "faults=" + kinds + " rate=" + rate + " seed=" + seed : "faults=none";
    }
}
