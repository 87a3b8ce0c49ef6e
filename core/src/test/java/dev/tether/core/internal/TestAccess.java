package dev.tether.core.internal;

import dev.tether.core.Target;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.locks.Lock;

/** Reaches into the engine for tests that must hold one of its locks. */
public final class TestAccess {
    private TestAccess() {
    }

    /**
     * True if the current thread holds any loop lock of the engine that owns {@code connection}: the
     * probe behind the R21/R61 check that no mux is called under an engine lock.
     */
    public static boolean anyLoopLockHeldByCurrentThread(dev.tether.core.Connection connection) {
        for (TargetPool pool : ((Conn) connection).engine.targets()) {
            for (LoopPool loop : pool.loops) {
                if (loop.lock.isHeldByCurrentThread()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The lock of {@code target}'s pool on {@code loop} (private to it: read reflectively). */
    public static Lock loopLock(Target target, int loop) {
        try {
            java.lang.reflect.Field f = LoopLock.class.getDeclaredField("lock");
            f.setAccessible(true);
            return (Lock) f.get(((TargetPool) target).loops[loop].lock);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Where the counts E4 reads ({@link KeyBucket}'s and {@link LoopLists#nonPrivate()}) differ from
     * a walk over each loop's connections of {@code target}, or {@code null} if they agree. A loop
     * whose lock another thread holds is skipped.
     */
    public static String e4CountsMismatch(Target target) {
        for (LoopPool lp : ((TargetPool) target).loops) {
            if (!lp.lock.tryLock()) {
                continue;
            }
            try {
                String m = mismatchLocked(lp);
                if (m != null) {
                    return "loop " + lp.loop + ": " + m;
                }
            } finally {
                lp.lock.unlock();
            }
        }
        return null;
    }

    private static String mismatchLocked(LoopPool lp) {
        Map<KeyBucket, int[]> walked = new IdentityHashMap<>();
        int nonPrivate = 0;
        for (Node n = lp.lists.all.head(); n != null; n = n.next) {
            Conn c = n.conn;
            KeyBucket b = c.bucket;
            if (b == null || lp.lists.index.get(c.key.hash64()) != b) {
                return c + " is not in its key's bucket";
            }
            int[] w = walked.computeIfAbsent(b, k -> new int[5]);
            w[0]++;
            if (!c.isPrivate()) {
                w[4]++;
                nonPrivate++;
            }
            if (c.state.isOnSessionList()) {
                w[1]++;
            } else if (!c.state.isParked()) {
                w[c.latchedByMaxReuse() ? 3 : 2]++;
            }
            if (!b.mixed && !c.key.equals(b.key)) {
                return c + " has another key than its bucket, which is not marked mixed";
            }
        }
        String own = sessionListsMismatchLocked(lp);
        if (own != null) {
            return own;
        }
        if (nonPrivate != lp.lists.nonPrivate()) {
            return "nonPrivate " + lp.lists.nonPrivate() + ", walked " + nonPrivate;
        }
        for (Map.Entry<KeyBucket, int[]> e : walked.entrySet()) {
            KeyBucket b = e.getKey();
            int[] w = e.getValue();
            int[] kept = {b.members, b.owned, b.busy, b.busyAtMaxReuse, b.nonPrivate};
            if (!java.util.Arrays.equals(w, kept)) {
                return "bucket " + b.hash + " keeps (members, owned, busy, busyAtMaxReuse, nonPrivate) "
                        + java.util.Arrays.toString(kept) + ", walked " + java.util.Arrays.toString(w);
            }
        }
        return null;
    }

    /** Where a session list's key summary or {@code atMaxReuse} count differs from a walk over it. */
    private static String sessionListsMismatchLocked(LoopPool lp) {
        Map<SessionList, Boolean> seen = new IdentityHashMap<>();
        for (Node n = lp.lists.all.head(); n != null; n = n.next) {
            Conn c = n.conn;
            if (!c.state.isOnSessionList()) {
                continue;
            }
            SessionList list = c.owner.listFor(lp.pool);
            if (c.listNode.list != list) {
                return c + " is not on its owner's list";
            }
            if (seen.put(list, Boolean.TRUE) != null) {
                continue;
            }
            int atMaxReuse = 0;
            boolean twoKeys = false;
            for (Node m = list.head(); m != null; m = m.next) {
                atMaxReuse += m.conn.latchedByMaxReuse() ? 1 : 0;
                twoKeys |= !m.conn.key.equals(list.head().conn.key);
            }
            if (atMaxReuse != list.atMaxReuse()) {
                return c.owner + "'s list keeps atMaxReuse " + list.atMaxReuse() + ", walked " + atMaxReuse;
            }
            if (!list.mixed() && (twoKeys || !list.holdsOnly(list.head().conn.key))) {
                return c.owner + "'s list holds " + (twoKeys ? "two keys" : "one key") + " but keeps another summary";
            }
        }
        return null;
    }
}
