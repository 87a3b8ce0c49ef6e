package dev.tether.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docs/behaviour.md T45: defaults and validation of the settings (R2, R3). */
class LimitsTest {

    @Test
    void defaultsAreHaproxys() {
        // T45: R2
        ReuseLimits d = ReuseLimits.DEFAULTS;
        assertThat(d.maxIdlePerTarget()).isEqualTo(-1);
        assertThat(d.lowIdle()).isZero();
        assertThat(d.purgeDelayNanos()).isEqualTo(Duration.ofSeconds(5).toNanos());
        assertThat(d.maxReuse()).isEqualTo(-1);
        assertThat(d.maxLifetimeNanos()).isZero();
        assertThat(d.parkedIdleTimeoutNanos()).isZero();
        assertThat(d.maxConnectionsPerTarget()).isEqualTo(-1);
        assertThat(d.maxWaiters()).isZero();
        assertThat(d.acquireTimeoutNanos()).isZero();
        assertThat(TargetConfig.builder("t").build().policy()).isEqualTo(ReusePolicy.SAFE); // R1
        assertThat(ReuseLimits.builder().build()).isEqualTo(d).hasSameHashCodeAs(d);
        assertThat(d.toBuilder().build()).isEqualTo(d);
    }

    private static void rejects(Consumer<ReuseLimits.Builder> change, String message) {
        ReuseLimits.Builder b = ReuseLimits.builder();
        change.accept(b);
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void everyInvalidValueFailsNamingTheSettingAndTheValue() {
        // T45: R3
        rejects(b -> b.maxIdlePerTarget(-3), "maxIdlePerTarget < -1: -3");
        rejects(b -> b.maxReuse(-2), "maxReuse < -1: -2");
        rejects(b -> b.lowIdle(-1), "lowIdle < 0: -1");
        rejects(b -> b.purgeDelay(Duration.ofMillis(-1)), "purgeDelay < 0: PT-0.001S");
        rejects(b -> b.maxLifetime(Duration.ofSeconds(-1)), "maxLifetime < 0: PT-1S");
        rejects(b -> b.parkedIdleTimeout(Duration.ofSeconds(-1)), "parkedIdleTimeout < 0: PT-1S");
        rejects(b -> b.maxConnectionsPerTarget(-2), "maxConnectionsPerTarget < -1: -2");
        rejects(b -> b.maxConnectionsPerTarget(0), "maxConnectionsPerTarget must be -1 (off) or positive: 0");
        rejects(b -> b.maxWaiters(-1), "maxWaiters < 0: -1");
        rejects(b -> b.acquireTimeout(Duration.ofSeconds(-1)), "acquireTimeout < 0: PT-1S");
        assertThat(ReuseLimits.builder().purgeDelay(Duration.ZERO).build().purgeDelayNanos()).isZero();
    }

    @Test
    void engineSettingsAreValidatedToo() {
        // T45: R2, R3 — engine-scope settings
        ReuseEngineBuilder b = ReuseEngine.builder(c -> () -> { });
        assertThatThrownBy(() -> b.maxIdlePerSession(-1)).hasMessage("maxIdlePerSession < 0: -1");
        assertThatThrownBy(() -> b.loops(0)).hasMessage("loops < 1: 0");
        assertThatThrownBy(() -> b.budget(() -> 0, -1, 5)).hasMessage("budget low < 0: -1");
        assertThatThrownBy(() -> b.budget(() -> 0, 6, 5)).hasMessage("budget high < low: 5 < 6");
        assertThatThrownBy(() -> b.leaseLeakThreshold(Duration.ofSeconds(-1))).hasMessage("leaseLeakThreshold < 0: PT-1S");
        assertThatThrownBy(() -> TargetConfig.builder("")).hasMessage("name is empty");
    }
}
