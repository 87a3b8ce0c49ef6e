package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/behaviour.md T32–T34: the purge arithmetic and what purge never touches. */
class PurgeTest {
    private static final long DELAY = TimeUnit.SECONDS.toNanos(5);

    private final EngineHarness h = new EngineHarness();
    private final Target t = h.target("T", ReusePolicy.SAFE);

    /** Ten connections busy at once, then all parked, in order c1…c10. */
    private List<Connection> tenParked() throws AcquireException {
        List<Lease> leases = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            leases.add(h.acquire(h.session(), t, NONE));
        }
        List<Connection> conns = new ArrayList<>();
        for (Lease l : leases) {
            conns.add(l.connection());
            h.release(l);
        }
        TargetStats st = h.stats(t);
        assertThat(st.parked()).isEqualTo(10);
        assertThat(st.used()).isZero();
        assertThat(st.peakUsed()).isEqualTo(10);
        assertThat(st.needEstimate()).isEqualTo(10);
        return conns;
    }

    @Test
    void purgeClosesHalfTheExcessEachPurgeDelay() throws Exception {
        // T32: R54, R55, R57 (the worked example; HAProxy #933)
        tenParked();
        long[] parked = {10, 10, 6, 3, 1, 0};
        long[] purged = {0, 0, 4, 3, 2, 1};
        long[] need = {10, 5, 2, 1, 0, 0};
        assertThat(h.maintain()).isEqualTo(DELAY);          // nothing due yet
        long purgedSoFar = 0;
        for (int pass = 0; pass < 6; pass++) {
            h.clock.advanceNanos(DELAY);
            long next = h.maintain();
            TargetStats st = h.stats(t);
            purgedSoFar += purged[pass];
            assertThat(st.parked()).as("parked after pass %d", pass + 1).isEqualTo(parked[pass]);
            assertThat(st.closes(CloseReason.PURGED)).as("purged after pass %d", pass + 1).isEqualTo(purgedSoFar);
            assertThat(st.needEstimate()).as("need after pass %d", pass + 1).isEqualTo(need[pass]);
            assertThat(st.peakUsed()).isZero();
            assertThat(next).as("next deadline after pass %d", pass + 1).isEqualTo(pass < 5 ? DELAY : -1);
        }
    }

    @Test
    void purgeClosesTheLeastRecentlyParkedFirst() throws Exception {
        // T33: R51, R55, R56
        List<Connection> c = tenParked();
        h.clock.advanceNanos(DELAY);
        h.maintain();                                       // pass 1
        h.clock.advanceNanos(DELAY);
        h.maintain();                                       // pass 2
        Lease again = h.acquire(h.session(), t, NONE);
        assertThat(again.connection()).isSameAs(c.get(0));  // the earliest parked is taken first (R16)
        h.release(again);
        h.clock.advanceNanos(DELAY);
        h.maintain();                                       // pass 3
        assertThat(c.get(0).state()).isEqualTo(ConnectionState.SAFE);
        for (int i = 1; i <= 4; i++) {
            assertThat(c.get(i).state()).isEqualTo(ConnectionState.CLOSED);
            assertThat(c.get(i).closeReason()).isEqualTo(CloseReason.PURGED);
        }
        for (int i = 5; i < 10; i++) {
            assertThat(c.get(i).state()).isEqualTo(ConnectionState.IDLE);
        }
    }

    @Test
    void purgeNeverTouchesBusyConnections() throws Exception {
        // R56: the purge closes parked connections above the need, and never a busy one.
        List<Lease> busy = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            busy.add(h.acquire(h.session(), t, NONE));
        }
        List<Lease> burst = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            burst.add(h.acquire(h.session(), t, NONE));
        }
        List<Connection> parked = new ArrayList<>();
        for (Lease l : burst) {
            parked.add(l.connection());
            h.release(l);
        }
        for (int i = 0; i < 10; i++) {
            h.clock.advanceNanos(DELAY);
            h.maintain();
        }
        long purged = parked.stream().filter(c -> c.closeReason() == CloseReason.PURGED).count();
        assertThat(purged).as("parked connections the purge closed").isPositive();
        assertThat(h.stats(t).closes(CloseReason.PURGED)).isEqualTo(purged);
        for (Lease l : busy) {
            assertThat(l.connection().state()).isEqualTo(ConnectionState.EXCLUSIVE);
            h.release(l);
        }
    }

    @Test
    void privateIdleConnectionsAreNeverPurgedAndArmNoDeadline() throws Exception {
        // T34: R54, R58 (HAProxy #1236, #3033)
        Target never = h.target("N", ReusePolicy.NEVER, ReuseLimits.builder().purgeDelay(Duration.ofSeconds(5)).build());
        Lease l = h.acquire(h.session(), never, NONE);
        Connection p = l.connection();
        h.release(l);
        for (int i = 0; i < 100; i++) {
            h.clock.advanceNanos(DELAY);
            assertThat(h.maintain()).isEqualTo(-1);
        }
        assertThat(p.state()).isEqualTo(ConnectionState.PRIVATE_IDLE);
    }
}
