package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.tether.core.RequestTraits.FIRST;
import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Lease handles carry a generation: the engine recycles its lease records, and a handle whose lease
 * was released is refused with an {@link IllegalStateException} naming it, by every call that takes
 * a handle, and never acts on the request that holds the recycled record now.
 */
class LeaseHandleTest {
    private final EngineHarness h = new EngineHarness();
    private final Target t = h.target("T", ReusePolicy.SAFE);
    private final ReuseKey key = EngineHarness.key(t);
    private final Session s = h.session();

    private long acquire(RequestTraits traits) throws AcquireException {
        return h.engine.acquire(s, key, traits, h.clock.nanoTime());
    }

    @Test
    void aStaleSecondReleaseAfterRecyclingIsRefusedAndTheRequestHoldingTheRecordKeepsItsConnection() throws Exception {
        long first = acquire(FIRST);
        Lease record = h.engine.lease(first);
        h.engine.release(first, Outcome.COMPLETED, h.clock.nanoTime());
        long second = acquire(NONE);
        assertThat(h.engine.lease(second)).as("the record was recycled").isSameAs(record);
        Connection c = record.connection();
        TargetStats before = h.stats(t);

        assertThatThrownBy(() -> h.engine.release(first, Outcome.FAILED, h.clock.nanoTime()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageMatching("lease 0:0#\\d+ is stale: it was released .*");

        assertThat(h.engine.lease(second).isActive()).isTrue();
        assertThat(c.state()).isEqualTo(ConnectionState.EXCLUSIVE);
        assertThat(c.attachedStreams()).isEqualTo(1);
        assertThat(h.mux(c).streams()).filteredOn(st -> st.lease() != Lease.NONE).hasSize(1);
        assertThat(h.stats(t).toString()).isEqualTo(before.toString());
        h.assertInvariants();
        assertThat(h.engine.release(second, Outcome.COMPLETED, h.clock.nanoTime()).state()).isEqualTo(ConnectionState.SAFE);
    }

    @Test
    void aStaleHandleReachesNeitherTheStreamNorTheConnectionOfTheRequestHoldingTheRecord() throws Exception {
        long first = acquire(FIRST);
        h.engine.release(first, Outcome.COMPLETED, h.clock.nanoTime());
        long second = acquire(NONE);
        Connection c = h.engine.lease(second).connection();
        String named = "lease 0:0#" + (first >>> 32) + " is stale";

        assertThatThrownBy(() -> h.engine.lease(first)).isInstanceOf(IllegalStateException.class).hasMessageStartingWith(named);
        assertThatThrownBy(() -> h.engine.makePrivate(first)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(named);
        assertThatThrownBy(() -> c.onResponseHead(first, 401, List.of("NTLM"), List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith(named);
        assertThat(c.isPrivate()).isFalse();
        assertThat(h.engine.lease(second).stream()).isNotNull();
        h.engine.release(second, Outcome.COMPLETED, h.clock.nanoTime());
    }

    @Test
    void everyAcquireGetsANewHandleAndNoneIsZero() throws Exception {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            long lease = acquire(i == 0 ? FIRST : NONE);
            assertThat(lease).isNotEqualTo(Lease.NONE);
            assertThat(h.engine.lease(lease).handle()).isEqualTo(lease);
            assertThat(seen.add(lease)).as("handle %x handed out twice", lease).isTrue();
            h.engine.release(lease, Outcome.COMPLETED, h.clock.nanoTime());
        }
        assertThat(h.stats(t).open()).isEqualTo(1);
    }

    @Test
    void aMuxReportForALeaseOfAnotherConnectionIsRefused() throws Exception {
        long a = acquire(FIRST);
        long b = h.engine.acquire(h.session(), key, FIRST, h.clock.nanoTime());
        Connection ca = h.engine.lease(a).connection();
        Connection cb = h.engine.lease(b).connection();
        assertThat(ca).isNotSameAs(cb);
        assertThatThrownBy(() -> ca.onResponseHead(b, 401, List.of("NTLM"), List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not ride " + ca);
        assertThat(cb.isPrivate()).isFalse();
        assertThat(ca.onResponseHead(a, 401, List.of("NTLM"), List.of())).isTrue();
    }

    @Test
    void theStreamTypeIsCheckedByTheTypedAccessor() throws Exception {
        Lease lease = h.engine.lease(acquire(FIRST));
        assertThat(lease.stream(dev.tether.testkit.FakeMux.FakeStream.class)).isSameAs(lease.stream());
        assertThatThrownBy(() -> lease.stream(OtherStream.class)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has a FakeStream stream, not a OtherStream");
    }

    /** A stream type no mux of this engine hands out. */
    private interface OtherStream extends Stream {
    }

    @Test
    void aRefusedAcquireGivesItsRecordBack() throws Exception {
        // R67: a refused acquire leaves nothing behind; the loop's next acquire reuses the record
        long first = acquire(NONE);
        Lease record = h.engine.lease(first);
        h.engine.release(first, Outcome.COMPLETED, h.clock.nanoTime());
        Target drained = h.target("D", ReusePolicy.SAFE);
        h.engine.drain(drained);
        assertThatThrownBy(() -> h.engine.acquire(s, EngineHarness.key(drained), NONE, h.clock.nanoTime()))
                .isInstanceOf(AcquireException.class);
        long next = acquire(NONE);
        assertThat(h.engine.lease(next)).isSameAs(record);
        h.engine.release(next, Outcome.COMPLETED, h.clock.nanoTime());
    }
}
