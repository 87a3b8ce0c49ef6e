package dev.tether.core.internal;

import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.NotThreadSafe;

/**
 * One pair of intrusive links of a {@link Conn}: a connection has three (its list, its loop's LRU of
 * parked connections, its loop's list of all connections), so moving it allocates nothing.
 *
 * <p>Invariants: {@code list} is the list holding this node, or {@code null}; {@code prev} and
 * {@code next} are {@code null} when {@code list} is.
 *
 * <p>Thread safety: guarded by the lock that guards the list holding it.
 */
@NotThreadSafe
final class Node {
    final Conn conn;
    @GuardedBy("list owner's lock")
    Node prev;
    @GuardedBy("list owner's lock")
    Node next;
    @GuardedBy("list owner's lock")
    ConnectionList list;

    Node(Conn conn) {
        this.conn = conn;
    }
}
