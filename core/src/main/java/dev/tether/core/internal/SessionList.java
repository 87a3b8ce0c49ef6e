package dev.tether.core.internal;

import dev.tether.core.ReuseKey;
import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.NotThreadSafe;

/**
 * One session's list of connections to one target (R13, R34), and what docs/behaviour.md E4 needs to
 * know of them without walking them: the key they share, and how many are latched by
 * {@code maxReuse}. Like a {@link KeyBucket} holding two keys, a list holding connections of two keys
 * says so ({@code mixed}) and E4 then compares them one by one.
 *
 * <p>Invariants: {@code key} is a member's key while the list is not empty and {@code mixed} is
 * false; {@code mixed} stays true until the list is empty; {@code atMaxReuse} counts the members
 * latched by {@code maxReuse}.
 *
 * <p>Thread safety: guarded by the lock of the target's {@link LoopPool} on the session's loop;
 * written only by {@link LoopLists}.
 */
@NotThreadSafe
final class SessionList extends ConnectionList {
    @GuardedBy("LoopPool.lock")
    private ReuseKey key;
    @GuardedBy("LoopPool.lock")
    private boolean mixed;
    @GuardedBy("LoopPool.lock")
    private int atMaxReuse;

    /** {@code c} joins at the tail. */
    void join(Conn c) {
        append(c.listNode);
        if (size() == 1) {
            key = c.key;
        } else if (!mixed && !c.key.equals(key)) {
            mixed = true;
        }
    }

    /** {@code c}, a member, leaves. */
    void leave(Conn c) {
        remove(c.listNode);
        if (isEmpty()) {
            key = null;
            mixed = false;
        }
    }

    /** Adds {@code delta} to the members latched by {@code maxReuse}. */
    void countAtMaxReuse(int delta) {
        atMaxReuse += delta;
    }

    /** True if the list holds connections of more than one key. */
    boolean mixed() {
        return mixed;
    }

    /** True if every member has key {@code k} (and there is one). */
    boolean holdsOnly(ReuseKey k) {
        return !isEmpty() && !mixed && k.equals(key);
    }

    int atMaxReuse() {
        return atMaxReuse;
    }
}
