package dev.tether.core.internal;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectReason;
import dev.tether.core.ConnectionState;
import dev.tether.core.FailureClass;
import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.ThreadSafe;

import static dev.tether.core.ConnectionState.AVAILABLE;
import static dev.tether.core.ConnectionState.CLOSED;
import static dev.tether.core.ConnectionState.CLOSING;
import static dev.tether.core.ConnectionState.EXCLUSIVE;
import static dev.tether.core.ConnectionState.IDLE;
import static dev.tether.core.ConnectionState.PRIVATE_BUSY;
import static dev.tether.core.ConnectionState.PRIVATE_IDLE;
import static dev.tether.core.ConnectionState.SAFE;

/**
 * A target's connections homed on one event loop (docs/behaviour.md §1: lists "per (target, loop)"),
 * and the one writer of where each of them is: its state, its owner, its home and when it was parked;
 * its list membership through {@link #lists} (IDLE, SAFE and AVAILABLE lists by key, the owner
 * session's list, the LRU, the list of all, and the per-key counts E4 reads); this loop's counter
 * {@link Stripe}; and the session idle counts. Every change is a method named for its transition
 * (§1.1), all funnelled through its {@link Moves}, so that list membership and counters change
 * in the same critical section (§1.4).
 *
 * <p>Invariants: a parked connection is on exactly one IDLE or SAFE list and on the LRU;
 * {@code stripe.idle} and {@code stripe.safe} equal the sizes of this loop's IDLE and SAFE lists;
 * a connection on {@code lists.all} has {@code home == loop}; a connection moved to CLOSING is off
 * every list and its transport is closed by {@link LoopLock#unlock()} once the lock is free.
 *
 * <p>Thread safety: everything is guarded by {@link #lock}, taken and released in one method by
 * whoever asks for a transition (its {@code …Locked} methods assert it is held). No code holds two loop
 * locks of the same target at once, except passes that take them all with {@link LoopLock#lockAll}.
 * No mux, transport, connector or listener is called while the lock is held.
 */
@ThreadSafe
final class LoopPool {
    final TargetPool pool;
    final int loop;
    /** Guards everything here; closes the transports of connections moved to CLOSING once free. */
    final LoopLock lock;
    @GuardedBy("lock")
    final LoopLists lists = new LoopLists();
    @GuardedBy("lock")
    final Stripe stripe = new Stripe();
    /** The one place that moves a connection between states, lists and counters. */
    @GuardedBy("lock")
    private final Moves moves;

    LoopPool(TargetPool pool, int loop) {
        this.pool = pool;
        this.loop = loop;
        this.lock = new LoopLock(pool);
        this.moves = new Moves(this);
    }

    /** True if {@code c} is homed here; read under the lock, it stays so until the lock is released. */
    boolean isHomeOf(Conn c) {
        return c.home == loop;
    }

    /** A connection whose connector failed before it was registered is CLOSED at once (R24). */
    static void neverRegistered(Conn c) {
        c.state = CLOSED;
    }

    /** §1.3: its transport was closed after the lock was released (by {@link LoopLock}). */
    static void closed(Conn c) {
        c.state = CLOSED;
    }

    // ---- transitions (§1.1) --------------------------------------------------------------------

    /** Registers a connection created here in its first state and counts its connect (R23, R25, R26). */
    @GuardedBy("lock")
    void registerLocked(Conn c, ConnectionState first, SessionImpl owner, ConnectReason reason, long now) {
        stripe.connect++;
        stripe.connectReasons[reason.ordinal()]++;
        lists.enter(c);
        moves.move(c, first, owner, now);
    }

    /**
     * A pick (R13, R14, R18): moves {@code c} to {@code to} (joining {@code s}'s list if that is a
     * session state), claims a stream slot for the lease, latches MAX_REUSE if this is the last stream
     * {@code maxReuse} allows (R49), and counts a reuse.
     */
    @GuardedBy("lock")
    void pickLocked(Conn c, ConnectionState to, SessionImpl s, long now) {
        ConnectionState from = c.state;
        if (from.isParked() && (to == EXCLUSIVE || to == AVAILABLE)) {
            moves.unpark(c, from, to);
        } else if (to != from) {
            moves.move(c, to, s, now);
        }
        claimLocked(c);
    }

    private void claimLocked(Conn c) {
        if (c.nextStreamIsLast()) {
            latchLocked(c, CloseReason.MAX_REUSE);
        }
        c.claimStream();
        stripe.reuse++;
    }

    /**
     * R19: the pick of {@code c} is given up ({@code available} is the mux's count read with no lock
     * held): the claim is undone, the connection latched with {@code reason}, closed if no stream
     * rides it, else taken off the AVAILABLE list.
     */
    @GuardedBy("lock")
    void abandonPickLocked(Conn c, int available, CloseReason reason, long now) {
        c.unclaimStream();
        stripe.reuse--;
        c.publishAvailable(available);
        latchLocked(c, reason);
        if (!c.isOpen()) {
            return;
        }
        if (c.streams() == 0) {
            closeLocked(c, c.latchReason());
        } else if (c.state == AVAILABLE) {
            moves.move(c, EXCLUSIVE, null, now);
        }
    }

    /** EXCLUSIVE → AVAILABLE: streams remain and a slot is free (R42). */
    @GuardedBy("lock")
    void shareLocked(Conn c, long now) {
        moves.move(c, AVAILABLE, null, now);
    }

    /** AVAILABLE → EXCLUSIVE: full, or latched (R19, R64, R65, R66, E1). No-op in any other state. */
    @GuardedBy("lock")
    void unshareLocked(Conn c, long now) {
        if (c.state == AVAILABLE) {
            moves.move(c, EXCLUSIVE, null, now);
        }
    }

    /** Parks {@code c} as SAFE or IDLE at the tail of its list and of the LRU (R51). */
    @GuardedBy("lock")
    void parkLocked(Conn c, boolean safe, long now) {
        ConnectionState from = c.state;
        if (from == EXCLUSIVE || from == AVAILABLE) {
            moves.park(c, from, safe ? SAFE : IDLE, now);
        } else {
            moves.move(c, safe ? SAFE : IDLE, null, now);
        }
    }

    /** PRIVATE_BUSY → PRIVATE_IDLE (R35, R43). */
    @GuardedBy("lock")
    void privateIdleLocked(Conn c, long now) {
        moves.move(c, PRIVATE_IDLE, null, now);
    }

    /**
     * An EXCLUSIVE connection takes the place it was given: a new one whose mux came after the
     * handshake (R26, R27), or one taken over from another loop (R18, R61); {@code s} is the lease's
     * session, whose list it joins in a session state. No-op for EXCLUSIVE.
     */
    @GuardedBy("lock")
    void placeLocked(Conn c, ConnectionState to, SessionImpl s, long now) {
        if (to != c.state) {
            moves.move(c, to, s, now);
        }
    }

    /** R30: latches {@code c} private and moves it to {@code s}'s list as PRIVATE_BUSY. */
    @GuardedBy("lock")
    void makePrivateLocked(Conn c, SessionImpl s, long now) {
        lists.privateLatched(c);
        c.markPrivate();
        moves.move(c, PRIVATE_BUSY, s, now);
    }

    /** Latches {@code noNewStreams} on {@code c}, homed here, with its first reason (§1.2). */
    @GuardedBy("lock")
    void latchLocked(Conn c, CloseReason reason) {
        if (c.noNewStreams()) {
            return;
        }
        boolean held = lists.holds(c); // not while it moves between loops (R61)
        if (held) {
            lists.count(c, c.state, -1);
        }
        c.latch(reason);
        if (held) {
            lists.count(c, c.state, 1);
        }
    }

    /**
     * E1: if {@code c} reached its lifetime, latches TTL and closes it when idle, or takes it off the
     * AVAILABLE list. True if it expired.
     */
    @GuardedBy("lock")
    boolean expireLocked(Conn c, long now) {
        long ttl = pool.limits.maxLifetimeNanos();
        if (ttl == 0 || now - c.createdAtNanos < ttl) {
            return false;
        }
        latchLocked(c, CloseReason.TTL);
        ConnectionState s = c.state;
        if (s.isParked() || s == PRIVATE_IDLE) {
            closeLocked(c, CloseReason.TTL);
        } else {
            unshareLocked(c, now);
        }
        return true;
    }

    /**
     * Moves {@code c} to CLOSING with {@code reason}, counts the reason and forgets the connection;
     * {@link LoopLock#unlock()} closes its transport once the lock is released (§1.3).
     */
    @GuardedBy("lock")
    void closeLocked(Conn c, CloseReason reason) {
        latchLocked(c, reason);
        c.closing(reason);
        moves.move(c, CLOSING, null, 0);
        stripe.closeReasons[reason.ordinal()]++;
        lists.leave(c);
        pool.connectionGone();
        lock.closeAfterUnlock(c);
    }

    /** Closes the least recently parked connection here (R52, E3); false if none is parked. */
    @GuardedBy("lock")
    boolean closeLruHeadLocked(CloseReason reason) {
        Conn head = lists.lruHead();
        if (head == null) {
            return false;
        }
        closeLocked(head, reason);
        return true;
    }

    /**
     * R55.4: closes up to {@code quota} connections from the LRU head, skipping pre-connect ones
     * (E6); returns how many it closed.
     */
    @GuardedBy("all loop locks")
    long purgeLocked(long quota, Preconnects preconnects) {
        Node n = lists.lru.head();
        long closed = 0;
        while (closed < quota && n != null) {
            Conn c = n.conn;
            n = n.next;
            if (preconnects.protectsLocked(pool, c)) {
                continue; // E6: purge keeps a pre-connected key at its count
            }
            closeLocked(c, CloseReason.PURGED);
            closed++;
        }
        lists.index.sweepEmpty();
        return closed;
    }

    /**
     * R61, on the victim loop: a parked {@code c} leaves this loop for a lease on {@code to}'s loop;
     * its stream slot is claimed here (so nothing parks or picks it while it moves) and its counts in
     * {@code used} stay in this stripe until it is placed on the new loop.
     */
    @GuardedBy("lock")
    void emigrateLocked(Conn c, long now) {
        moves.move(c, EXCLUSIVE, null, now);
        claimLocked(c);
        lists.leave(c);
        c.inTransit = true;
    }

    /** R61, on the taking loop: {@code c}, emigrated from another loop, is homed here. */
    @GuardedBy("lock")
    void immigrateLocked(Conn c) {
        c.home = loop;
        lists.enter(c);
        c.inTransit = false;
    }

    /** R61: the migration of an emigrated {@code c} failed; the claim is undone, then it closes. */
    @GuardedBy("lock")
    void migrationFailedLocked(Conn c) {
        c.unclaimStream();
        stripe.reuse--;
        if (c.isOpen()) {
            closeLocked(c, CloseReason.ERROR);
        }
    }

    /** R71: counts a failed exchange's class. */
    @GuardedBy("lock")
    void countFailureLocked(FailureClass failure) {
        stripe.failureClasses[failure.ordinal()]++;
    }

    /** The least recently parked connection here, or {@code null}. */
    @GuardedBy("lock")
    Conn lruHead() {
        return lists.lruHead();
    }
}
