package dev.tether.core.sim;

import dev.tether.core.ReusePolicy;

import java.util.SplittableRandom;

/**
 * The configuration of one simulation run, derived from its seed alone: one to three event loops,
 * whether they share parked connections, the connection budget's thresholds (or none), two targets
 * (each with a policy, a mux kind, which keys' muxes may migrate, small limits and, for two seeds in
 * three, the extensions E1–E3), two or three keys (T1 has one or two, T2 one), the engine's
 * {@code maxIdlePerSession} and E5's leak threshold.
 *
 * <p>Invariants: immutable; {@code from(seed)} always returns an equal configuration.
 *
 * <p>Thread safety: immutable.
 */
final class SimConfig {
    /** One target's settings. */
    static final class TargetSpec {
        final ReusePolicy policy;
        final boolean dispatch;
        final boolean h2;
        final int h2Cap;
        final int maxIdlePerTarget;
        final int maxReuse;
        final int lowIdle;
        final long purgeDelayNanos;
        /** Bit k set: the muxes of key k's connections cannot migrate to another loop (R59). */
        final int pinnedKeys;
        /** E1 {@code maxLifetime}, 0 = off. */
        final long maxLifetimeNanos;
        /** E2 {@code parkedIdleTimeout}, 0 = off. */
        final long parkedIdleTimeoutNanos;
        /** E3 {@code maxConnectionsPerTarget}, −1 = off. */
        final int maxConnections;
        /**
         * E3 {@code maxWaiters}; both targets' requests may wait, and their retries run in the order the
         * loops' executors got them, which the model follows.
         */
        final int maxWaiters;
        /** E3 {@code acquireTimeout}, 0 = none. */
        final long acquireTimeoutNanos;

        /** Draws E1–E3 from {@code ext} (a stream of its own, so that the rest keeps its seeds), or all off if null. */
        TargetSpec(SplittableRandom r, SplittableRandom ext, boolean waiters) {
            ReusePolicy[] all = ReusePolicy.values();
            policy = all[r.nextInt(all.length)];
            dispatch = r.nextInt(12) == 0;
            h2 = r.nextBoolean();
            h2Cap = pick(r, new int[] {100, 100, 3, 2});
            maxIdlePerTarget = pick(r, new int[] {-1, -1, -1, 0, 1, 2, 3});
            maxReuse = pick(r, new int[] {-1, -1, -1, -1, 0, 1, 2, 4});
            lowIdle = pick(r, new int[] {0, 0, 0, 1, 2});
            purgeDelayNanos = pick(r, new int[] {5_000, 5_000, 1_000, 1_000, 0}) * 1_000_000L;
            pinnedKeys = pick(r, new int[] {0, 0, 0, 0b111, 0b010, 0b101});
            boolean on = ext != null;
            maxLifetimeNanos = on ? pick(ext, new int[] {0, 0, 2_000, 7_000, 20_000}) * 1_000_000L : 0;
            parkedIdleTimeoutNanos = on ? pick(ext, new int[] {0, 0, 1_500, 4_000}) * 1_000_000L : 0;
            maxConnections = on ? pick(ext, new int[] {-1, -1, 1, 2, 3, 5}) : -1;
            maxWaiters = on && waiters ? pick(ext, new int[] {0, 1, 1, 3}) : 0;
            acquireTimeoutNanos = on ? pick(ext, new int[] {0, 1_000, 3_000}) * 1_000_000L : 0;
        }

        boolean pinned(int key) {
            return (pinnedKeys & (1 << key)) != 0;
        }

        String describe() {
            return policy + (dispatch ? " dispatch" : "") + (h2 ? " h2(cap " + h2Cap + ")" : " h1")
                    + " maxIdlePerTarget=" + maxIdlePerTarget + " maxReuse=" + maxReuse
                    + " lowIdle=" + lowIdle + " purgeDelay=" + purgeDelayNanos / 1_000_000 + "ms"
                    + (pinnedKeys != 0 ? " pinnedKeys=" + Integer.toBinaryString(pinnedKeys) : "")
                    + (maxLifetimeNanos > 0 ? " maxLifetime=" + maxLifetimeNanos / 1_000_000 + "ms" : "")
                    + (parkedIdleTimeoutNanos > 0 ? " parkedIdleTimeout=" + parkedIdleTimeoutNanos / 1_000_000 + "ms" : "")
                    + (maxConnections >= 0 ? " maxConnections=" + maxConnections + " maxWaiters=" + maxWaiters
                            + " acquireTimeout=" + acquireTimeoutNanos / 1_000_000 + "ms" : "");
        }
    }

    final long seed;
    final int loops;
    final boolean shareAcrossLoops;
    final TargetSpec[] targets;
    /** The target of each key: key 0 and (with three keys) key 1 are T1's, the last key is T2's. */
    final int[] keyTarget;
    final int maxIdlePerSession;
    /** The connection budget is on (R4): the host's {@code inUse} is set by BUDGET steps. */
    final boolean budget;
    final long budgetLow;
    final long budgetHigh;
    /** The extensions are drawn (E1–E3, E5, E6); off, the run is HAProxy's behaviour. */
    final boolean extensions;
    /** E5 {@code leaseLeakThreshold}, 0 = off. */
    final long leakThresholdNanos;

    private SimConfig(long seed) {
        this.seed = seed;
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
        SplittableRandom e = new SplittableRandom(seed * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL);
        extensions = e.nextInt(3) != 0;
        SplittableRandom ext = extensions ? e : null;
        targets = new TargetSpec[] {new TargetSpec(r, ext, true), new TargetSpec(r, ext, true)};
        keyTarget = r.nextInt(3) == 0 ? new int[] {0, 1} : new int[] {0, 0, 1};
        maxIdlePerSession = pick(r, new int[] {5, 5, 2, 1, 0});
        loops = pick(r, new int[] {1, 2, 2, 2, 3, 3});
        shareAcrossLoops = r.nextInt(4) != 0;
        budget = r.nextInt(3) != 0;
        budgetLow = pick(r, new int[] {0, 2, 4});
        budgetHigh = budgetLow + pick(r, new int[] {0, 2, 5});
        leakThresholdNanos = extensions ? pick(e, new int[] {0, 0, 3_000}) * 1_000_000L : 0;
    }

    static SimConfig from(long seed) {
        return new SimConfig(seed);
    }

    int keys() {
        return keyTarget.length;
    }

    /** The event loop of a session: fixed by its id, so that shrinking keeps it. */
    int loopOf(int session) {
        return session % loops;
    }

    String keyName(int key) {
        int t = keyTarget[key];
        int nth = 0;
        for (int k = 0; k < key; k++) {
            if (keyTarget[k] == t) {
                nth++;
            }
        }
        return "K" + (t + 1) + (char) ('a' + nth);
    }

    String describe() {
        StringBuilder sb = new StringBuilder("seed=" + seed + ", loops=" + loops
                + (loops > 1 ? ", shareAcrossLoops=" + shareAcrossLoops : "")
                + ", maxIdlePerSession=" + maxIdlePerSession
                + (budget ? ", budget low=" + budgetLow + " high=" + budgetHigh : "")
                + (leakThresholdNanos > 0 ? ", leaseLeakThreshold=" + leakThresholdNanos / 1_000_000 + "ms" : ""));
        for (int t = 0; t < targets.length; t++) {
            sb.append("\n  T").append(t + 1).append(": ").append(targets[t].describe());
        }
        sb.append("\n  keys:");
        for (int k = 0; k < keys(); k++) {
            sb.append(' ').append(keyName(k)).append("->T").append(keyTarget[k] + 1);
        }
        sb.append("\n  session sN is on loop N % ").append(loops);
        return sb.toString();
    }

    static int pick(SplittableRandom r, int[] values) {
        return values[r.nextInt(values.length)];
    }
}
