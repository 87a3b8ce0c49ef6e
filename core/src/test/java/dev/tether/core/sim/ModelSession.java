package dev.tether.core.sim;

import dev.tether.core.ConnectionState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session of the {@link ReuseModel}: one list of connections per target, in insertion order (R34).
 *
 * <p>Invariants: every connection on a list has {@code owner == this} and is open; a list is dropped
 * when it becomes empty; a closed session has no list.
 *
 * <p>Thread safety: not thread safe.
 */
final class ModelSession {
    final int id;
    /** Its event loop: every connection on its lists is homed there (R33). */
    final int loop;
    boolean closed;
    boolean preferLastTarget;
    final Map<ModelTarget, List<ModelConn>> lists = new LinkedHashMap<>();
    /** The targets in the order the session first had a list for them, as the engine keeps them (R38's close order). */
    final List<ModelTarget> targetOrder = new ArrayList<>();

    ModelSession(int id, int loop) {
        this.id = id;
        this.loop = loop;
    }

    /** The session's connections to {@code t}, in insertion order (possibly empty, never null). */
    List<ModelConn> list(ModelTarget t) {
        List<ModelConn> l = lists.get(t);
        return l == null ? List.of() : l;
    }

    void add(ModelConn c) {
        if (!targetOrder.contains(c.target)) {
            targetOrder.add(c.target);
        }
        lists.computeIfAbsent(c.target, t -> new ArrayList<>()).add(c);
    }

    void remove(ModelConn c) {
        List<ModelConn> l = lists.get(c.target);
        if (l != null && l.remove(c) && l.isEmpty()) {
            lists.remove(c.target); // R34: dropped when empty
        }
    }

    /** PRIVATE_IDLE connections over all targets (§1.4). */
    int idleCount() {
        int n = 0;
        for (List<ModelConn> l : lists.values()) {
            for (ModelConn c : l) {
                if (c.state == ConnectionState.PRIVATE_IDLE) {
                    n++;
                }
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "s" + id + "(loop " + loop + ")";
    }
}
