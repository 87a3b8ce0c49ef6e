package dev.tether.core.internal;

import dev.tether.core.annotations.NotThreadSafe;

/**
 * An intrusive doubly linked list of connections, in insertion order (head = oldest). The one list
 * class behind every list of the engine: IDLE, SAFE and AVAILABLE lists per key, session lists,
 * loop LRUs and loop lists of all connections. Append, remove and poll are O(1) and allocate
 * nothing.
 *
 * <p>Invariants: {@code size} equals the number of linked nodes; each linked node's {@code list}
 * is this list.
 *
 * <p>Thread safety: not thread safe; each instance is guarded by the lock of the loop pool (or
 * session-target pair) that owns it.
 */
@NotThreadSafe
class ConnectionList {
    private Node head;
    private Node tail;
    private int size;

    /** Appends {@code node}, which must be on no list. */
    void append(Node node) {
        assert node.list == null : "already on a list: " + node.conn;
        node.list = this;
        node.prev = tail;
        node.next = null;
        if (tail == null) {
            head = node;
        } else {
            tail.next = node;
        }
        tail = node;
        size++;
    }

    /** Removes {@code node}, which must be on this list. */
    void remove(Node node) {
        assert node.list == this : "not on this list: " + node.conn;
        if (node.prev == null) {
            head = node.next;
        } else {
            node.prev.next = node.next;
        }
        if (node.next == null) {
            tail = node.prev;
        } else {
            node.next.prev = node.prev;
        }
        node.prev = null;
        node.next = null;
        node.list = null;
        size--;
    }

    /** The oldest node, or {@code null}. */
    Node head() {
        return head;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }
}
