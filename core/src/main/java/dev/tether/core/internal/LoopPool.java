package dev.tether.core.internal;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectionState;
import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.ThreadSafe;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

import static dev.tether.core.ConnectionState.AVAILABLE;
import static dev.tether.core.ConnectionState.CLOSING;
import static dev.tether.core.ConnectionState.IDLE;
import static dev.tether.core.ConnectionState.PRIVATE_IDLE;
import static dev.tether.core.ConnectionState.SAFE;

/**
 * A target's connections homed on one event loop (docs/behaviour.md §1: lists "per (target, loop)"):
 * the IDLE, SAFE and AVAILABLE lists indexed by key hash, the LRU of parked connections (head =
 * least recently parked), the list of every open connection, and this loop's counter stripe. The
 * session lists of this loop's sessions for this target are guarded by the same lock.
 *
 * <p>Invariants: every state change of a connection homed here goes through {@link #moveLocked},
 * which keeps list membership and counters in step (§1.4); a parked connection is on exactly one
 * IDLE or SAFE list and on the LRU; {@code stripe.idle} and {@code stripe.safe} equal the sizes of
 * this loop's IDLE and SAFE lists.
 *
 * <p>Thread safety: everything is guarded by {@link #lock}. No code holds two loop locks of the same
 * target at once, except passes that take them all in index order (purge, snapshots). No mux,
 * transport, connector or listener is called while {@code lock} is held.
 */
@ThreadSafe
final class LoopPool {
    final TargetPool pool;
    final int loop;
    final ReentrantLock lock = new ReentrantLock();
    @GuardedBy("lock")
    final KeyIndex index = new KeyIndex();
    /** Parked connections, head = least recently parked (R51, R55). */
    @GuardedBy("lock")
    final ConnectionList lru = new ConnectionList();
    /** Every open connection homed here (for drain, expiry, reasons and snapshots). */
    @GuardedBy("lock")
    final ConnectionList all = new ConnectionList();
    @GuardedBy("lock")
    final Stripe stripe = new Stripe();
    /** Connections moved to CLOSING whose transports {@link #unlock()} closes once the lock is free. */
    @GuardedBy("lock")
    private final ArrayDeque<Conn> closing = new ArrayDeque<>();
    private volatile int closingCount;

    LoopPool(TargetPool pool, int loop) {
        this.pool = pool;
        this.loop = loop;
    }

    /**
     * Moves {@code c} to {@code to}: leaves its list, adjusts the counters, joins the list of
     * {@code to} (a parked list at the tail with {@code parkedAt = now}, the AVAILABLE list, or
     * {@code owner}'s list), and arms the purge deadline when parking. A move between two states of a
     * session list keeps the connection's place on it (R34).
     *
     * @param c a connection homed here, or a new one ({@code state == null})
     * @param to its new state
     * @param owner the session whose list it joins, for a move onto a session list from elsewhere
     * @param now the current time, used when parking
     */
    @GuardedBy("lock")
    void moveLocked(Conn c, ConnectionState to, SessionImpl owner, long now) {
        assert lock.isHeldByCurrentThread();
        ConnectionState from = c.state;
        assert Transitions.legal(from, to) : "illegal transition " + from + " -> " + to + ": " + c;
        assert c.home == loop : "moved under the wrong loop's lock: " + c;
        assert !(c.privateLatch && (to == IDLE || to == SAFE || to == AVAILABLE)) : "R31 private listed: " + c;
        assert !(c.noNewStreams && (to == IDLE || to == SAFE || to == AVAILABLE || to == PRIVATE_IDLE))
                : "latched connection listed: " + c;
        boolean keepPlace = from != null && from.isOnSessionList() && to.isOnSessionList();
        if (from != null) {
            stripe.count(from, -1);
            if (from == PRIVATE_IDLE) {
                c.owner.idleCount.decrementAndGet();
            }
            if (!keepPlace) {
                unlinkLocked(c, from);
            }
        }
        stripe.count(to, 1);
        c.state = to;
        if (!keepPlace) {
            linkLocked(c, to, owner, now);
        }
        if (to == PRIVATE_IDLE) {
            c.owner.idleCount.incrementAndGet();
            c.parkedAtNanos = now;
        }
        if (isUsed(to) && (from == null || !isUsed(from))) {
            pool.raisePeak();
        }
    }

    /**
     * Moves {@code c} to CLOSING with {@code reason}, counts the reason and forgets the connection;
     * {@link #unlock()} closes its transport once the lock is released (§1.3).
     */
    @GuardedBy("lock")
    void closeLocked(Conn c, CloseReason reason) {
        assert lock.isHeldByCurrentThread();
        c.latch(reason);
        moveLocked(c, CLOSING, null, 0);
        c.closeReason = reason;
        stripe.closeReasons[reason.ordinal()]++;
        all.remove(c.allNode);
        pool.open.decrementAndGet();
        closing.addLast(c);
        closingCount++;
    }

    /**
     * Releases {@link #lock}, then closes the transports of the connections this loop moved to
     * CLOSING, outside any lock. Every holder of the lock releases it through this method.
     */
    void unlock() {
        assert lock.isHeldByCurrentThread();
        if (closingCount == 0) {
            lock.unlock(); // the common case: nothing to close
            return;
        }
        while (true) {
            Conn c = closing.pollFirst();
            if (c != null) {
                closingCount--;
            }
            lock.unlock();
            if (c == null) {
                return;
            }
            pool.engine.finishClose(c);
            if (closingCount == 0) {
                return;
            }
            lock.lock();
        }
    }

    /** Closes the transports queued while the lock was held by a pass that released it directly. */
    void flushClosing() {
        if (closingCount > 0) {
            lock.lock();
            unlock();
        }
    }

    /** Registers a connection created here, in its first state (R23, R25, R26). */
    @GuardedBy("lock")
    void registerLocked(Conn c, ConnectionState first, SessionImpl owner, long now) {
        all.append(c.allNode);
        moveLocked(c, first, owner, now);
    }

    private void unlinkLocked(Conn c, ConnectionState from) {
        switch (from) {
            case IDLE:
            case SAFE:
                c.listNode.list.remove(c.listNode);
                lru.remove(c.lruNode);
                break;
            case AVAILABLE:
                c.bucket.available.remove(c.listNode);
                break;
            case SESSION_RESERVED:
            case PRIVATE_BUSY:
            case PRIVATE_IDLE:
                c.listNode.list.remove(c.listNode);
                c.owner = null;
                break;
            default:
                break;
        }
    }

    private void linkLocked(Conn c, ConnectionState to, SessionImpl owner, long now) {
        switch (to) {
            case IDLE:
            case SAFE:
                KeyBucket pb = bucketOf(c);
                (to == IDLE ? pb.idle : pb.safe).append(c.listNode);
                lru.append(c.lruNode);
                c.parkedAtNanos = now;
                pool.armPurge(now);
                break;
            case AVAILABLE:
                bucketOf(c).available.append(c.listNode);
                break;
            case SESSION_RESERVED:
            case PRIVATE_BUSY:
            case PRIVATE_IDLE:
                assert owner != null && owner.loop == loop : "R33 owner on another loop: " + c;
                owner.entryFor(pool).append(c.listNode);
                c.owner = owner;
                break;
            default:
                break;
        }
    }

    /**
     * {@code c}'s key's bucket here: the one it keeps from an earlier listing, unless the purge pass
     * swept it, else looked up (created if absent) and kept. Keeping it makes the SAFE ↔ AVAILABLE
     * moves of an idle H2 connection store no bucket reference (each costs a GC write barrier).
     */
    private KeyBucket bucketOf(Conn c) {
        KeyBucket b = c.bucket;
        if (b == null || b.swept) {
            b = index.getOrCreate(c.key.hash64());
            c.bucket = b;
        }
        return b;
    }

    private static boolean isUsed(ConnectionState s) {
        return s == ConnectionState.EXCLUSIVE || s == AVAILABLE || s == ConnectionState.SESSION_RESERVED;
    }

    /** The least recently parked connection here, or {@code null}. */
    @GuardedBy("lock")
    Conn lruHead() {
        Node n = lru.head();
        return n == null ? null : n.conn;
    }
}
