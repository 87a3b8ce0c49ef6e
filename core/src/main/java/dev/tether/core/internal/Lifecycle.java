package dev.tether.core.internal;

import dev.tether.core.AcquireFailure;
import dev.tether.core.CloseReason;
import dev.tether.core.ConnectionState;
import dev.tether.core.Target;
import dev.tether.core.annotations.ThreadSafe;

import java.util.List;

/**
 * Sessions and targets coming and going: closing a session (R38), draining and removing a target
 * (R66–R68), closing the engine (every target drained for good), and the session's preferred
 * target (R32).
 *
 * <p>Thread safety: {@link #closeSession} and {@link #preferredTarget} run on the session's loop;
 * drain, undrain and removal may run on any thread. Each loop lock is taken alone.
 */
@ThreadSafe
final class Lifecycle {
    private final DefaultReuseEngine engine;

    Lifecycle(DefaultReuseEngine engine) {
        this.engine = engine;
    }

    /** R38: closes every connection on the session's lists, whatever its state; fails its waiters. */
    void closeSession(SessionImpl s) {
        s.markClosed();
        for (int i = 0; i < s.targetCount(); i++) {
            TargetPool pool = s.targetAt(i);
            LoopPool lp = pool.loops[s.loop];
            lp.lock.lock();
            try {
                ConnectionList list = s.listAt(i);
                for (Node n = list.head(); n != null; ) {
                    Conn c = n.conn;
                    n = n.next;
                    lp.closeLocked(c, CloseReason.SESSION_CLOSED);
                }
            } finally {
                lp.lock.unlock();
            }
        }
        for (TargetPool pool : engine.targets()) {
            pool.waiters.failSession(s);
        }
    }

    /** R66: closes parked and private idle connections at once; latches busy ones. */
    void drain(TargetPool pool) {
        drainConnections(pool);
        pool.waiters.failAll(AcquireFailure.TARGET_DRAINING, "target " + pool.name() + " is draining");
    }

    /** Drains every target as R66 does; their waiters fail with ENGINE_CLOSED (the engine refuses acquires). */
    void closeEngine(TargetPool[] pools) {
        for (TargetPool pool : pools) {
            drainConnections(pool);
            pool.waiters.failAll(AcquireFailure.ENGINE_CLOSED, "the engine was closed while waiting for target "
                    + pool.name());
        }
    }

    private void drainConnections(TargetPool pool) {
        pool.startDraining();
        long now = engine.settings.clock.nanoTime();
        for (LoopPool lp : pool.loops) {
            lp.lock.lock();
            try {
                for (Node n = lp.lists.all.head(); n != null; ) {
                    Conn c = n.conn;
                    n = n.next;
                    drainLocked(lp, c, now);
                }
            } finally {
                lp.lock.unlock();
            }
        }
    }

    private static void drainLocked(LoopPool lp, Conn c, long now) {
        ConnectionState s = c.state;
        if (s.isParked() || s == ConnectionState.PRIVATE_IDLE || c.streams() == 0) {
            lp.closeLocked(c, CloseReason.DRAINED);
            return;
        }
        lp.latchLocked(c, CloseReason.DRAINED);
        lp.unshareLocked(c, now);
    }

    /** R67: lets acquire create connections again; latched connections stay latched. */
    void undrain(TargetPool pool) {
        pool.stopDraining();
    }

    /** R68: true (and the target removed) only once it has no open connection. */
    boolean removeTarget(TargetPool pool) {
        if (!isRemovable(pool)) {
            return false;
        }
        pool.markRemoved();
        engine.unregister(pool);
        pool.waiters.failAll(AcquireFailure.TARGET_REMOVED, "target " + pool.name() + " was removed");
        return true;
    }

    boolean isRemovable(TargetPool pool) {
        return pool.openCount() == 0;
    }

    /**
     * R32: the first target, in the session's list order, that is among {@code candidates} and has a
     * ready, unlatched connection on the session's list; or null.
     */
    Target preferredTarget(SessionImpl s, List<? extends Target> candidates) {
        TargetPool best = null;
        long bestOrder = Long.MAX_VALUE;
        for (int i = 0; i < s.targetCount(); i++) {
            TargetPool pool = s.targetAt(i);
            if (s.orderAt(i) >= bestOrder || !candidates.contains(pool)) {
                continue;
            }
            LoopPool lp = pool.loops[s.loop];
            lp.lock.lock();
            try {
                for (Node n = s.listAt(i).head(); n != null; n = n.next) {
                    if (n.conn.ready() && !n.conn.noNewStreams()) {
                        best = pool;
                        bestOrder = s.orderAt(i);
                        break;
                    }
                }
            } finally {
                lp.lock.unlock();
            }
        }
        return best;
    }
}
