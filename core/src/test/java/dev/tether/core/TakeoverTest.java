package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import dev.tether.testkit.FakeMux;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;

import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/behaviour.md T35: taking parked connections over from another event loop (R16, R59–R61). */
class TakeoverTest {

    private static EngineHarness twoLoops(boolean share) {
        return new EngineHarness(b -> b.loops(2).shareAcrossLoops(share));
    }

    /** Parks a SAFE h1 connection on loop 0. */
    private static Connection safeOnLoop0(EngineHarness h, Target t) throws AcquireException {
        Session s = h.session(0);
        Lease a = h.acquire(s, t, NONE);
        Connection x = a.connection();
        h.release(a);
        Lease b = h.acquire(s, t, NONE);
        h.release(b);
        assertThat(x.state()).isEqualTo(ConnectionState.SAFE);
        assertThat(x.homeLoop()).isZero();
        return x;
    }

    /** Holds {@code t}'s lock of {@code loop} on another thread until {@code free} counts down; returns once held. */
    private static CompletableFuture<Void> holdLock(Target t, int loop, CountDownLatch free)
            throws InterruptedException {
        Lock lock = LoopLocks.of(t, loop);
        CountDownLatch held = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
            lock.lock();
            try {
                held.countDown();
                free.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        });
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        return holder;
    }

    @Test
    void aMigratableConnectionIsTakenOverAndCountedOnItsOldLoop() throws Exception {
        // T35: R16, R60, R61 (HAProxy #1281)
        EngineHarness h = twoLoops(true);
        Target t = h.target("T", ReusePolicy.SAFE);
        Connection x = safeOnLoop0(h, t);
        assertThat(h.stats(t).parked(0)).isEqualTo(1);
        Lease l = h.acquire(h.session(1), t, NONE);
        assertThat(l.connection()).isSameAs(x);
        assertThat(x.homeLoop()).isEqualTo(1);
        assertThat(h.mux(x).loop).isEqualTo(1);
        assertThat(h.engine.stats().takeovers()).isEqualTo(1);
        assertThat(h.stats(t).parked(0)).isZero();
        assertThat(h.stats(t).parked(1)).isZero();
        h.release(l);
        assertThat(h.stats(t).parked(1)).isEqualTo(1);
    }

    @Test
    void nonMigratableSharingOffOrTheLowIdleGateKeepConnectionsHome() throws Exception {
        // T35: R59, E4 OTHER_LOOP
        for (int variant = 0; variant < 3; variant++) {
            EngineHarness h = variant == 1 ? twoLoops(false) : twoLoops(true);
            ReuseLimits limits = variant == 2 ? ReuseLimits.builder().lowIdle(2).build() : ReuseLimits.DEFAULTS;
            Target t = h.target("T", ReusePolicy.SAFE, limits);
            if (variant == 0) {
                h.connector.muxFactory = FakeMux::h1Pinned;
            }
            Connection x = safeOnLoop0(h, t);
            Lease l = h.acquire(h.session(1), t, NONE);
            assertThat(l.connection()).as("variant %d", variant).isNotSameAs(x);
            assertThat(l.connectReason()).isEqualTo(ConnectReason.OTHER_LOOP);
            assertThat(x.homeLoop()).isZero();
            assertThat(x.state()).isEqualTo(ConnectionState.SAFE);
            h.release(l);
        }
    }

    @Test
    void aFailedMigrationClosesTheConnectionAndTheScanGoesOn() throws Exception {
        // T35: R61
        EngineHarness h = twoLoops(true);
        Target t = h.target("T", ReusePolicy.SAFE);
        Connection x = safeOnLoop0(h, t);
        h.mux(x).failMigration = true;
        Lease l = h.acquire(h.session(1), t, NONE);
        assertThat(l.connection()).isNotSameAs(x);
        assertThat(x.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(x.closeReason()).isEqualTo(CloseReason.ERROR);
        h.release(l);
    }

    @Test
    void aFactTheOldLoopReportsWhileTheConnectionMovesWaitsForTheMoveToEnd() throws Exception {
        // T35: R61, R62: the old loop reads the peer's close after the claim, before the new loop homed it
        EngineHarness h = twoLoops(true);
        Target t = h.target("T", ReusePolicy.SAFE);
        Connection x = safeOnLoop0(h, t);
        FakeMux m = h.mux(x);
        m.failMigration = true;
        List<CompletableFuture<Void>> oldLoop = new ArrayList<>();
        m.onCall = method -> {
            if ("migrateTo".equals(method)) {
                CompletableFuture<Void> closeSeen = CompletableFuture.runAsync(m::peerClose);
                oldLoop.add(closeSeen);
                try {
                    // Bounded: the fact must not be applied while x is on no loop's lists, so this
                    // times out; applied at once (the defect), it corrupted the old loop's lists.
                    closeSeen.get(200, TimeUnit.MILLISECONDS);
                } catch (TimeoutException expected) {
                    // waits for the move to end
                } catch (InterruptedException | ExecutionException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        Lease l = h.acquire(h.session(1), t, NONE);
        oldLoop.get(0).get(10, TimeUnit.SECONDS);
        assertThat(l.connection()).isNotSameAs(x);
        assertThat(x.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(x.closeReason()).as("closed once, by the failed move (R61)").isEqualTo(CloseReason.ERROR);
        assertThat(h.stats(t).closes()).isEqualTo(1);
        assertThat(h.stats(t).open()).isEqualTo(1);
        h.release(l);
        assertThat(h.stats(t).parked(1)).isEqualTo(1);
        assertThat(h.stats(t).parked(0)).isZero();
    }

    @Test
    void aLoopWhoseLockIsHeldIsSkippedWithoutBlocking() throws Exception {
        // T35: R21, R60
        EngineHarness h = twoLoops(true);
        Target t = h.target("T", ReusePolicy.SAFE);
        Connection x = safeOnLoop0(h, t);
        CountDownLatch done = new CountDownLatch(1);
        CompletableFuture<Void> holder = holdLock(t, 0, done);
        Session s1 = h.session(1);
        Lease l = CompletableFuture.supplyAsync(() -> {
            try {
                return h.engine.lease(h.engine.acquire(s1, EngineHarness.key(t), NONE, h.clock.nanoTime()));
            } catch (AcquireException e) {
                throw new IllegalStateException(e);
            }
        }).get(10, TimeUnit.SECONDS);                      // does not block on loop 0
        assertThat(l.connection()).isNotSameAs(x);
        assertThat(l.connectReason()).isEqualTo(ConnectReason.OTHER_LOOP);
        done.countDown();
        holder.get(10, TimeUnit.SECONDS);
        h.assertInvariants();
        h.release(l);
    }

    @Test
    void otherLoopsAreSearchedOnlyAfterTheCurrentLoopsLists() throws Exception {
        // R16, R17: subsequent request: current IDLE, current SAFE, then other loops.
        EngineHarness h = twoLoops(true);
        Target t = h.target("T", ReusePolicy.SAFE);
        Lease other = h.acquire(h.session(0), t, NONE);
        Connection idleOnLoop0 = other.connection();
        h.release(other);
        Session s1 = h.session(1);
        Lease a = h.acquire(s1, t, RequestTraits.FIRST);
        Connection safeOnLoop1 = a.connection();
        h.release(a);
        Lease b = h.acquire(s1, t, NONE);
        assertThat(b.connection()).isSameAs(safeOnLoop1);   // its own loop's IDLE, then...
        h.release(b);
        assertThat(safeOnLoop1.state()).isEqualTo(ConnectionState.SAFE);
        Lease c = h.acquire(h.session(1), t, NONE);
        assertThat(c.connection()).isSameAs(safeOnLoop1);   // ...its own loop's SAFE before loop 0's IDLE
        assertThat(idleOnLoop0.homeLoop()).isZero();
        h.release(c);
    }

    @Test
    void alwaysFirstRequestsSearchEveryLoopsSafeListBeforeTheCurrentIdleList() throws Exception {
        // R16, R17: ALWAYS + first: all loops' SAFE, then current IDLE.
        EngineHarness h = twoLoops(true);
        Target t = h.target("T", ReusePolicy.ALWAYS);
        Lease onLoop1 = h.acquire(h.session(1), t, RequestTraits.FIRST);
        Connection idle1 = onLoop1.connection();
        Connection safe0 = safeOnLoop0(h, t);
        h.release(onLoop1);
        assertThat(idle1.state()).isEqualTo(ConnectionState.IDLE);
        assertThat(idle1.homeLoop()).isEqualTo(1);
        Lease l = h.acquire(h.session(1), t, RequestTraits.FIRST);
        assertThat(l.connection()).isSameAs(safe0);
        assertThat(idle1.state()).isEqualTo(ConnectionState.IDLE);
        h.release(l);
    }

    @Test
    @DisplayName("R21, R61: the engine never calls a mux while holding one of its locks")
    void noMuxCallIsMadeUnderAnEngineLock() throws Exception {
        // Every call into every fake mux is checked against every loop lock of the engine: takeover
        // (R61) with h1 and h2 muxes, placement, parking, GOAWAY, purge and drain.
        EngineHarness h = new EngineHarness(b -> b.loops(2).shareAcrossLoops(true));
        Target h1 = h.target("H1", ReusePolicy.ALWAYS, ReuseLimits.builder().purgeDelay(java.time.Duration.ofSeconds(1))
                .build());
        safeOnLoop0(h, h1);
        Lease taken = h.acquire(h.session(1), h1, NONE);
        assertThat(taken.connection().homeLoop()).isEqualTo(1);
        h.release(taken);
        h.connector.muxFactory = c -> FakeMux.h2(c, 2);
        Target h2 = h.target("H2", ReusePolicy.ALWAYS);
        Lease a = h.acquire(h.session(0), h2, NONE);
        Lease b = h.acquire(h.session(0), h2, NONE);
        Lease c = h.acquire(h.session(1), h2, NONE);
        h.mux(a).goAway();
        h.release(a);
        h.release(b);
        h.release(c);
        for (int i = 0; i < 5; i++) {
            h.clock.advanceNanos(TimeUnit.SECONDS.toNanos(1));
            h.maintain();
        }
        h.engine.drain(h1);
        h.assertInvariants();
        assertThat(h.connector.muxCalls.get()).as("mux calls checked").isGreaterThan(20);
        assertThat(h.connector.muxCallsUnderLock).isEmpty();
        assertThat(h.engine.stats().takeovers()).isPositive();
    }

    @Test
    void theLockProbeSeesALoopLockHeldByTheCallingThread() throws Exception {
        // Positive control of the R21/R61 check: a mux call made under a loop lock is recorded.
        EngineHarness h = twoLoops(true);
        Target t = h.target("T", ReusePolicy.SAFE);
        Connection x = safeOnLoop0(h, t);
        Lock lock = dev.tether.core.internal.TestAccess.loopLock(t, 1);
        lock.lock();
        try {
            h.mux(x).availableStreams();
        } finally {
            lock.unlock();
        }
        assertThat(h.connector.muxCallsUnderLock).singleElement().asString().startsWith("availableStreams");
    }

    @Test
    void theNextScanStartsPastTheLoopTheLastTakeoverCameFrom() throws Exception {
        // T35: R60, R61 — the cursor moves past the victim loop, so loops are visited in turn.
        EngineHarness h = new EngineHarness(b -> b.loops(3).shareAcrossLoops(true));
        Target t = h.target("T", ReusePolicy.ALWAYS);
        Lease a = h.acquire(h.session(1), t, NONE);
        Lease b = h.acquire(h.session(1), t, NONE);
        Lease c = h.acquire(h.session(2), t, NONE);
        Connection a1 = a.connection();
        Connection b1 = b.connection();
        Connection c2 = c.connection();
        h.release(a);
        h.release(b);
        h.release(c);
        assertThat(h.stats(t).parked(1)).isEqualTo(2);
        assertThat(h.stats(t).parked(2)).isEqualTo(1);
        Lease first = h.acquire(h.session(0), t, NONE);   // the cursor starts at loop 0: loop 1 is next
        assertThat(first.connection()).isSameAs(a1);
        Lease second = h.acquire(h.session(0), t, NONE);  // past loop 1: loop 2, though loop 1 has one left
        assertThat(second.connection()).isSameAs(c2);
        assertThat(h.engine.stats().takeovers()).isEqualTo(2);
        Lease third = h.acquire(h.session(0), t, NONE);   // past loop 2, wrapping: loop 1
        assertThat(third.connection()).isSameAs(b1);
        h.release(first);
        h.release(second);
        h.release(third);
    }

    @Test
    void anAlwaysFirstRequestTriesAnotherLoopsSafeListAgainBeforeOpeningAConnection() throws Exception {
        // R16, R60 (HAProxy's second lookup takes a safe connection of another thread too): loop 0's
        // lock is held while loop 1 scans other loops' SAFE lists, and free again once loop 1 has
        // searched its own IDLE list; the SAFE connection parked on loop 0 is taken, none is opened.
        AtomicReference<Runnable> onClose = new AtomicReference<>(() -> { });
        EngineHarness h = new EngineHarness(b -> b.loops(2).shareAcrossLoops(true).listener(new ReuseListener() {
            @Override
            public void onClose(Connection connection, CloseReason reason) {
                onClose.get().run();
            }
        }));
        Target t = h.target("T", ReusePolicy.ALWAYS, ReuseLimits.builder().maxLifetime(Duration.ofSeconds(10)).build());
        Lease first = h.acquire(h.session(1), t, RequestTraits.FIRST);
        Connection expiring = first.connection();
        h.release(first);                                   // IDLE on loop 1; its lifetime ends first (E1)
        h.clock.advance(6, TimeUnit.SECONDS);
        Lease fresh = h.acquire(h.session(0), t, RequestTraits.FRESH_ONLY);
        Connection x = fresh.connection();
        h.release(fresh);
        h.release(h.acquire(h.session(0), t, NONE));        // x parked SAFE on loop 0
        assertThat(x.state()).isEqualTo(ConnectionState.SAFE);
        assertThat(expiring.state()).isEqualTo(ConnectionState.IDLE);
        h.clock.advance(5, TimeUnit.SECONDS);               // loop 1's IDLE one has expired, x has not
        CountDownLatch free = new CountDownLatch(1);
        CompletableFuture<Void> holder = holdLock(t, 0, free);
        // The close of loop 1's expired IDLE connection comes after loop 1's IDLE step, before the
        // second scan of the other loops: loop 0's lock is given back then.
        onClose.set(() -> {
            free.countDown();
            holder.join();
        });
        int opened = h.opened();
        Lease l = h.acquire(h.session(1), t, RequestTraits.FIRST);
        onClose.set(() -> { });
        assertThat(expiring.closeReason()).isEqualTo(CloseReason.TTL);
        assertThat(l.connection()).as("the SAFE connection parked on loop 0").isSameAs(x);
        assertThat(h.opened()).as("connections opened").isEqualTo(opened);
        assertThat(x.homeLoop()).isEqualTo(1);
        assertThat(h.engine.stats().takeovers()).isEqualTo(1);
        h.release(l);
        h.assertInvariants();
    }
}
