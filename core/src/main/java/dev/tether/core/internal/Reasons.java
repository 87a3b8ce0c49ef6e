package dev.tether.core.internal;

import dev.tether.core.CloseReason;
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
 * <p>Thread safety: stateless; takes the current loop's lock and only try-locks other loops.
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
    static ConnectReason find(DefaultReuseEngine engine, LeaseImpl lease) {
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
                r.scanLocked(lp, lease, lp.loop == current);
            } finally {
                lp.unlock();
            }
        }
        return r.decide(lease);
    }

    @GuardedBy("lp.lock")
    private void scanLocked(LoopPool lp, LeaseImpl lease, boolean currentLoop) {
        boolean first = lease.traits.isFirst();
        ReusePolicy policy = lp.pool.policy;
        for (Node n = lp.all.head(); n != null; n = n.next) {
            Conn c = n.conn;
            if (!c.key.equals(lease.key)) {
                nonPrivateOther |= !c.privateLatch;
                continue;
            }
            ConnectionState s = c.state;
            if (c.owner != null && c.owner != lease.session) {
                elsewhere = true;
                continue;
            }
            equalNotElsewhere = true;
            if (s.isParked()) {
                if (forbidden(policy, first, s)) {
                    forbiddenParked = true;
                } else if (!currentLoop) {
                    otherLoopParked = true;
                }
            } else if (c.owner == lease.session || currentLoop) {
                if (c.noNewStreams && c.latchReason == CloseReason.MAX_REUSE) {
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
