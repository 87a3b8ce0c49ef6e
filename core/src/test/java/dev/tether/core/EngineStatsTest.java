package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.tether.core.RequestTraits.FIRST;
import static dev.tether.core.RequestTraits.FRESH_ONLY;
import static dev.tether.core.RequestTraits.NONE;
import static dev.tether.core.RequestTraits.RETRY_SAFE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/behaviour.md §4: the engine's figures are the sums of its targets' (takeovers and sessions are
 * engine-wide only); and what a lease and its traits report to the host.
 */
class EngineStatsTest {
    private final EngineHarness h = new EngineHarness();

    @Test
    void engineFiguresAreTheSumsOfItsTargets() throws Exception {
        // §4, E4, R71
        Target a = h.target("A", ReusePolicy.SAFE);
        Target b = h.target("B", ReusePolicy.NEVER);
        Session s = h.session();
        Lease a1 = h.acquire(s, a, NONE);
        h.release(a1);                                    // A: one parked
        Lease a2 = h.acquire(h.session(), a, NONE);       // reused
        Lease a3 = h.acquire(h.session(), a, FRESH_ONLY); // a second, STALE_RETRY
        Lease b1 = h.acquire(s, b, NONE);
        h.release(b1);                                    // B: private idle
        Lease b2 = h.acquire(h.session(), b, NONE);       // private busy
        h.release(a3, Outcome.FAILED);                    // a fresh failure on A
        EngineStats e = h.engine.stats();
        TargetStats sa = h.stats(a);
        TargetStats sb = h.stats(b);
        assertThat(e.targets()).hasSize(2);
        assertThat(e.connect()).isEqualTo(sa.connect() + sb.connect()).isEqualTo(4);
        assertThat(e.reuse()).isEqualTo(sa.reuse() + sb.reuse()).isEqualTo(1);
        assertThat(e.reuseRatio()).isEqualTo(1.0 / 5);
        assertThat(e.used()).isEqualTo(sa.used() + sb.used()).isEqualTo(1);
        assertThat(e.idle() + e.safe()).isEqualTo(sa.idle() + sa.safe() + sb.idle() + sb.safe());
        assertThat(e.privateBusy()).isEqualTo(1);
        assertThat(e.privateIdle()).isEqualTo(1);
        assertThat(e.needEstimate()).isEqualTo(sa.needEstimate() + sb.needEstimate()).isPositive();
        assertThat(e.connects(ConnectReason.STALE_RETRY)).isEqualTo(1);
        assertThat(e.connects(ConnectReason.POLICY_NEVER)).isEqualTo(2);
        long failures = 0;
        for (FailureClass f : FailureClass.values()) {
            failures += e.failures(f);
            assertThat(e.failures(f)).isEqualTo(sa.failures(f) + sb.failures(f));
        }
        assertThat(failures).isEqualTo(1);
        for (CloseReason r : CloseReason.values()) {
            assertThat(e.closes(r)).isEqualTo(sa.closes(r) + sb.closes(r));
        }
        assertThat(e.openSessions()).isEqualTo(4);
        assertThat(e.takeovers()).isZero();
        assertThat(e.toString()).contains("connect=4", "reuse=1", "used=1");
        h.release(a2);
        h.release(b2);
    }

    @Test
    void anEmptyEngineHasARatioOfZero() {
        // §4
        h.target("A", ReusePolicy.SAFE);
        assertThat(h.engine.stats().reuseRatio()).isZero();
        assertThat(h.engine.stats().targets()).hasSize(1);
    }

    @Test
    void aLeaseReportsItsSessionTargetTimeAndStatus() throws Exception {
        // R20, E4: what the host reads of a lease
        Target t = h.target("T", ReusePolicy.SAFE);
        Session s = h.session();
        long at = h.clock.nanoTime();
        Lease fresh = h.acquire(s, t, FIRST);
        assertThat(fresh.session()).isSameAs(s);
        assertThat(fresh.target()).isSameAs(t);
        assertThat(fresh.acquiredAtNanos()).isEqualTo(at);
        assertThat(fresh.isActive()).isTrue();
        assertThat(fresh.isPending()).isFalse();
        assertThat(fresh.anticipated()).isFalse();
        assertThat(fresh.reused()).isFalse();
        assertThat(fresh.toString()).contains("active", "session=" + s.id(), "connection=" + fresh.connection().id(),
                "new:NO_MATCH").doesNotContain("reused", "anticipated");
        h.release(fresh);
        Lease again = h.acquire(s, t, NONE);
        assertThat(again.reused()).isTrue();
        assertThat(again.toString()).contains("active", "reused").doesNotContain("new:");
        h.release(again);
    }

    @Test
    void traitsCombineAndNameThemselves() {
        // R11, R12, R15: the traits a request carries
        assertThat(NONE).hasToString("NONE");
        assertThat(FIRST).hasToString("FIRST");
        assertThat(FIRST.with(RETRY_SAFE)).hasToString("FIRST|RETRY_SAFE").isSameAs(RETRY_SAFE.with(FIRST));
        assertThat(FIRST.with(RETRY_SAFE).contains(FIRST)).isTrue();
        assertThat(FIRST.with(RETRY_SAFE).contains(RETRY_SAFE)).isTrue();
        assertThat(FIRST.with(NONE)).isSameAs(FIRST);
        assertThat(FIRST.with(RETRY_SAFE).isFirst()).isFalse();
        assertThat(FRESH_ONLY.with(RequestTraits.UPGRADE_NEEDS_OTHER_PROTOCOL))
                .hasToString("UPGRADE_NEEDS_OTHER_PROTOCOL|FRESH_ONLY");
        for (RequestTraits one : List.of(FIRST, RETRY_SAFE, FRESH_ONLY, RequestTraits.UPGRADE_NEEDS_OTHER_PROTOCOL)) {
            assertThat(NONE.contains(one)).isFalse();
            assertThat(one.with(one)).isSameAs(one);
        }
    }
}
