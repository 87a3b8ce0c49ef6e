package dev.tether.core.internal;

import dev.tether.core.AcquireException;
import dev.tether.core.CloseReason;
import dev.tether.core.ConnectReason;
import dev.tether.core.Mux;
import dev.tether.core.RequestTraits;
import dev.tether.core.ReuseKey;
import dev.tether.core.ReusePolicy;
import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.ThreadSafe;

import static dev.tether.core.ConnectionState.AVAILABLE;
import static dev.tether.core.ConnectionState.EXCLUSIVE;
import static dev.tether.core.ConnectionState.PRIVATE_BUSY;
import static dev.tether.core.ConnectionState.PRIVATE_IDLE;

/**
 * The first decision: which connection carries a request (docs/behaviour.md §2.3–§2.5). The lookup of
 * §2.4 runs in phases: steps 1–3 on the current loop under its lock (R13 the session's own list, R14
 * the AVAILABLE list, R15–R16 the parked lists in the policy's order), each pick claimed there through
 * {@link LoopPool#pickLocked}; other loops by {@link Takeover} (R17); then the R19 re-check and the
 * attach with no lock held. If nothing could be reused, {@link Creation} opens a connection for the
 * reason {@link Reasons} gives (E4). After the lookup, R52's budget kill.
 *
 * <p>Thread safety: stateless; called on the session's event loop. It writes no connection or pool
 * state itself: it asks their owners.
 */
@ThreadSafe
final class Acquirer {
    /** Parked-list search steps (R15, R16). */
    static final int CUR_IDLE = 1;
    static final int CUR_SAFE = 2;
    static final int OTHERS_BOTH = 3;
    static final int OTHERS_SAFE = 4;

    private static final System.Logger LOG = System.getLogger(Acquirer.class.getName());
    private static final int[] NONE = {};
    private static final int[] SUBSEQUENT = {CUR_IDLE, CUR_SAFE, OTHERS_BOTH};
    private static final int[] AGGRESSIVE_FIRST = {CUR_SAFE, OTHERS_SAFE};
    /**
     * R16: the second scan of other loops looks at their SAFE lists again, so a loop skipped for its
     * lock in the first (R60) is tried once more before a connection is opened.
     */
    private static final int[] ALWAYS_FIRST = {CUR_SAFE, OTHERS_SAFE, CUR_IDLE, OTHERS_BOTH};

    private final DefaultReuseEngine engine;

    Acquirer(DefaultReuseEngine engine) {
        this.engine = engine;
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
            if (c != null && attach(lease, c, now)) {
                budgetKill(pool, lease.session.loop);
                return true;
            }
        }
        budgetKill(pool, lease.session.loop);
        ConnectReason reason = forced != null ? forced : Reasons.find(lease);
        return engine.creation().create(lease, reason, now);
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

    /** The parked-list plan for a request (R15 table, R16 order). */
    static int[] plan(ReusePolicy policy, RequestTraits traits) {
        if (policy == ReusePolicy.NEVER) {
            return NONE; // retrySafe never opens any list under NEVER (R15)
        }
        if (!traits.isFirst()) {
            return SUBSEQUENT;
        }
        switch (policy) {
            case AGGRESSIVE:
                return AGGRESSIVE_FIRST;
            case ALWAYS:
                return ALWAYS_FIRST;
            default:
                return NONE;
        }
    }

    // ---- the lookup (§2.4) --------------------------------------------------------------------

    /** Steps 1–4 of §2.4; returns a claimed connection or null. Changes nothing on a miss (R21). */
    private Conn find(LeaseImpl lease, long now) {
        lease.abandoned = false;        // E4: what this lookup found out, not an earlier one's
        lease.otherLoopBlocked = false; // (a waiter retries the full acquire, E3)
        TargetPool pool = lease.pool;
        SessionImpl s = lease.session;
        LoopPool cur = pool.loops[s.loop];
        int[] plan = plan(pool.policy, lease.traits);
        // R15. This loop's own count first: reading other loops' stripes costs a cache miss each.
        boolean parkedAllowed = pool.limits.maxIdlePerTarget() != 0 && (cur.stripe.parked() > 0 || pool.parkedSum() > 0);
        int next = 0;
        Conn c;
        cur.lock.lock();
        try {
            c = fromSession(cur, s, lease.key, now);
            if (c == null && pool.policy != ReusePolicy.NEVER) {
                KeyBucket b = cur.lists.index.get(lease.key.hash64()); // once for steps 2 and 3
                c = fromAvailable(cur, b, lease.key, now);
                while (c == null && parkedAllowed && next < plan.length && isCurrentLoopStep(plan[next])) {
                    c = fromParked(cur, b, s, lease.key, plan[next++] == CUR_SAFE, now);
                }
            }
        } finally {
            cur.lock.unlock();
        }
        for (; c == null && parkedAllowed && next < plan.length; next++) {
            c = isCurrentLoopStep(plan[next]) ? parkedOnCurrent(cur, lease, plan[next], now)
                    : takeover(cur, lease, plan[next], now);
        }
        return c;
    }

    /** Step 1 (R13): the first usable connection on the session's list for the pool, picked; or null. */
    @GuardedBy("cur.lock")
    private static Conn fromSession(LoopPool cur, SessionImpl s, ReuseKey key, long now) {
        ConnectionList list = s.listFor(cur.pool);
        if (list == null) {
            return null;
        }
        for (Node n = list.head(); n != null; ) {
            Conn c = n.conn;
            n = n.next; // before the expiry check, which may unlink c
            if (c.key.equals(key) && c.ready() && c.available() > 0 && !c.noNewStreams() && !cur.expireLocked(c, now)) {
                cur.pickLocked(c, c.state == PRIVATE_IDLE ? PRIVATE_BUSY : c.state, s, now);
                return c;
            }
        }
        return null;
    }

    /**
     * Step 2 (R14): the first equal-key AVAILABLE connection of the current loop, picked; or null.
     * {@code b} is the key's bucket on this loop ({@code null} if none), looked up once per acquire.
     */
    @GuardedBy("cur.lock")
    private static Conn fromAvailable(LoopPool cur, KeyBucket b, ReuseKey key, long now) {
        if (b == null) {
            return null;
        }
        for (Node n = b.available.head(); n != null; ) {
            Conn c = n.conn;
            n = n.next; // before the expiry check, which may unlink c
            if (c.key.equals(key) && !c.noNewStreams() && !cur.expireLocked(c, now)) {
                // R19: exactly one slot left ⇒ full after this attach.
                boolean fills = c.available() <= 1 || c.nextStreamIsLast();
                cur.pickLocked(c, fills ? EXCLUSIVE : AVAILABLE, null, now);
                return c;
            }
        }
        return null;
    }

    /**
     * One current-loop parked step: the earliest-parked equal-key connection of the IDLE or SAFE
     * list of bucket {@code b}, picked and placed per R18; or null.
     */
    @GuardedBy("cur.lock")
    private static Conn fromParked(LoopPool cur, KeyBucket b, SessionImpl s, ReuseKey key, boolean safeList,
                                   long now) {
        if (b == null) {
            return null;
        }
        for (Node n = (safeList ? b.safe : b.idle).head(); n != null; ) {
            Conn c = n.conn;
            n = n.next;
            if (c.key.equals(key) && !cur.expireLocked(c, now)) { // an expired one is closed (E1): look further
                cur.pickLocked(c, Placement.afterPick(cur.pool, c), s, now);
                return c;
            }
        }
        return null;
    }

    private static Conn parkedOnCurrent(LoopPool cur, LeaseImpl lease, int step, long now) {
        cur.lock.lock();
        try {
            return fromParked(cur, cur.lists.index.get(lease.key.hash64()), lease.session, lease.key, step == CUR_SAFE, now);
        } finally {
            cur.lock.unlock();
        }
    }

    private Conn takeover(LoopPool cur, LeaseImpl lease, int step, long now) {
        return Takeover.allowed(engine, cur.pool) ? Takeover.search(engine, cur, lease, step, now) : null;
    }

    private static boolean isCurrentLoopStep(int step) {
        return step == CUR_IDLE || step == CUR_SAFE;
    }

    // ---- R19, then attach ---------------------------------------------------------------------

    /**
     * R19 then attach: re-reads the mux's available streams with no lock held; abandons the pick if
     * there is no slot; otherwise attaches the lease's stream. Returns false if the pick was abandoned.
     * The picked connection carries this lease's claim, so it is not parked and its home does not move.
     */
    private boolean attach(LeaseImpl lease, Conn c, long now) {
        Mux<?> mux = c.mux();
        int live = c.liveAvailable();
        if (live <= 0) {
            abandon(lease, c, live, mux.unusableReason(), now);
            return false;
        }
        lease.rideReused(c);                // R20
        try {
            lease.attached(mux.attach(lease.handle));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "mux attach failed on " + c, e);
            lease.unride();
            abandon(lease, c, 0, CloseReason.ERROR, now);
            return false;
        }
        c.streamAttached();
        int after = c.liveAvailable();
        CloseReason spent = mux.unusableReason(); // R48: this attach may have used the last stream id
        c.publishAvailable(after);
        if (spent != null || (c.state == AVAILABLE && (live == 1 || after <= 0))) {
            LoopPool home = c.homePool();
            home.lock.lock();
            try {
                if (spent != null) {
                    home.latchLocked(c, spent);     // R48: reaching 0 latches
                }
                home.unshareLocked(c, now);         // R19: full after this attach
            } finally {
                home.lock.unlock();
            }
        }
        lease.activate();
        engine.notifyReuse(lease.pool);
        return true;
    }

    /** R19: latches the picked connection, closes it if no stream rides it, and gives up reuse. */
    private static void abandon(LeaseImpl lease, Conn c, int live, CloseReason fact, long now) {
        CloseReason reason = fact != null ? fact : c.nextStreamIsLast() ? CloseReason.MAX_REUSE : CloseReason.ERROR;
        LoopPool home = c.homePool();
        home.lock.lock();
        try {
            home.abandonPickLocked(c, live, reason, now);
        } finally {
            home.lock.unlock();
        }
        lease.pickAbandoned();
    }

    // ---- R52 ------------------------------------------------------------------------------------

    /** R52: when the budget is exceeded, closes one parked connection of the target. */
    private void budgetKill(TargetPool pool, int loop) {
        if (!engine.settings.aboveHigh()) {
            return;
        }
        if (closeLruHead(pool.loops[loop], true)) {
            return;
        }
        int probes = engine.settings.shareAcrossLoops ? pool.loops.length - 1 : Math.min(1, pool.loops.length - 1);
        for (int i = 1; i <= probes; i++) {
            if (closeLruHead(pool.loops[(loop + i) % pool.loops.length], false)) {
                return;
            }
        }
    }

    private static boolean closeLruHead(LoopPool lp, boolean mayWait) {
        if (mayWait) {
            lp.lock.lock();
        } else if (!lp.lock.tryLock()) {
            return false;
        }
        try {
            return lp.closeLruHeadLocked(CloseReason.BUDGET);
        } finally {
            lp.lock.unlock();
        }
    }
}
