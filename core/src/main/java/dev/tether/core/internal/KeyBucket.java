package dev.tether.core.internal;

import dev.tether.core.annotations.NotThreadSafe;

/**
 * The IDLE, SAFE and AVAILABLE lists of one loop pool for one key hash. Keys whose hashes collide
 * share a bucket; lookups compare keys with {@code ReuseKey.equals} (R8, D1).
 *
 * <p>Invariants: a swept bucket is empty and no longer in its index; a connection that still
 * refers to it looks its bucket up again before listing itself.
 *
 * <p>Thread safety: guarded by the owning {@link LoopPool}'s lock.
 */
@NotThreadSafe
final class KeyBucket {
    final long hash;
    final ConnectionList idle = new ConnectionList();
    final ConnectionList safe = new ConnectionList();
    final ConnectionList available = new ConnectionList();
    /** Dropped from its index by {@link KeyIndex#sweepEmpty()}; once true, always true. */
    boolean swept;

    KeyBucket(long hash) {
        this.hash = hash;
    }

    boolean isEmpty() {
        return idle.isEmpty() && safe.isEmpty() && available.isEmpty();
    }
}
