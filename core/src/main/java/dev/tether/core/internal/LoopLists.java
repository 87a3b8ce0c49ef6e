package dev.tether.core.internal;

import dev.tether.core.ConnectionState;
import dev.tether.core.ReuseKey;
import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.NotThreadSafe;

import static dev.tether.core.ConnectionState.AVAILABLE;
import static dev.tether.core.ConnectionState.EXCLUSIVE;
import static dev.tether.core.ConnectionState.IDLE;

/**
 * Where the connections homed on one {@link LoopPool} are linked: the list of all of them, the LRU of
 * parked ones (head = least recently parked, R51, R55), and per key hash a {@link KeyBucket} with
 * the IDLE, SAFE and AVAILABLE lists and the counts docs/behaviour.md E4 reads. It links nodes and
 * keeps the counts; which state a connection is in, and when it moves, is its {@link LoopPool}'s
 * decision: every method here is called from one of the pool's transitions, with the state already
 * set as the method says.
 *
 * <p>Invariants: a connection is on {@code all} exactly while it is open and homed here (between
 * {@link #enter} and {@link #leave}), and then its {@code bucket} is its key hash's bucket in
 * {@code index}; a parked connection is on its bucket's IDLE or SAFE list and on {@code lru}; the
 * counts of every bucket, and {@code nonPrivate} (the open connections here that are not private),
 * are those a walk over {@code all} would find; so are the key and count of each {@link SessionList}
 * holding connections homed here.
 *
 * <p>Thread safety: guarded by its {@code LoopPool.lock}.
 */
@NotThreadSafe
final class LoopLists {
    @GuardedBy("LoopPool.lock")
    final KeyIndex index = new KeyIndex();
    /** Parked connections, head = least recently parked. */
    @GuardedBy("LoopPool.lock")
    final ConnectionList lru = new ConnectionList();
    /** Every open connection homed here (for drain, expiry, purge and snapshots). */
    @GuardedBy("LoopPool.lock")
    final ConnectionList all = new ConnectionList();
    @GuardedBy("LoopPool.lock")
    private int nonPrivate;

    /** The open connections homed here that are not private. */
    int nonPrivate() {
        return nonPrivate;
    }

    /** True while {@code c} is open and homed here. */
    boolean holds(Conn c) {
        return c.allNode.list == all;
    }

    /** {@code c}, in no state yet or EXCLUSIVE, is homed here from now: listed on {@code all} and counted in its key's bucket. */
    void enter(Conn c) {
        all.append(c.allNode);
        KeyBucket b = index.getOrCreate(c.key.hash64());
        if (b.members == 0) {
            b.key = c.key;
        } else if (!b.mixed && !c.key.equals(b.key)) {
            b.mixed = true; // a hash collision: E4 compares this bucket's keys one by one
        }
        b.members++;
        if (!c.isPrivate()) {
            b.nonPrivate++;
            nonPrivate++;
        }
        c.bucket = b;
        count(c, c.state, 1);
    }

    /** {@code c}, off every other list (CLOSING, or EXCLUSIVE and leaving for another loop), is no longer homed here. */
    void leave(Conn c) {
        count(c, c.state, -1);
        KeyBucket b = c.bucket;
        if (!c.isPrivate()) {
            b.nonPrivate--;
            nonPrivate--;
        }
        if (--b.members == 0) {
            b.key = null;
            b.mixed = false;
        }
        all.remove(c.allNode);
    }

    /** {@code c}, held here, is about to be latched private (R30): it no longer counts as shareable. */
    void privateLatched(Conn c) {
        if (holds(c) && !c.isPrivate()) {
            c.bucket.nonPrivate--;
            nonPrivate--;
        }
    }

    /**
     * Adds {@code delta} to the count state {@code s} (its state) puts {@code c} in ({@code owned},
     * and its session list's {@code atMaxReuse} when latched by {@code maxReuse}; {@code busy} or
     * {@code busyAtMaxReuse}; none for parked or closing). Called with −1 before any
     * change of its state or its {@code maxReuse} latch, and with +1 after.
     */
    void count(Conn c, ConnectionState s, int delta) {
        if (s == EXCLUSIVE || s == AVAILABLE) {
            if (c.latchedByMaxReuse()) {
                c.bucket.busyAtMaxReuse += delta;
            } else {
                c.bucket.busy += delta;
            }
        } else if (s != null && s.isOnSessionList()) {
            c.bucket.owned += delta;
            if (c.latchedByMaxReuse()) {
                sessionListOf(c).countAtMaxReuse(delta);
            }
        }
    }

    /** Takes {@code c} off the list of {@code from} (and the LRU when parked). */
    void unlink(Conn c, ConnectionState from) {
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
                sessionListOf(c).leave(c);
                break;
            default:
                break;
        }
    }

    /**
     * Puts {@code c} at the tail of the list of {@code to}: its bucket's IDLE or SAFE list and the
     * LRU, its bucket's AVAILABLE list, or {@code sessionList} for a session state.
     */
    void link(Conn c, ConnectionState to, SessionList sessionList) {
        switch (to) {
            case IDLE:
            case SAFE:
                (to == IDLE ? c.bucket.idle : c.bucket.safe).append(c.listNode);
                lru.append(c.lruNode);
                break;
            case AVAILABLE:
                c.bucket.available.append(c.listNode);
                break;
            case SESSION_RESERVED:
            case PRIVATE_BUSY:
            case PRIVATE_IDLE:
                sessionList.join(c);
                break;
            default:
                break;
        }
    }

    /** {@code c}, parked, leaves its IDLE or SAFE list and the LRU (the parked case of {@link #unlink}). */
    void unlinkParked(Conn c) {
        c.listNode.list.remove(c.listNode);
        lru.remove(c.lruNode);
    }

    /**
     * {@code c}, now EXCLUSIVE or AVAILABLE ({@code to}) and before on no count of this class (a
     * parked state), joins the AVAILABLE list if {@code to} is AVAILABLE and is counted busy: the
     * {@link #link} and {@link #count} of that move.
     */
    void linkBusy(Conn c, ConnectionState to) {
        if (to == AVAILABLE) {
            c.bucket.available.append(c.listNode);
        }
        count(c, to, 1);
    }

    /**
     * {@code c}, EXCLUSIVE or AVAILABLE ({@code from}), is uncounted busy and leaves the AVAILABLE
     * list if on it: the {@link #count} and {@link #unlink} of a move to a parked state.
     */
    void unlinkBusy(Conn c, ConnectionState from) {
        count(c, from, -1);
        if (from == AVAILABLE) {
            c.bucket.available.remove(c.listNode);
        }
    }

    /** {@code c}, now IDLE or SAFE ({@code to}), joins the tail of that list and of the LRU. */
    void linkParked(Conn c, ConnectionState to) {
        (to == IDLE ? c.bucket.idle : c.bucket.safe).append(c.listNode);
        lru.append(c.lruNode);
    }

    /** The list {@code c}, in a session state, is on: its owner's {@link SessionList} for the target. */
    private static SessionList sessionListOf(Conn c) {
        return (SessionList) c.listNode.list;
    }

    /** The parked connections here with key {@code k} (E6), from its bucket's lists. */
    int parkedWithKey(ReuseKey k) {
        KeyBucket b = index.get(k.hash64());
        if (b == null) {
            return 0;
        }
        if (b.holdsOnly(k)) {
            return b.idle.size() + b.safe.size();
        }
        return b.mixed ? countKey(b.idle, k) + countKey(b.safe, k) : 0;
    }

    /** The open connections here with key {@code k} that are not private (E6). */
    int nonPrivateWithKey(ReuseKey k) {
        KeyBucket b = index.get(k.hash64());
        if (b == null) {
            return 0;
        }
        if (b.holdsOnly(k)) {
            return b.nonPrivate;
        }
        int n = 0;
        for (Node node = b.mixed ? all.head() : null; node != null; node = node.next) {
            if (!node.conn.isPrivate() && node.conn.key.equals(k)) {
                n++;
            }
        }
        return n;
    }

    /** A bucket holding two keys (a hash collision): its list's connections of key {@code k}. */
    private static int countKey(ConnectionList list, ReuseKey k) {
        int n = 0;
        for (Node node = list.head(); node != null; node = node.next) {
            if (node.conn.key.equals(k)) {
                n++;
            }
        }
        return n;
    }

    /** The least recently parked connection here, or {@code null}. */
    Conn lruHead() {
        Node n = lru.head();
        return n == null ? null : n.conn;
    }
}
