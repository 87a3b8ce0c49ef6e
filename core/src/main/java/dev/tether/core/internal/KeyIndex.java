package dev.tether.core.internal;

import dev.tether.core.annotations.NotThreadSafe;

/**
 * An open-addressing map from a key's 64-bit hash to its {@link KeyBucket}, with linear probing.
 * Lookups allocate nothing; a bucket is created when the first connection of its hash is homed on
 * the loop and kept while the pool lives, so steady-state traffic allocates nothing;
 * {@link #sweepEmpty()} (run by the purge pass) drops buckets that have no connection.
 *
 * <p>Invariants: the table length is a power of two; at most three quarters of it is used.
 *
 * <p>Thread safety: guarded by the owning {@link LoopPool}'s lock.
 */
@NotThreadSafe
final class KeyIndex {
    private KeyBucket[] table = new KeyBucket[16];
    private int size;

    /** The bucket for {@code hash}, or {@code null}. */
    KeyBucket get(long hash) {
        KeyBucket[] t = table;
        int mask = t.length - 1;
        for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
            KeyBucket b = t[i];
            if (b == null || b.hash == hash) {
                return b;
            }
        }
    }

    /** The bucket for {@code hash}, created if absent. */
    KeyBucket getOrCreate(long hash) {
        KeyBucket b = get(hash);
        if (b != null) {
            return b;
        }
        if ((size + 1) * 4 > table.length * 3) {
            resize(table.length * 2);
        }
        b = new KeyBucket(hash);
        insert(table, b);
        size++;
        return b;
    }

    /** Drops every bucket with no connection and shrinks the table to fit. */
    void sweepEmpty() {
        int live = 0;
        for (KeyBucket b : table) {
            if (b != null && !b.isEmpty()) {
                live++;
            }
        }
        if (live == size) {
            return;
        }
        int capacity = 16;
        while (live * 4 > capacity * 3) {
            capacity *= 2;
        }
        KeyBucket[] fresh = new KeyBucket[capacity];
        for (KeyBucket b : table) {
            if (b != null && !b.isEmpty()) {
                insert(fresh, b);
            }
        }
        table = fresh;
        size = live;
    }

    private void resize(int capacity) {
        KeyBucket[] fresh = new KeyBucket[capacity];
        for (KeyBucket b : table) {
            if (b != null) {
                insert(fresh, b);
            }
        }
        table = fresh;
    }

    private static void insert(KeyBucket[] t, KeyBucket b) {
        int mask = t.length - 1;
        int i = spread(b.hash) & mask;
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = b;
    }

    private static int spread(long hash) {
        return (int) (hash ^ (hash >>> 32));
    }
}
