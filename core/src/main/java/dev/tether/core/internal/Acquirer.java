package dev.tether.core.internal;

import dev.tether.core.AcquireException;
import dev.tether.core.CloseReason;
import dev.tether.core.ConnectReason;
import dev.tether.core.ConnectionState;
import dev.tether.core.Mux;
import dev.tether.core.ReusePolicy;
import dev.tether.core.RequestTraits;
import dev.tether.core.annotations.ThreadSafe;

/**
 * The first decision: which connection carries a request (docs/behaviour.md §2.3–§2.5). Runs the lookup
 * in phases (claim under the current loop's lock; other loops by {@link Takeover}; the R19 re-check
 * and the attach with no lock held), then, if nothing could be reused, asks {@link Creation} for a new
 * connection.
 *
 * <p>Thread safety: stateless; called on the session's event loop.
 */
@ThreadSafe
final class Acquirer {
    private static final System.Logger LOG = System.getLogger(Acquirer.class.getName());

    private final DefaultReuseEngine engine;
    private final Creation creation;

    Acquirer(DefaultReuseEngine engine) {
        this.engine = engine;
        this.creation = new Creation(engine);
    }

    /**
     * Serves {@code lease}: true when it is active, false when it waits (E3).
     *
     * @throws AcquireException when no lease can be given; nothing is left changed
     */
    boolean serve(LeaseImpl lease, long now) throws AcquireException {
        TargetPool pool = lease.pool;
        AcquireException refused = pool.refusal();
        if (refused != null) {
            throw refused;
        }
        ConnectReason forced = forcedReason(lease.traits);
        if (forced == null) {
            Conn c = find(lease, now);
            if (c != null && attachPicked(lease, c)) {
                budgetKill(pool, lease.session.loop);
                return true;
            }
        }
        budgetKill(pool, lease.session.loop);
        ConnectReason reason = forced != null ? forced : Reasons.find(engine, lease);
        return creation.create(lease, reason, now);
    }

    private static ConnectReason forcedReason(RequestTraits traits) {
        if (traits.contains(RequestTraits.UPGRADE_NEEDS_OTHER_PROTOCOL)) {
            return ConnectReason.UPGRADE; // R11
        }
        if (traits.contains(RequestTraits.FRESH_ONLY)) {
            return ConnectReason.STALE_RETRY; // R12
        }
        return null;
    }

    /** Steps 1–4 of §2.4; returns a claimed connection or null. Changes nothing on a miss (R21). */
    private Conn find(LeaseImpl lease, long now) {
        lease.abandoned = false;        // E4: what this lookup found out, not an earlier one's
        lease.otherLoopBlocked = false; // (a waiter retries the full acquire, E3)
        TargetPool pool = lease.pool;
        SessionImpl s = lease.session;
        LoopPool cur = pool.loops[s.loop];
        int[] plan = Lookup.plan(pool.policy, lease.traits);
        // R15. This loop's own count first: reading other loops' stripes costs a cache miss each.
        boolean parkedAllowed = pool.limits.maxIdlePerTarget() != 0 && (cur.stripe.parked() > 0 || pool.parkedSum() > 0);
        int next = 0;
        Conn c;
        cur.lock.lock();
        try {
            c = Lookup.sessionStep(cur, s, lease.key, now);
            if (c == null && pool.policy != ReusePolicy.NEVER) {
                KeyBucket b = cur.index.get(lease.key.hash64()); // once for steps 2 and 3
                c = Lookup.availableStep(cur, b, lease.key, now);
                while (c == null && parkedAllowed && next < plan.length && isCurrentLoopStep(plan[next])) {
                    c = Lookup.parkedStep(cur, b, s, lease.key, plan[next++] == Lookup.CUR_SAFE, now);
                }
            }
        } finally {
            cur.unlock();
        }
        for (; c == null && parkedAllowed && next < plan.length; next++) {
            c = isCurrentLoopStep(plan[next]) ? parkedOnCurrent(cur, lease, plan[next], now) : takeover(cur, lease, plan[next], now);
        }
        return c;
    }

    private Conn parkedOnCurrent(LoopPool cur, LeaseImpl lease, int step, long now) {
        cur.lock.lock();
        try {
            return Lookup.parkedStep(cur, cur.index.get(lease.key.hash64()), lease.session, lease.key,
                    step == Lookup.CUR_SAFE, now);
        } finally {
            cur.unlock();
        }
    }

    private Conn takeover(LoopPool cur, LeaseImpl lease, int step, long now) {
        return Takeover.allowed(engine, cur.pool) ? Takeover.search(engine, cur, lease, step, now) : null;
    }

    private static boolean isCurrentLoopStep(int step) {
        return step == Lookup.CUR_IDLE || step == Lookup.CUR_SAFE;
    }

    /**
     * R19 then attach: re-reads the mux's available streams with no lock held; abandons the pick if
     * there is no slot; otherwise attaches the lease's stream. Returns false if the pick was abandoned.
     */
    private boolean attachPicked(LeaseImpl lease, Conn c) {
        Mux<?> mux = c.mux;
        int live = engine.effectiveAvailable(c);
        if (live <= 0) {
            abandon(lease, c, live, mux.unusableReason());
            return false;
        }
        lease.conn = c;
        lease.reused = true;                // R20
        lease.anticipated = !c.ready;
        lease.reason = null;
        try {
            lease.stream = mux.attach(lease.handle);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "mux attach failed on " + c, e);
            lease.conn = null;
            abandon(lease, c, 0, CloseReason.ERROR);
            return false;
        }
        c.streamsOpened++;
        int after = engine.effectiveAvailable(c);
        CloseReason spent = mux.unusableReason(); // R48: this attach may have used the last stream id
        c.available = after;
        if (spent != null || (c.state == ConnectionState.AVAILABLE && (live == 1 || after <= 0))) {
            LoopPool home = engine.lockHome(c);
            try {
                if (spent != null) {
                    c.latch(spent);                                         // R48: reaching 0 latches
                }
                if (c.state == ConnectionState.AVAILABLE) {
                    home.moveLocked(c, ConnectionState.EXCLUSIVE, null, 0); // R19: full after this attach
                }
            } finally {
                home.unlock();
            }
        }
        lease.status = LeaseImpl.ACTIVE;
        engine.notifyReuse(lease.pool);
        return true;
    }

    /** R19: latches the picked connection, closes it if no stream rides it, and gives up reuse. */
    private void abandon(LeaseImpl lease, Conn c, int live, CloseReason fact) {
        CloseReason reason = fact != null ? fact : Lookup.lastAllowedStream(c) ? CloseReason.MAX_REUSE : CloseReason.ERROR;
        LoopPool home = engine.lockHome(c);
        try {
            Lookup.unclaimLocked(home, c);
            c.available = live;
            c.latch(reason);
            if (c.isOpen()) {
                if (c.streams == 0) {
                    home.closeLocked(c, c.latchReason);
                } else if (c.state == ConnectionState.AVAILABLE) {
                    home.moveLocked(c, ConnectionState.EXCLUSIVE, null, 0);
                }
            }
        } finally {
            home.unlock();
        }
        lease.abandoned = true;
    }

    /** R52: when the budget is exceeded, closes one parked connection of the target. */
    private void budgetKill(TargetPool pool, int loop) {
        if (!engine.aboveHigh()) {
            return;
        }
        if (killLruHead(pool.loops[loop], true)) {
            return;
        }
        int probes = engine.settings.shareAcrossLoops ? pool.loops.length - 1 : Math.min(1, pool.loops.length - 1);
        for (int i = 1; i <= probes; i++) {
            if (killLruHead(pool.loops[(loop + i) % pool.loops.length], false)) {
                return;
            }
        }
    }

    private static boolean killLruHead(LoopPool lp, boolean mayWait) {
        if (mayWait) {
            lp.lock.lock();
        } else if (!lp.lock.tryLock()) {
            return false;
        }
        try {
            Conn head = lp.lruHead();
            if (head == null) {
                return false;
            }
            lp.closeLocked(head, CloseReason.BUDGET);
            return true;
        } finally {
            lp.unlock();
        }
    }
}
