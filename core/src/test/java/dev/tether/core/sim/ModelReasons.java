package dev.tether.core.sim;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectReason;
import dev.tether.core.ConnectionState;

/**
 * The {@link ConnectReason} of a new connection after a lookup found nothing (E4), first match wins.
 * UPGRADE and STALE_RETRY are decided before the lookup, PRECONNECT and OTHER_LOOP cannot occur
 * (no pre-connect, one loop).
 *
 * <p>Readings of E4 this model takes: "usable by this session" means open, with an equal key, and
 * not on another session's list (shared states and the session's own list, latched or not);
 * "refused only because of maxReuse" means latched by {@code maxReuse} (R49); a connection abandoned
 * by R19 in this acquire counts as usable and unable to take a stream.
 *
 * <p>Thread safety: stateless.
 */
final class ModelReasons {
    private ModelReasons() {
    }

    static ConnectReason reason(ModelSession s, ModelTarget t, int key, boolean first, boolean abandoned) {
        if (t.effectivelyNever()) {
            return ConnectReason.POLICY_NEVER;
        }
        ConnectionState[] allowed = ReuseModel.parkedOrder(t.policy, first);
        for (ModelConn c : t.parked) {
            if (c.key == key && !contains(allowed, c.state)) {
                return ConnectReason.FIRST_REQUEST; // parked in a list R15 forbade
            }
        }
        boolean maxReuse = false;
        boolean usable = abandoned;
        boolean elsewhere = false;
        boolean otherKeyShareable = false;
        for (ModelConn c : t.live) {
            if (c.key != key) {
                otherKeyShareable |= !c.priv;
            } else if (c.owner != null && c.owner != s) {
                elsewhere = true;
            } else {
                usable = true;
                maxReuse |= c.latch == CloseReason.MAX_REUSE;
            }
        }
        if (maxReuse) {
            return ConnectReason.MAX_REUSE_REACHED;
        }
        if (usable) {
            return ConnectReason.ALL_FULL;
        }
        if (elsewhere) {
            return ConnectReason.PRIVATE_ELSEWHERE;
        }
        return otherKeyShareable ? ConnectReason.KEY_MISMATCH : ConnectReason.NO_MATCH;
    }

    private static boolean contains(ConnectionState[] states, ConnectionState s) {
        for (ConnectionState x : states) {
            if (x == s) {
                return true;
            }
        }
        return false;
    }
}
