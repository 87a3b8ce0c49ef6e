package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Host misuse fails with a clear {@link IllegalStateException} and leaves the engine consistent. */
class MisuseTest {
    private final EngineHarness h = new EngineHarness();
    private final Target t = h.target("T", ReusePolicy.SAFE);

    @Test
    void releasingALeaseTwiceFailsAndChangesNothing() throws Exception {
        long l = h.engine.acquire(h.session(), EngineHarness.key(t), NONE, h.clock.nanoTime());
        h.engine.release(l, Outcome.COMPLETED, h.clock.nanoTime());
        TargetStats before = h.stats(t);
        assertThatThrownBy(() -> h.engine.release(l, Outcome.COMPLETED, h.clock.nanoTime()))
                .isInstanceOf(IllegalStateException.class).hasMessageMatching("lease 0:0#\\d+ is stale: it was released.*");
        h.assertInvariants();
        assertThat(h.stats(t).toString()).isEqualTo(before.toString());
    }

    @Test
    void anotherEnginesObjectsAreRefused() throws Exception {
        EngineHarness other = new EngineHarness();
        Target foreignTarget = other.target("T", ReusePolicy.SAFE);
        Session foreignSession = other.session();
        Lease foreignLease = other.acquire(foreignSession, foreignTarget, NONE);
        Session s = h.session();
        assertThatThrownBy(() -> h.engine.release(foreignLease.handle(), Outcome.COMPLETED, 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is not a lease of this engine");
        assertThatThrownBy(() -> h.engine.acquire(foreignSession, EngineHarness.key(t), NONE, 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("belongs to another engine");
        assertThatThrownBy(() -> h.engine.acquire(s, EngineHarness.key(foreignTarget), NONE, 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("belongs to another engine");
        assertThatThrownBy(() -> foreignLease.connection().onResponseHead(Lease.NONE, 200, List.of(), List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("lease NONE is stale");
        h.assertInvariants();
        other.assertInvariants();
    }

    @Test
    void aClosedSessionIsRefused() throws Exception {
        Session s = h.session();
        Lease l = h.acquire(s, t, NONE);
        h.engine.closeSession(s);
        assertThatThrownBy(() -> h.engine.acquire(s, EngineHarness.key(t), NONE, 0))
                .isInstanceOf(IllegalStateException.class).hasMessage("session " + s.id() + " is closed");
        assertThatThrownBy(() -> h.engine.closeSession(s)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> h.engine.preferredTarget(s, List.of(t))).isInstanceOf(IllegalStateException.class);
        h.release(l);                              // its EXCLUSIVE lease stays valid (R38)
        assertThat(h.stats(t).parked()).isEqualTo(1);
    }

    @Test
    void aRemovedTargetIsRefusedAndAMuxCannotBeInstalledTwice() throws Exception {
        Lease l = h.acquire(h.session(), t, NONE);
        assertThatThrownBy(() -> l.connection().installMux(h.mux(l)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already installed");
        h.release(l, Outcome.FAILED);
        assertThat(h.engine.removeTarget(t)).isTrue();
        assertThatThrownBy(() -> h.engine.stats(t)).isInstanceOf(IllegalStateException.class).hasMessage("target T was removed");
    }

    @Test
    void aConnectorThatThrowsFailsTheLeaseWithATypedExceptionAndLeaksNothing() throws Exception {
        ReuseEngine engine = ReuseEngine.builder(c -> {
            throw new OutOfMemoryError("no file descriptors");
        }).build();
        Target target = engine.addTarget(TargetConfig.builder("T").build());
        Session s = engine.openSession(0);
        assertThatThrownBy(() -> engine.acquire(s, EngineHarness.key(target), NONE, 0))
                .isInstanceOfSatisfying(AcquireException.class, e -> assertThat(e.failure()).isEqualTo(AcquireFailure.RESOURCE))
                .hasCauseInstanceOf(OutOfMemoryError.class);
        assertThat(engine.stats(target).open()).isZero();
        assertThat(engine.stats(target).connect()).isZero();
        assertThat(engine.isRemovable(target)).isTrue();
        ReuseEngine nulls = ReuseEngine.builder(c -> null).build();
        Target nt = nulls.addTarget(TargetConfig.builder("N").build());
        assertThatThrownBy(() -> nulls.acquire(nulls.openSession(0), EngineHarness.key(nt), NONE, 0))
                .isInstanceOf(AcquireException.class).hasMessageContaining("no transport");
    }
}
