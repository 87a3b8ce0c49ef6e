package dev.tether.core.internal;

import dev.tether.core.ConnectionState;
import dev.tether.core.Mux;
import dev.tether.core.ReuseKey;
import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.ThreadSafe;

/**
 * Step 4 of the lookup: taking a parked connection over from another event loop (docs/behaviour.md
 * R59–R61). The scan starts at the target's takeover cursor, skips the current loop and loops with
 * nothing parked, and only try-locks: a busy loop is skipped, never waited for. A candidate is claimed
 * under its loop's lock ({@link LoopPool#emigrateLocked}), the lock is released, the mux is migrated,
 * and the connection is homed and placed on the current loop ({@link LoopPool#immigrateLocked}).
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
        return !(pool.parkedSum() < pool.limits.lowIdle() && engine.settings.belowLow());
    }

    /**
     * Searches the other loops for {@code step} ({@link Acquirer#OTHERS_BOTH}: each loop's IDLE then
     * SAFE list; {@link Acquirer#OTHERS_SAFE}: SAFE lists only); returns a connection now homed on
     * {@code cur}, placed per R18 and claimed, or null. Marks the lease when a loop was skipped for
     * its lock or a candidate for its mux.
     */
    static Conn search(DefaultReuseEngine engine, LoopPool cur, LeaseImpl lease, int step, long now) {
        TargetPool pool = cur.pool;
        int loops = pool.loops.length;
        int start = pool.takeoverCursor();
        for (int i = 0; i < loops; i++) {
            int l = Math.floorMod(start + i, loops);
            LoopPool victim = pool.loops[l];
            if (l == cur.loop || victim.stripe.parked() == 0) {
                continue;
            }
            if (!victim.lock.tryLock()) {
                lease.markOtherLoopBlocked(); // R60: never wait for another loop
                continue;
            }
            Conn c;
            ConnectionState to = null;
            try {
                c = candidateLocked(victim, lease, step, now);
                if (c != null) {
                    to = Placement.afterPick(pool, c);  // R18, from the facts as they were parked
                    victim.emigrateLocked(c, now);      // R61: claimed under the victim loop's lock
                }
            } finally {
                victim.lock.unlock();
            }
            if (c != null && migrate(engine, cur, c, to, lease.session, now)) {
                pool.tookOverFrom(l);
                return c;
            }
        }
        return null;
    }

    @GuardedBy("victim.lock")
    private static Conn candidateLocked(LoopPool victim, LeaseImpl lease, int step, long now) {
        KeyBucket b = victim.lists.index.get(lease.key.hash64());
        if (b == null) {
            return null;
        }
        Conn c = null;
        if (step != Acquirer.OTHERS_SAFE) {
            c = firstMigratable(victim, b.idle, lease, now);
        }
        if (c == null) {
            c = firstMigratable(victim, b.safe, lease, now);
        }
        return c;
    }

    @GuardedBy("victim.lock")
    private static Conn firstMigratable(LoopPool victim, ConnectionList list, LeaseImpl lease, long now) {
        ReuseKey key = lease.key;
        for (Node n = list.head(); n != null; ) {
            Conn c = n.conn;
            n = n.next;
            if (!c.key.equals(key) || victim.expireLocked(c, now)) {
                continue;
            }
            if (c.mux() instanceof Mux.Migratable) {
                return c;
            }
            lease.markOtherLoopBlocked(); // R59: never used outside its home loop
        }
        return null;
    }

    /** R61: migrates the claimed {@code c} with no lock held, then homes it on {@code cur}; false if that failed. */
    private static boolean migrate(DefaultReuseEngine engine, LoopPool cur, Conn c, ConnectionState to,
                                   SessionImpl s, long now) {
        boolean migrated;
        try {
            migrated = ((Mux.Migratable) c.mux()).migrateTo(cur.loop);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "mux migration failed for " + c, e);
            migrated = false;
        }
        cur.lock.lock();
        try {
            cur.immigrateLocked(c);
            if (!migrated || !c.isOpen()) {
                cur.migrationFailedLocked(c); // R61: failure closes it, the scan goes on
                return false;
            }
            cur.placeLocked(c, to, s, now);
            engine.countTakeover();
            return true;
        } finally {
            cur.lock.unlock();
        }
    }
}
