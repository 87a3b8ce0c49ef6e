package dev.tether.core.internal;

import dev.tether.core.ReuseKey;
import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.NotThreadSafe;

/**
 * One key hash on one loop pool: its IDLE, SAFE and AVAILABLE lists, and what docs/behaviour.md E4
 * needs to know of its open connections without walking them (how many there are, how many are on a
 * session's list, how many are in use on no session's list, and how many are not private). Keys
 * whose hashes collide share a bucket; lookups compare keys with {@code ReuseKey.equals} (R8, D1),
 * and a bucket that holds connections of two keys says so ({@code mixed}).
 *
 * <p>Invariants, over the open connections homed on its loop whose key hashes here (its members):
 * {@code members} counts them, {@code owned} those on a session's list, {@code busy} and
 * {@code busyAtMaxReuse} those EXCLUSIVE or AVAILABLE (latched by {@code maxReuse} or not), and
 * {@code nonPrivate} those not private; the lists hold members only. {@code key} is a member's key
 * while there are members and {@code mixed} is false; {@code mixed} stays true until the bucket is
 * empty. A bucket leaves its index only when it has no members, so a member's {@code Conn.bucket}
 * is always in the index.
 *
 * <p>Thread safety: guarded by the owning {@link LoopPool}'s lock; written only by {@link LoopLists}.
 */
@NotThreadSafe
final class KeyBucket {
    final long hash;
    final ConnectionList idle = new ConnectionList();
    final ConnectionList safe = new ConnectionList();
    final ConnectionList available = new ConnectionList();
    @GuardedBy("LoopPool.lock")
    ReuseKey key;
    /** Members of more than one key (a hash collision): E4 compares keys one by one here. */
    @GuardedBy("LoopPool.lock")
    boolean mixed;
    @GuardedBy("LoopPool.lock")
    int members;
    @GuardedBy("LoopPool.lock")
    int owned;
    @GuardedBy("LoopPool.lock")
    int busy;
    @GuardedBy("LoopPool.lock")
    int busyAtMaxReuse;
    @GuardedBy("LoopPool.lock")
    int nonPrivate;

    KeyBucket(long hash) {
        this.hash = hash;
    }

    boolean isEmpty() {
        return members == 0;
    }

    /** True if every member has key {@code k} (and there is one). */
    boolean holdsOnly(ReuseKey k) {
        return members > 0 && !mixed && k.equals(key);
    }
}
