package dev.tether.core.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs one seed: generates and executes its steps against the engine and the model
 * ({@link #generate}), or replays a given step list ({@link #replay}), each followed by
 * {@link SimRun#finish()}.
 *
 * <p>Invariants: the same seed always generates the same configuration and steps; replaying the
 * generated list reproduces the same run.
 *
 * <p>Thread safety: stateless.
 */
final class Simulation {
    /** The result of one seed. */
    static final class Result {
        final long seed;
        final List<Step> steps;
        final SimViolation violation;

        Result(long seed, List<Step> steps, SimViolation violation) {
            this.seed = seed;
            this.steps = steps;
            this.violation = violation;
        }
    }

    private Simulation() {
    }

    static Result generate(long seed, int steps, Coverage coverage) {
        SimConfig config = SimConfig.from(seed);
        if (coverage != null) {
            coverage.run(config);
        }
        SimRun run = new SimRun(config, coverage);
        StepGenerator generator = new StepGenerator(new SplittableRandom(seed), run);
        List<Step> list = new ArrayList<>(steps);
        try {
            for (int i = 0; i < steps; i++) {
                Step s = generator.next(i);
                list.add(s);
                run.execute(s);
            }
            run.finish();
            return new Result(seed, list, null);
        } catch (SimViolation v) {
            return new Result(seed, list, v);
        } catch (RuntimeException | AssertionError e) {
            return new Result(seed, list, new SimViolation("exception in harness", e));
        }
    }

    /** Replays {@code steps} for {@code seed}'s configuration; returns the violation, or null. */
    static SimViolation replay(long seed, List<Step> steps) {
        SimRun run = new SimRun(SimConfig.from(seed), null);
        try {
            for (Step s : steps) {
                run.execute(s);
            }
            run.finish();
            return null;
        } catch (SimViolation v) {
            return v;
        } catch (RuntimeException | AssertionError e) {
            return new SimViolation("exception in harness", e);
        }
    }
}
