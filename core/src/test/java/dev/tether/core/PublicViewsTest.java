package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import org.junit.jupiter.api.Test;

import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the engine's views tell a host (targets, sessions, connections, stats snapshots, limits) and
 * the bounds its builder and entry points accept: the values a stats page, a log line or a
 * configuration check relies on.
 */
class PublicViewsTest {
    private final EngineHarness h = new EngineHarness(b -> b.loops(2));

    @Test
    void aTargetReportsItsConfigurationAndItsFlagsInItsName() {
        Target plain = h.target("plain", ReusePolicy.AGGRESSIVE,
                ReuseLimits.builder().maxReuse(7).build());
        Target dispatch = h.engine.addTarget(TargetConfig.builder("dispatch").dispatch(true).build());
        assertThat(plain.name()).isEqualTo("plain");
        assertThat(plain.policy()).isEqualTo(ReusePolicy.AGGRESSIVE);
        assertThat(plain.limits().maxReuse()).isEqualTo(7);
        assertThat(plain.isDispatch()).isFalse();
        assertThat(dispatch.isDispatch()).isTrue();
        assertThat(dispatch.id()).isNotEqualTo(plain.id());
        assertThat(h.engine.targets()).extracting(Target::id).containsExactly(plain.id(), dispatch.id());
        assertThat(plain.toString()).contains("plain", "AGGRESSIVE").doesNotContain("draining", "removed");
        h.engine.drain(plain);
        assertThat(plain.toString()).contains("draining");
        assertThat(h.engine.removeTarget(plain)).isTrue();
        assertThat(plain.toString()).contains("removed");
        assertThat(dispatch.toString()).contains("dispatch", "NEVER");
    }

    @Test
    void aStatsSnapshotAddsUpWhatHappened() throws Exception {
        // §4: open = used + parked + private; reuseRatio = reuse / (connect + reuse); closes by reason.
        Target t = h.target("T", ReusePolicy.SAFE);
        TargetStats empty = h.stats(t);
        assertThat(empty.reuseRatio()).isZero();
        assertThat(empty.name()).isEqualTo("T");
        Lease a = h.acquire(h.session(), t, NONE);
        Lease b = h.acquire(h.session(), t, NONE);
        Session p = h.session();
        Lease c = h.acquire(p, t, NONE);
        h.engine.makePrivate(c.handle());
        h.release(a);
        Lease again = h.acquire(h.session(), t, NONE);     // a reuse of a
        h.release(again);
        h.mux(b).closeAfterExchange();
        h.release(b);                                       // closed: ERROR
        TargetStats s = h.stats(t);
        assertThat(s.connect()).isEqualTo(3);
        assertThat(s.reuse()).isEqualTo(1);
        assertThat(s.reuseRatio()).isEqualTo(0.25);
        assertThat(s.parked()).isEqualTo(1);
        assertThat(s.privateBusy()).isEqualTo(1);
        assertThat(s.open()).isEqualTo(2);
        assertThat(s.closes()).isEqualTo(1);
        assertThat(s.closes(CloseReason.ERROR)).isEqualTo(1);
        assertThat(s.draining()).isFalse();
        assertThat(s.toString()).startsWith("TargetStats{T: connect=3, reuse=1");
        h.engine.drain(t);
        assertThat(h.stats(t).draining()).isTrue();
        h.release(c);
    }

    @Test
    void sessionsAndConnectionsDescribeThemselves() throws Exception {
        Target t = h.target("T", ReusePolicy.SAFE);
        h.clock.advance(3, java.util.concurrent.TimeUnit.SECONDS);
        long openedAt = h.clock.nanoTime();
        Session s = h.session(1);
        assertThat(s.loop()).isEqualTo(1);
        Lease l = h.acquire(s, t, NONE);
        Connection x = l.connection();
        assertThat(x.createdAtNanos()).isEqualTo(openedAt);
        assertThat(x.transport()).isSameAs(h.transport(x));
        assertThat(x.homeLoop()).isEqualTo(1);
        assertThat(x.toString()).contains("target=T", "state=EXCLUSIVE", "loop=1");
        h.engine.makePrivate(l.handle());
        assertThat(x.toString()).contains("private").doesNotContain("latched", "connecting");
        assertThat(s.toString()).contains("loop=1").doesNotContain("closed");
        h.release(l);
        assertThat(s.toString()).contains("idle=1");
        h.engine.closeSession(s);
        assertThat(s.toString()).contains("closed");
        assertThat(x.toString()).contains("CLOSED", "latched=SESSION_CLOSED");
    }

    @Test
    void limitsAreValuesThatPrintWhatTheyHold() {
        ReuseLimits a = ReuseLimits.builder().maxReuse(3).maxIdlePerTarget(4).build();
        ReuseLimits same = ReuseLimits.builder().maxReuse(3).maxIdlePerTarget(4).build();
        ReuseLimits other = ReuseLimits.builder().maxReuse(3).maxIdlePerTarget(5).build();
        assertThat(a).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(other).isNotEqualTo("limits");
        assertThat(a.hashCode()).isNotEqualTo(other.hashCode());
        assertThat(a.toString()).contains("maxReuse=3", "maxIdlePerTarget=4");
    }

    @Test
    void theBuilderAndTheEntryPointsAcceptTheirBoundsAndRefuseWhatIsPast() {
        ReuseEngineBuilder b = ReuseEngine.builder(h.connector);
        assertThatThrownBy(() -> b.loops(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> b.loops(1)).doesNotThrowAnyException();
        assertThatThrownBy(() -> b.maxIdlePerSession(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(b.maxIdlePerSession(0)).isSameAs(b);
        assertThat(b.listener(ReuseListener.NONE)).isSameAs(b);
        assertThatThrownBy(() -> b.budget(() -> 0, -1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.budget(() -> 0, 4, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThat(b.budget(() -> 0, 0, 0)).isSameAs(b);
        assertThat(b.budget(() -> 0, 3, 3)).isSameAs(b);
        assertThatThrownBy(() -> h.engine.openSession(2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.engine.openSession(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(h.engine.openSession(1).loop()).isEqualTo(1);
        Target t = h.target("T", ReusePolicy.SAFE);
        assertThatThrownBy(() -> h.engine.preconnect(EngineHarness.key(t), -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> h.engine.preconnect(EngineHarness.key(t), 0)).doesNotThrowAnyException();
        assertThat(h.engine.isClosed()).isFalse();
        h.engine.close();
        assertThat(h.engine.isClosed()).isTrue();
    }

    @Test
    void aLeaseDescribesItselfAndAStaleHandleIsNamedByLoopIndexAndGeneration() throws Exception {
        // The handle names loop:index#generation (R-lease generations); the view says what it rides.
        Target t = h.target("T", ReusePolicy.SAFE);
        Session s = h.session(1);
        Lease first = h.acquire(s, t, NONE);
        Lease second = h.acquire(s, t, NONE);
        assertThat(first.toString()).contains("active", "session=" + s.id(), "connection=", "new:NO_MATCH");
        long stale = second.handle();
        String named = "1:1#" + (stale >>> 32);
        assertThat(second.toString()).startsWith("Lease{" + named + ",active");
        h.release(second);
        assertThatThrownBy(() -> h.engine.release(stale, Outcome.COMPLETED, h.clock.nanoTime()))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("lease " + named + " is stale");
        Lease reused = h.acquire(s, t, NONE);
        assertThat(reused.toString()).contains("reused").doesNotContain("new:");
        assertThat(reused.handle() >>> 32).isNotEqualTo(stale >>> 32);  // the recycled record's next generation
        h.release(reused);
        h.release(first);
    }

    @Test
    void releaseResultsConfigsTraitsAndEngineStatsPrintAndSumWhatTheyHold() throws Exception {
        Target t = h.target("T", ReusePolicy.ALWAYS);
        Lease a = h.acquire(h.session(), t, RequestTraits.FIRST);
        Lease b = h.acquire(h.session(), t, NONE);
        ReleaseResult parked = h.release(a);
        assertThat(parked.toString()).isEqualTo("ReleaseResult{" + parked.state() + "}");
        h.mux(b).closeAfterExchange();
        ReleaseResult closed = h.release(b, Outcome.FAILED);
        assertThat(closed.toString()).isEqualTo("ReleaseResult{CLOSED, closed ERROR, failure FRESH_FAILURE}");
        EngineStats all = h.engine.stats();
        TargetStats one = h.stats(t);
        assertThat(all.idle()).isEqualTo(one.idle());
        assertThat(all.safe()).isEqualTo(one.safe());
        assertThat(all.idle() + all.safe()).isEqualTo(1);
        TargetConfig config = TargetConfig.builder("D").dispatch(true).build();
        assertThat(config.dispatch()).isTrue();
        assertThat(config.toString()).startsWith("TargetConfig{name=D, policy=").contains("dispatch=true", "limits=ReuseLimits{");
        assertThat(RequestTraits.NONE.toString()).isEqualTo("NONE");
        assertThat(RequestTraits.FIRST.with(RequestTraits.RETRY_SAFE).toString()).contains("|");
        assertThat(RequestTraits.FIRST.toString()).doesNotContain("|");
    }
}
