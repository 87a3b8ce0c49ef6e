package dev.tether.benchmarks;

import dev.tether.core.annotations.ThreadSafe;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The {@code main} that each benchmark class delegates to: runs that class with {@code -prof gc}
 * and fails on the first error (CONTRIBUTING.md, benchmarks); the full suite runs through
 * {@code benchmarks/run-jmh.sh}.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class Benchmarks {
    private Benchmarks() {
    }

    /**
     * Runs one benchmark class with its annotated settings.
     *
     * @param benchmark the class
     * @throws RunnerException if a benchmark failed
     */
    static void run(Class<?> benchmark) throws RunnerException {
        new Runner(new OptionsBuilder()
                .include("\\." + benchmark.getSimpleName() + "\\.")
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .build()).run();
    }
}
