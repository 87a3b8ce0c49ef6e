package dev.tether.core.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Shrinks a failing step list: deletes chunks (halving their size down to single steps) while the
 * replay still fails with the same {@link SimViolation#category}, then renders the shortest list as
 * Java-like pseudo-code for a regression test.
 *
 * <p>Invariants: the returned list is a sub-sequence of the input that still fails the same way.
 *
 * <p>Thread safety: stateless.
 */
final class Shrinker {
    private Shrinker() {
    }

    static List<Step> shrink(long seed, List<Step> steps, String category, int maxReplays) {
        List<Step> current = new ArrayList<>(steps);
        int replays = 0;
        for (int chunk = Math.max(1, current.size() / 2); chunk >= 1 && replays < maxReplays; chunk /= 2) {
            boolean progress = true;
            while (progress && replays < maxReplays) {
                progress = false;
                for (int from = 0; from < current.size() && replays < maxReplays; ) {
                    List<Step> candidate = new ArrayList<>(current.subList(0, from));
                    candidate.addAll(current.subList(Math.min(current.size(), from + chunk), current.size()));
                    replays++;
                    SimViolation v = Simulation.replay(seed, candidate);
                    if (v != null && v.category.equals(category)) {
                        current = candidate;
                        progress = true;
                    } else {
                        from += chunk;
                    }
                }
            }
        }
        return current;
    }

    static String toJava(SimConfig config, List<Step> steps) {
        StringBuilder sb = new StringBuilder();
        sb.append("// ").append(config.describe().replace("\n", "\n// ")).append('\n');
        for (Step s : steps) {
            sb.append("    ").append(s.toJava(config)).append('\n');
        }
        sb.append("    finish(); // release every lease, close every session, maintain until purge runs out\n");
        return sb.toString();
    }
}
