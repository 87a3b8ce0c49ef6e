package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/behaviour.md R52: above the budget's high mark, every acquire closes one parked connection of the target. */
class BudgetKillTest {

    @Test
    void eachAcquireAboveHighClosesTheLeastRecentlyParkedHereElseOnAnotherLoop() throws Exception {
        // R52, R53 (BUDGET), R60 (try-lock)
        AtomicLong inUse = new AtomicLong();
        EngineHarness h = new EngineHarness(b -> b.loops(2).shareAcrossLoops(true).budget(inUse::get, 5, 10));
        Target t = h.target("T", ReusePolicy.SAFE);
        Lease[] here = {h.acquire(h.session(0), t, NONE), h.acquire(h.session(0), t, NONE),
            h.acquire(h.session(0), t, NONE)};
        Connection[] x = {here[0].connection(), here[1].connection(), here[2].connection()};
        Lease there = h.acquire(h.session(1), t, NONE);
        Connection y = there.connection();
        for (Lease l : here) {
            h.release(l);                               // parked on loop 0, x[0] least recently
        }
        h.release(there);                               // parked on loop 1
        assertThat(h.stats(t).parked(0)).isEqualTo(3);
        assertThat(h.stats(t).parked(1)).isEqualTo(1);

        inUse.set(11);
        Lease first = h.acquire(h.session(0), t, NONE);
        assertThat(first.connection()).isSameAs(x[0]);
        assertThat(x[1].state()).isEqualTo(ConnectionState.CLOSED); // this loop's LRU head
        assertThat(x[1].closeReason()).isEqualTo(CloseReason.BUDGET);
        assertThat(y.state().isParked()).isTrue();

        Lease second = h.acquire(h.session(0), t, NONE);
        assertThat(second.connection()).isSameAs(x[2]);
        assertThat(y.state()).isEqualTo(ConnectionState.CLOSED);      // none left here: the other loop's
        assertThat(y.closeReason()).isEqualTo(CloseReason.BUDGET);
        assertThat(h.stats(t).closes(CloseReason.BUDGET)).isEqualTo(2);

        inUse.set(0);
        h.release(first);
        h.release(second);
    }
}
