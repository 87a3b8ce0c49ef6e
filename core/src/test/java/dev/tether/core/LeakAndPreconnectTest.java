package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.tether.core.RequestTraits.FIRST;
import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/behaviour.md T49: lease leak detection (E5) and pre-connect (E6). */
class LeakAndPreconnectTest {

    @Test
    void aLeaseHeldTooLongIsReportedOnceWithWhereItWasAcquired() throws Exception {
        // T49: E5
        List<Throwable> leaks = new ArrayList<>();
        EngineHarness h = new EngineHarness(b -> b.leaseLeakThreshold(Duration.ofSeconds(30)).listener(new ReuseListener() {
            @Override
            public void onLeaseLeak(Lease lease, Throwable acquiredAt) {
                leaks.add(acquiredAt);
            }
        }));
        Target t = h.target("T", ReusePolicy.SAFE);
        Lease held = h.acquire(h.session(), t, NONE);
        Lease returned = h.acquire(h.session(), t, NONE);
        h.release(returned);
        assertThat(h.maintain()).isEqualTo(TimeUnit.SECONDS.toNanos(5));
        h.clock.advance(30, TimeUnit.SECONDS);
        h.maintain();
        h.clock.advance(30, TimeUnit.SECONDS);
        h.maintain();
        assertThat(leaks).hasSize(1);
        assertThat(leaks.get(0).getStackTrace()).anySatisfy(e -> assertThat(e.getMethodName())
                .isEqualTo("aLeaseHeldTooLongIsReportedOnceWithWhereItWasAcquired"));
        h.release(held);
    }

    @Test
    void withoutAThresholdNoStackIsCaptured() throws Exception {
        // T49: E5 off by default
        List<Lease> leaks = new ArrayList<>();
        EngineHarness h = new EngineHarness(b -> b.listener(new ReuseListener() {
            @Override
            public void onLeaseLeak(Lease lease, Throwable acquiredAt) {
                leaks.add(lease);
            }
        }));
        Target t = h.target("T", ReusePolicy.SAFE);
        h.acquire(h.session(), t, NONE);
        h.clock.advance(1, TimeUnit.DAYS);
        h.maintain();
        assertThat(leaks).isEmpty();
    }

    @Test
    void preconnectKeepsConnectionsParkedIdleUnusedByFirstRequestsAndSparedByPurge() throws Exception {
        // T49: E6
        EngineHarness h = new EngineHarness();
        Target t = h.target("T", ReusePolicy.SAFE);
        ReuseKey k = EngineHarness.key(t);
        h.engine.preconnect(k, 3);
        h.maintain();
        TargetStats st = h.stats(t);
        assertThat(st.connects(ConnectReason.PRECONNECT)).isEqualTo(3);
        assertThat(st.idle()).isEqualTo(3);
        Lease first = h.acquire(h.session(), t, FIRST);
        assertThat(first.reused()).isFalse();
        h.release(first, Outcome.FAILED);
        for (int i = 0; i < 10; i++) {
            h.clock.advance(5, TimeUnit.SECONDS);
            h.maintain();
        }
        assertThat(h.stats(t).idle()).isEqualTo(3);
        Lease sub = h.acquire(h.session(), t, NONE);
        assertThat(sub.reused()).isTrue();
        h.release(sub, Outcome.FAILED);
        h.maintain();
        assertThat(h.stats(t).connects(ConnectReason.PRECONNECT)).isEqualTo(4); // topped up again
    }
}
