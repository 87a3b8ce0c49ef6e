package dev.tether.core.internal;

import dev.tether.core.ConnectReason;
import dev.tether.core.ConnectionState;
import dev.tether.core.ReusePolicy;
import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.ThreadSafe;

/**
 * Why a request needs a new connection (docs/behaviour.md E4), computed after the lookup missed, from
 * the equal-key connections the target has. The first reason that applies wins; computing it never
 * changes a decision.
 *
 * <p>"Usable by this session" means on the session's own list, or shareable (on no session's list,
 * not private) and homed on the session's loop.
 *
 * <p>It reads counts, not connections: per loop, the key's {@link KeyBucket} counts and the loop's
 * count of shareable connections, kept by {@link LoopLists} at every transition; on the current loop
 * also the counts of the session's own {@link SessionList} for the target. So the work per loop does
 * not grow with the connections: only a bucket that holds two keys (a 64-bit hash collision), or a
 * session list that holds two keys, has its connections compared one by one.
 *
 * <p>Thread safety: confined to one call; takes the current loop's lock and only try-locks other
 * loops.
 */
@ThreadSafe
final class Reasons {
    private boolean forbiddenParked;
    private boolean maxReuseUsable;
    private boolean fullUsable;
    private boolean otherLoopParked;
    private boolean elsewhere;
    private boolean equalNotElsewhere;
    private boolean nonPrivateOther;

    private Reasons() {
    }

    /** The reason for a new connection for {@code lease} (not UPGRADE, STALE_RETRY or PRECONNECT). */
    static ConnectReason find(LeaseImpl lease) {
        TargetPool pool = lease.pool;
        if (pool.policy == ReusePolicy.NEVER) {
            return ConnectReason.POLICY_NEVER;
        }
        Reasons r = new Reasons();
        int current = lease.session.loop;
        for (LoopPool lp : pool.loops) {
            if (lp.loop == current) {
                lp.lock.lock();
            } else if (!lp.lock.tryLock()) {
                r.otherLoopParked |= lease.otherLoopBlocked;
                continue;
            }
            try {
                r.countLocked(lp, lease, lp.loop == current);
            } finally {
                lp.lock.unlock();
            }
        }
        return r.decide(lease);
    }

    /** What loop {@code lp} adds, from its counts. */
    @GuardedBy("lp.lock")
    private void countLocked(LoopPool lp, LeaseImpl lease, boolean currentLoop) {
        LoopLists lists = lp.lists;
        KeyBucket b = lists.index.get(lease.key.hash64());
        if (b != null && b.mixed) {
            scanLocked(lp, lease, currentLoop);
            return;
        }
        if (b == null || !b.holdsOnly(lease.key)) {
            nonPrivateOther |= lists.nonPrivate() > 0;
            return;
        }
        // Members of the key make this loop set elsewhere or equalNotElsewhere, so KEY_MISMATCH cannot
        // follow: other keys' connections here need no counting.
        int mine = currentLoop ? ownLocked(lp.pool, lease) : 0; // a session's connections are on its loop (R33)
        elsewhere |= b.owned > mine;
        equalNotElsewhere |= b.members > b.owned - mine;
        boolean first = lease.traits.isFirst();
        ReusePolicy policy = lp.pool.policy;
        parked(b.idle.size(), first && (policy == ReusePolicy.SAFE || policy == ReusePolicy.AGGRESSIVE), currentLoop);
        parked(b.safe.size(), first && policy == ReusePolicy.SAFE, currentLoop);
        if (currentLoop) {
            maxReuseUsable |= b.busyAtMaxReuse > 0;
            fullUsable |= b.busy > 0;
        }
    }

    /** {@code count} equal-key connections parked on one loop, in a list R15 forbids or not. */
    private void parked(int count, boolean forbidden, boolean currentLoop) {
        if (count == 0) {
            return;
        }
        if (forbidden) {
            forbiddenParked = true;
        } else if (!currentLoop) {
            otherLoopParked = true;
        }
    }

    /**
     * The session's equal-key connections (all usable by it); returns how many. Read from its
     * {@link SessionList}'s counts, walked only when the list holds connections of two keys.
     */
    @GuardedBy("the session's loop lock")
    private int ownLocked(TargetPool pool, LeaseImpl lease) {
        SessionList list = lease.session.listFor(pool);
        if (list == null || list.isEmpty()) {
            return 0;
        }
        if (list.mixed()) {
            return ownScanLocked(list, lease);
        }
        if (!list.holdsOnly(lease.key)) {
            return 0;
        }
        int mine = list.size();
        int atMaxReuse = list.atMaxReuse();
        maxReuseUsable |= atMaxReuse > 0;
        fullUsable |= mine > atMaxReuse;
        return mine;
    }

    /** A session list of two keys: its connections compared one by one. */
    @GuardedBy("the session's loop lock")
    private int ownScanLocked(SessionList list, LeaseImpl lease) {
        int mine = 0;
        for (Node n = list.head(); n != null; n = n.next) {
            Conn c = n.conn;
            if (c.key.equals(lease.key)) {
                mine++;
                if (c.latchedByMaxReuse()) {
                    maxReuseUsable = true;
                } else {
                    fullUsable = true;
                }
            }
        }
        return mine;
    }

    /** A loop whose bucket holds two keys: its connections compared one by one. */
    @GuardedBy("lp.lock")
    private void scanLocked(LoopPool lp, LeaseImpl lease, boolean currentLoop) {
        boolean first = lease.traits.isFirst();
        ReusePolicy policy = lp.pool.policy;
        for (Node n = lp.lists.all.head(); n != null; n = n.next) {
            Conn c = n.conn;
            if (!c.key.equals(lease.key)) {
                nonPrivateOther |= !c.isPrivate();
                continue;
            }
            ConnectionState s = c.state;
            if (c.owner != null && c.owner != lease.session) {
                elsewhere = true;
                continue;
            }
            equalNotElsewhere = true;
            if (s.isParked()) {
                parked(1, forbidden(policy, first, s), currentLoop);
            } else if (c.owner == lease.session || currentLoop) {
                if (c.latchedByMaxReuse()) {
                    maxReuseUsable = true;
                } else {
                    fullUsable = true;
                }
            }
        }
    }

    /** True if R15 forbids a parked connection in state {@code s} to this request. */
    private static boolean forbidden(ReusePolicy policy, boolean first, ConnectionState s) {
        if (!first) {
            return false;
        }
        switch (policy) {
            case SAFE:
                return true;
            case AGGRESSIVE:
                return s == ConnectionState.IDLE;
            default:
                return false;
        }
    }

    private ConnectReason decide(LeaseImpl lease) {
        if (forbiddenParked) {
            return ConnectReason.FIRST_REQUEST;
        }
        if (maxReuseUsable) {
            return ConnectReason.MAX_REUSE_REACHED;
        }
        if (fullUsable || lease.abandoned) {
            return ConnectReason.ALL_FULL;
        }
        if (otherLoopParked) {
            return ConnectReason.OTHER_LOOP;
        }
        if (elsewhere && !equalNotElsewhere) {
            return ConnectReason.PRIVATE_ELSEWHERE;
        }
        if (nonPrivateOther && !elsewhere && !equalNotElsewhere) {
            return ConnectReason.KEY_MISMATCH;
        }
        return ConnectReason.NO_MATCH;
    }
}
