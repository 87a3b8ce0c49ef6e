package dev.tether.core.internal;

import dev.tether.core.annotations.NotThreadSafe;

/**
 * The IDLE, SAFE and AVAILABLE lists of one loop pool for one key hash. Keys whose hashes collide
 * share a bucket; lookups compare keys with {@code ReuseKey.equals} (R8, D1).
 *
 * <p>Thread safety: guarded by the owning {@link LoopPool}'s lock.
 */
@NotThreadSafe
final class KeyBucket {
    final long hash;
    final ConnectionList idle = new ConnectionList();
    final ConnectionList safe = new ConnectionList();
    final ConnectionList available = new ConnectionList();

    KeyBucket(long hash) {
        this.hash = hash;
    }

    boolean isEmpty() {
        return idle.isEmpty() && safe.isEmpty() && available.isEmpty();
    }
}
