package dev.tether.benchmarks;

import dev.tether.testkit.ExternalResources;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every benchmark once, in this JVM, with every parameter combination and tiny iterations, so
 * that none rots. It asserts that each combination produced a result, never how fast it was.
 */
class BenchmarksSmokeTest {
    private static Collection<RunResult> runOnce(Class<?> benchmark, int threads) throws RunnerException {
        return new Runner(new OptionsBuilder()
                .include("\\." + benchmark.getSimpleName() + "\\.")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(20))
                .threads(threads)
                .shouldFailOnError(true)
                .build()).run();
    }

    private static void assertEveryResultHasAScore(Collection<RunResult> results, int combinations) {
        assertThat(results).hasSize(combinations);
        for (RunResult r : results) {
            assertThat(r.getPrimaryResult().getSampleCount()).as(r.getParams().toString()).isPositive();
            assertThat(r.getPrimaryResult().getScore()).as(r.getParams().toString()).isPositive();
        }
    }

    @Test
    void acquireReleaseRunsForEveryPoolAndSizeOnOneAndTwoThreads() throws RunnerException {
        assertEveryResultHasAScore(runOnce(AcquireReleaseBenchmark.class, 1), 4 * 3);
        assertEveryResultHasAScore(runOnce(AcquireReleaseBenchmark.class, 2), 4 * 3);
    }

    @Test
    void streamAttachDetachRunsForTetherAndJettyAtEveryFill() throws RunnerException {
        assertEveryResultHasAScore(runOnce(StreamAttachDetachBenchmark.class, 1), 2 * 3);
    }

    @Test
    void hpackDecodeRunsEveryDecoderOverEveryEncodersStories() throws RunnerException {
        ExternalResources.testdata("hpack-test-case"); // skips locally, fails under CI, when absent
        assertEveryResultHasAScore(runOnce(HpackDecodeBenchmark.class, 1), 3 * 3);
    }

    @Test
    void http1ParseRunsEveryParserOnEveryResponse() throws RunnerException {
        assertEveryResultHasAScore(runOnce(Http1ParseBenchmark.class, 1), 3 * 2);
    }

    @Test
    void proxyDataPathRunsRequestsThroughTheProxy() throws RunnerException {
        assertEveryResultHasAScore(runOnce(ProxyDataPathBenchmark.class, 1), 1);
    }
}
