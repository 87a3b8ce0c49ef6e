package dev.tether.core.internal;

import dev.tether.core.Session;
import dev.tether.core.SessionListener;
import dev.tether.core.annotations.ThreadSafe;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A frontend client session: its per-target lists of owned connections (private and reserved).
 *
 * <p>Ownership: it creates its per-target lists and keeps their order; which connections are on
 * them, and its idle count, are written by {@link LoopPool}'s transitions only.
 *
 * <p>Invariants: every connection on its lists has {@code owner == this} and {@code home == loop}
 * (R33); {@code idleCount} equals its PRIVATE_IDLE connections over all targets (§1.4); a target's
 * list keeps insertion order (R34), and {@code orderOf} records when each list last went from empty
 * to non-empty, so an emptied list counts as dropped and a re-created one as new.
 *
 * <p>Thread safety: confined to its loop's thread, except that each per-target list is guarded by
 * the lock of that target's {@link LoopPool} for this loop (drain and maintain remove connections
 * from it on other threads); {@code idleCount} is atomic; the flags are volatile.
 */
@ThreadSafe
public final class SessionImpl implements Session {
    final DefaultReuseEngine engine;
    final long id;
    final int loop;
    final SessionListener listener;
    /** Its PRIVATE_IDLE connections; moved only by {@link LoopPool}'s transitions (§1.4). */
    private final AtomicInteger idleCount = new AtomicInteger();
    /** Once true, always true. */
    private volatile boolean closed;
    /** Once true, always true (R30). */
    private volatile boolean preferLastTarget;

    /** Per-target lists, in order of creation; confined to the session's loop. */
    private TargetPool[] targets = new TargetPool[2];
    private SessionList[] lists = new SessionList[2];
    private long[] orderOf = new long[2];
    private int targetCount;
    private long orderClock;

    SessionImpl(DefaultReuseEngine engine, long id, int loop, SessionListener listener) {
        this.engine = engine;
        this.id = id;
        this.loop = loop;
        this.listener = listener;
    }

    /** R38: once closed, no connection joins its lists. */
    void markClosed() {
        closed = true;
    }

    /** R30: set by a challenge that made a connection private to it; never cleared. */
    void latchPreferLastTarget() {
        preferLastTarget = true;
    }

    /** One of its connections became PRIVATE_IDLE; called by {@link LoopPool} only. */
    void idleJoined() {
        idleCount.incrementAndGet();
    }

    /** One of its connections left PRIVATE_IDLE; called by {@link LoopPool} only. */
    void idleLeft() {
        idleCount.decrementAndGet();
    }

    /** This session's list for {@code pool}, or {@code null}. Caller holds the pool's loop lock. */
    SessionList listFor(TargetPool pool) {
        for (int i = 0; i < targetCount; i++) {
            if (targets[i] == pool) {
                return lists[i];
            }
        }
        return null;
    }

    /** This session's list for {@code pool}, created if absent; renews its order when empty (R34). */
    SessionList entryFor(TargetPool pool) {
        for (int i = 0; i < targetCount; i++) {
            if (targets[i] == pool) {
                if (lists[i].isEmpty()) {
                    orderOf[i] = ++orderClock;
                }
                return lists[i];
            }
        }
        if (targetCount == targets.length) {
            targets = java.util.Arrays.copyOf(targets, targetCount * 2);
            lists = java.util.Arrays.copyOf(lists, targetCount * 2);
            orderOf = java.util.Arrays.copyOf(orderOf, targetCount * 2);
        }
        targets[targetCount] = pool;
        lists[targetCount] = new SessionList();
        orderOf[targetCount] = ++orderClock;
        return lists[targetCount++];
    }

    int targetCount() {
        return targetCount;
    }

    TargetPool targetAt(int i) {
        return targets[i];
    }

    SessionList listAt(int i) {
        return lists[i];
    }

    long orderAt(int i) {
        return orderOf[i];
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public int loop() {
        return loop;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean preferLastTarget() {
        return preferLastTarget;
    }

    @Override
    public int idleCount() {
        return idleCount.get();
    }

    /** The engine that owns it. */
    public DefaultReuseEngine engine() {
        return engine;
    }

    @Override
    public String toString() {
        return "Session@" + id + "{loop=" + loop + ",idle=" + idleCount.get() + (closed ? ",closed" : "") + '}';
    }
}
