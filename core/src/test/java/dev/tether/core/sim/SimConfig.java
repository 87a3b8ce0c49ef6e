package dev.tether.core.sim;

import dev.tether.core.ReusePolicy;

import java.util.SplittableRandom;

/**
 * The configuration of one simulation run, derived from its seed alone: two targets, each with a
 * policy, a mux kind and small limits; two or three keys (T1 has one or two, T2 one); the engine's
 * {@code maxIdlePerSession}. One event loop, budget disabled, extensions E1–E3, E5, E6 off.
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

        TargetSpec(SplittableRandom r) {
            ReusePolicy[] all = ReusePolicy.values();
            policy = all[r.nextInt(all.length)];
            dispatch = r.nextInt(12) == 0;
            h2 = r.nextBoolean();
            h2Cap = pick(r, new int[] {100, 100, 3, 2});
            maxIdlePerTarget = pick(r, new int[] {-1, -1, -1, 0, 1, 2, 3});
            maxReuse = pick(r, new int[] {-1, -1, -1, -1, 0, 1, 2, 4});
            lowIdle = pick(r, new int[] {0, 0, 0, 1, 2});
            purgeDelayNanos = pick(r, new int[] {5_000, 5_000, 1_000, 1_000, 0}) * 1_000_000L;
        }

        String describe() {
            return policy + (dispatch ? " dispatch" : "") + (h2 ? " h2(cap " + h2Cap + ")" : " h1")
                    + " maxIdlePerTarget=" + maxIdlePerTarget + " maxReuse=" + maxReuse
                    + " lowIdle=" + lowIdle + " purgeDelay=" + purgeDelayNanos / 1_000_000 + "ms";
        }
    }

    final long seed;
    final TargetSpec[] targets;
    /** The target of each key: key 0 and (with three keys) key 1 are T1's, the last key is T2's. */
    final int[] keyTarget;
    final int maxIdlePerSession;

    private SimConfig(long seed) {
        this.seed = seed;
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
        targets = new TargetSpec[] {new TargetSpec(r), new TargetSpec(r)};
        keyTarget = r.nextInt(3) == 0 ? new int[] {0, 1} : new int[] {0, 0, 1};
        maxIdlePerSession = pick(r, new int[] {5, 5, 2, 1, 0});
    }

    static SimConfig from(long seed) {
        return new SimConfig(seed);
    }

    int keys() {
        return keyTarget.length;
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
        StringBuilder sb = new StringBuilder("seed=" + seed + ", maxIdlePerSession=" + maxIdlePerSession);
        for (int t = 0; t < targets.length; t++) {
            sb.append("\n  T").append(t + 1).append(": ").append(targets[t].describe());
        }
        sb.append("\n  keys:");
        for (int k = 0; k < keys(); k++) {
            sb.append(' ').append(keyName(k)).append("->T").append(keyTarget[k] + 1);
        }
        return sb.toString();
    }

    static int pick(SplittableRandom r, int[] values) {
        return values[r.nextInt(values.length)];
    }
}
