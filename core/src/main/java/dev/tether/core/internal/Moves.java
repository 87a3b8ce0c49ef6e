package dev.tether.core.internal;

import dev.tether.core.ConnectionState;
import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.NotThreadSafe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import static dev.tether.core.ConnectionState.AVAILABLE;
import static dev.tether.core.ConnectionState.EXCLUSIVE;
import static dev.tether.core.ConnectionState.IDLE;
import static dev.tether.core.ConnectionState.PRIVATE_IDLE;
import static dev.tether.core.ConnectionState.SAFE;

/**
 * How one {@link LoopPool}'s transitions are carried out: the one place that writes a connection's
 * state (but for {@code CLOSED} on a connection that is on no list: {@link LoopPool#neverRegistered},
 * {@link LoopPool#closed}), owner and {@code parkedAt}, moves it between its {@link LoopLists} and
 * keeps the pool's {@link Stripe} in step, in the same critical section. Its pool decides which transition happens;
 * this class only performs it. {@link #move} performs any legal move; {@link #unpark} and
 * {@link #park} are the two moves of every reuse of a parked connection (R18, R51), with only the
 * steps those states take, so that the common acquire and release do no more than they must.
 *
 * <p>Invariants: those of {@link LoopPool}: after every method, the stripe's gauges and the lists'
 * counts are those of the connections' states, and each connection is on the lists of its state.
 *
 * <p>Thread safety: guarded by its pool's lock; called by that pool only, under the lock.
 */
@NotThreadSafe
final class Moves {
    /** {@code Conn.state}, stored with release order on the moves after registration. */
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Conn.class, "state", ConnectionState.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TargetPool pool;
    private final int loop;
    private final LoopLock lock;
    @GuardedBy("lock")
    private final LoopLists lists;
    @GuardedBy("lock")
    private final Stripe stripe;

    Moves(LoopPool home) {
        this.pool = home.pool;
        this.loop = home.loop;
        this.lock = home.lock;
        this.lists = home.lists;
        this.stripe = home.stripe;
    }

    /**
     * Moves {@code c} to {@code to}: leaves its list, adjusts the counters, joins the list of
     * {@code to} (a parked list at the tail with {@code parkedAt = now}, the AVAILABLE list, or
     * {@code owner}'s list), and arms the purge deadline when parking. A move between two states of a
     * session list keeps the connection's place on it (R34).
     */
    void move(Conn c, ConnectionState to, SessionImpl owner, long now) {
        ConnectionState from = c.state;
        assert checked(c, from, to);
        boolean keepPlace = from != null && from.isOnSessionList() && to.isOnSessionList();
        lists.count(c, from, -1);
        if (from != null) {
            stripe.count(from, -1);
            if (from == PRIVATE_IDLE) {
                c.owner.idleLeft();
            }
            if (!keepPlace) {
                lists.unlink(c, from);
                if (from.isOnSessionList()) {
                    c.owner = null;
                }
            }
        }
        stripe.count(to, 1);
        if (from == null) {
            c.state = to; // registration: installMux's store/load order with the mux needs the full fence
        } else {
            STATE.setRelease(c, to); // under the lock: a reader needs release/acquire order only
        }
        if (!keepPlace && to.isOnSessionList()) {
            assert owner != null && owner.loop == loop : "R33 owner on another loop: " + c;
            c.owner = owner;
            lists.link(c, to, owner.entryFor(pool));
        } else if (!keepPlace) {
            lists.link(c, to, null);
        }
        lists.count(c, to, 1);
        if (to.isParked() || to == PRIVATE_IDLE) {
            c.parkedAtNanos = now;
        }
        if (to.isParked()) {
            pool.armPurge(now);
        }
        if (to == PRIVATE_IDLE) {
            c.owner.idleJoined();
        }
        if (isUsed(to) && (from == null || !isUsed(from))) {
            pool.raisePeak();
        }
    }

    /**
     * {@link #move} from a parked state to EXCLUSIVE or AVAILABLE, the pick of R18, with only the
     * steps those states take: off its parked list and the LRU, {@code used} +1, onto the
     * AVAILABLE list or none, counted busy, the peak raised.
     */
    void unpark(Conn c, ConnectionState from, ConnectionState to) {
        assert checked(c, from, to);
        if (from == SAFE) {
            stripe.safe--;
        } else {
            stripe.idle--;
        }
        lists.unlinkParked(c);
        stripe.used++;
        STATE.setRelease(c, to);
        lists.linkBusy(c, to);
        pool.raisePeak();
    }

    /**
     * {@link #move} from EXCLUSIVE or AVAILABLE to a parked state, R51, with only the steps those
     * states take: uncounted busy, off the AVAILABLE list if on it, {@code used} −1, at the tail of
     * its parked list and the LRU with {@code parkedAt = now}, the purge deadline armed.
     */
    void park(Conn c, ConnectionState from, ConnectionState to, long now) {
        assert checked(c, from, to);
        lists.unlinkBusy(c, from);
        stripe.used--;
        if (to == SAFE) {
            stripe.safe++;
        } else {
            stripe.idle++;
        }
        STATE.setRelease(c, to);
        lists.linkParked(c, to);
        c.parkedAtNanos = now;
        pool.armPurge(now);
    }

    /** The checks every move passes; true, so that they run only with assertions on. */
    private boolean checked(Conn c, ConnectionState from, ConnectionState to) {
        assert lock.isHeldByCurrentThread();
        assert Transitions.legal(from, to) : "illegal transition " + from + " -> " + to + ": " + c;
        assert c.home == loop : "moved under the wrong loop's lock: " + c;
        assert !(c.isPrivate() && (to == IDLE || to == SAFE || to == AVAILABLE)) : "R31 private listed: " + c;
        assert !(c.noNewStreams() && (to == IDLE || to == SAFE || to == AVAILABLE || to == PRIVATE_IDLE))
                : "latched connection listed: " + c;
        return true;
    }

    private static boolean isUsed(ConnectionState s) {
        return s == EXCLUSIVE || s == AVAILABLE || s == ConnectionState.SESSION_RESERVED;
    }
}
