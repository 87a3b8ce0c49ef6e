package dev.tether.core.sim;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectReason;

/**
 * The {@link ConnectReason} of a new connection after a lookup found nothing (E4), first match wins.
 * UPGRADE, STALE_RETRY and PRECONNECT are decided before the lookup.
 *
 * <p>Readings of E4 this model takes: "usable by this session" means open, with an equal key, not
 * parked, and either on the session's own list or on no session's list and homed on the session's
 * loop (other loops' AVAILABLE lists are never searched, R14); "refused only because of maxReuse"
 * means latched by {@code maxReuse} (R49); a connection abandoned by R19 in this acquire counts as
 * usable and unable to take a stream; OTHER_LOOP needs an equal-key parked connection R15 allows on
 * another loop, or a loop the reasons cannot see (its lock held) when the lookup was prevented from
 * taking a parked connection on another loop; a loop whose lock is held is invisible to every other reason; an equal-key connection
 * that is neither private to another session nor usable (busy on another loop, say) rules out
 * PRIVATE_ELSEWHERE and KEY_MISMATCH.
 *
 * <p>Thread safety: stateless.
 */
final class ModelReasons {
    private ModelReasons() {
    }

    static ConnectReason reason(ReuseModel.Request r, ModelTarget t, ModelLookup lookup) {
        if (t.effectivelyNever()) {
            return ConnectReason.POLICY_NEVER;
        }
        ModelSession s = r.session;
        boolean first = r.traits.isFirst();
        boolean forbidden = false;
        boolean maxReuse = false;
        boolean usable = lookup.abandoned;
        boolean otherLoop = lookup.otherLoopBlocked && r.lockedLoop >= 0;
        boolean elsewhere = false;
        boolean equalNotElsewhere = false;
        boolean otherKeyShareable = false;
        for (ModelConn c : t.live) {
            if (c.home == r.lockedLoop) {
                continue;
            }
            if (c.key != r.key) {
                otherKeyShareable |= !c.priv;
            } else if (c.owner != null && c.owner != s) {
                elsewhere = true;
            } else {
                equalNotElsewhere = true;
                if (c.isParked()) {
                    boolean ok = ModelLookup.allowed(t.policy, first, c.state);
                    forbidden |= !ok;
                    otherLoop |= ok && c.home != s.loop;
                } else if (c.owner == s || c.home == s.loop) {
                    usable = true;
                    maxReuse |= c.latch == CloseReason.MAX_REUSE;
                }
            }
        }
        if (forbidden) {
            return ConnectReason.FIRST_REQUEST; // parked in a list R15 forbade
        }
        if (maxReuse) {
            return ConnectReason.MAX_REUSE_REACHED;
        }
        if (usable) {
            return ConnectReason.ALL_FULL;
        }
        if (otherLoop) {
            return ConnectReason.OTHER_LOOP;
        }
        if (elsewhere && !equalNotElsewhere) {
            return ConnectReason.PRIVATE_ELSEWHERE;
        }
        return otherKeyShareable && !elsewhere && !equalNotElsewhere ? ConnectReason.KEY_MISMATCH
                : ConnectReason.NO_MATCH;
    }
}
