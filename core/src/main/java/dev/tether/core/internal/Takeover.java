package dev.tether.core.internal;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectionState;
import dev.tether.core.Mux;
import dev.tether.core.ReuseKey;
import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.ThreadSafe;

/**
 * Step 4 of the lookup: taking a parked connection over from another event loop (docs/behaviour.md
 * R59–R61). The scan starts at the target's takeover cursor, skips the current loop and loops with
 * nothing parked, and only try-locks: a busy loop is skipped, never waited for. A candidate is claimed
 * under its loop's lock, the lock is released, the mux is migrated, and the connection is placed on
 * the current loop.
 *
 * <p>Thread safety: stateless; never holds two loop locks at once, and calls the mux with no lock
 * held.
 */
@ThreadSafe
final class Takeover {
    private static final System.Logger LOG = System.getLogger(Takeover.class.getName());

    private Takeover() {
    }

    /** R59: whether other loops may be searched at all. */
    static boolean allowed(DefaultReuseEngine engine, TargetPool pool) {
        if (!engine.settings.shareAcrossLoops || pool.loops.length == 1) {
            return false;
        }
        return !(pool.parkedSum() < pool.limits.lowIdle() && engine.belowLow());
    }

    /**
     * Searches the other loops for {@code step} ({@link Lookup#OTHERS_BOTH}, {@code OTHERS_SAFE} or
     * {@code OTHERS_IDLE}); returns a connection now homed on {@code cur}, placed per R18 and claimed,
     * or null. Sets {@code lease.otherLoopBlocked} when a loop was skipped for its lock or a candidate
     * for its mux.
     */
    static Conn search(DefaultReuseEngine engine, LoopPool cur, LeaseImpl lease, int step, long now) {
        TargetPool pool = cur.pool;
        int loops = pool.loops.length;
        int start = pool.takeoverCursor.get();
        for (int i = 0; i < loops; i++) {
            int l = Math.floorMod(start + i, loops);
            LoopPool victim = pool.loops[l];
            if (l == cur.loop || victim.stripe.parked() == 0) {
                continue;
            }
            if (!victim.lock.tryLock()) {
                lease.otherLoopBlocked = true; // R60: never wait for another loop
                continue;
            }
            Conn c;
            try {
                c = claimLocked(victim, lease, step, now);
            } finally {
                victim.unlock();
            }
            if (c != null) {
                Conn placed = migrate(engine, cur, c, lease.session, l, now);
                if (placed != null) {
                    return placed;
                }
            }
        }
        return null;
    }

    @GuardedBy("victim.lock")
    private static Conn claimLocked(LoopPool victim, LeaseImpl lease, int step, long now) {
        KeyBucket b = victim.index.get(lease.key.hash64());
        if (b == null) {
            return null;
        }
        Conn c = null;
        if (step != Lookup.OTHERS_SAFE) {
            c = firstMigratable(victim, b.idle, lease, now);
        }
        if (c == null && step != Lookup.OTHERS_IDLE) {
            c = firstMigratable(victim, b.safe, lease, now);
        }
        if (c != null) {
            // R61: claimed under the victim loop's lock; R18 counters in the victim's stripe.
            victim.moveLocked(c, ConnectionState.EXCLUSIVE, null, now);
            victim.all.remove(c.allNode);
        }
        return c;
    }

    private static Conn firstMigratable(LoopPool victim, ConnectionList list, LeaseImpl lease, long now) {
        ReuseKey key = lease.key;
        for (Node n = list.head(); n != null; ) {
            Conn c = n.conn;
            n = n.next;
            if (!c.key.equals(key) || Expiry.expiredLocked(victim, c, now)) {
                continue;
            }
            if (c.mux instanceof Mux.Migratable) {
                return c;
            }
            lease.otherLoopBlocked = true; // R59: never used outside its home loop
        }
        return null;
    }

    private static Conn migrate(DefaultReuseEngine engine, LoopPool cur, Conn c, SessionImpl s, int victimLoop,
                                long now) {
        boolean migrated;
        try {
            migrated = ((Mux.Migratable) c.mux).migrateTo(cur.loop);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "mux migration failed for " + c, e);
            migrated = false;
        }
        cur.lock.lock();
        try {
            c.home = cur.loop;
            c.bucket = null; // the victim loop's bucket: looked up in this loop's index when listed
            cur.all.append(c.allNode);
            if (!migrated || !c.isOpen()) {
                if (c.isOpen()) {
                    cur.closeLocked(c, CloseReason.ERROR); // R61: failure closes it, the scan goes on
                }
                return null;
            }
            ConnectionState to = Lookup.placement(cur.pool, c);
            if (to != ConnectionState.EXCLUSIVE) {
                cur.moveLocked(c, to, s, now);
            }
            Lookup.claimLocked(cur, c);
            engine.takeovers.incrementAndGet();
            cur.pool.takeoverCursor.set(victimLoop + 1);
            return c;
        } finally {
            cur.unlock();
        }
    }
}
