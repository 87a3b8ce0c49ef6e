package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.chaos.Chaos;
import dev.tether.examples.chaos.ChaosOptions;
import dev.tether.examples.chaos.ChaosResult;
import dev.tether.examples.origin.Fault;
import dev.tether.examples.proxy.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short chaos run per backend protocol (10 s each, every fault on at 5 %, a fixed seed): the proxy,
 * a child process, answers every request with the right intact body or a clean error, loses none, and
 * holds no more files at the end than at the start (give or take its logging and JIT threads' files).
 */
class ChaosTest {
    @ParameterizedTest
    @EnumSource(value = Backend.Protocol.class, names = {"H1", "H2C"}) // a plaintext origin
    void underFaultsNoAnswerIsWrongNoneIsLostAndNoFileIsLeaked(Backend.Protocol backend) throws Exception {
        ChaosOptions o = new ChaosOptions(10, 32, backend, backend == Backend.Protocol.H2C ? ReusePolicy.ALWAYS
                : ReusePolicy.SAFE, EnumSet.allOf(Fault.class), 0.05, 42, 0, null, 10);
        ChaosResult r = Chaos.run(o, System.out);
        System.out.println(r.table() + r.json());
        assertThat(r.requests()).as("the load ran").isGreaterThan(100);
        assertThat(r.cleanErrors()).as("the faults happened").isGreaterThan(0);
        assertThat(r.ok() + r.cleanErrors() + r.wrong() + r.lost()).isEqualTo(r.requests());
        assertThat(r.wrong()).as("wrong answers: %s", r.wrongSamples()).isZero();
        assertThat(r.lost()).isZero();
        assertThat(r.fdEnd() - r.fdStart()).as("the proxy's open files").isLessThanOrEqualTo(8);
    }
}
