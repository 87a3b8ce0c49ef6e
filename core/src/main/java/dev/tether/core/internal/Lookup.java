package dev.tether.core.internal;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectionState;
import dev.tether.core.ReuseKey;
import dev.tether.core.ReusePolicy;
import dev.tether.core.RequestTraits;
import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.ThreadSafe;

import static dev.tether.core.ConnectionState.AVAILABLE;
import static dev.tether.core.ConnectionState.EXCLUSIVE;
import static dev.tether.core.ConnectionState.PRIVATE_BUSY;
import static dev.tether.core.ConnectionState.PRIVATE_IDLE;
import static dev.tether.core.ConnectionState.SESSION_RESERVED;

/**
 * The lookup of docs/behaviour.md §2.4 on the current loop, and the claim of what it finds: step 1
 * (the session's own connections, R13), step 2 (the AVAILABLE list, R14) and the current-loop part of
 * step 3 (the parked lists in the order of R15–R16). Other loops are {@link Takeover}'s.
 *
 * <p>A claim counts the lease on the connection ({@code streams + 1}, {@code streamsOpened + 1},
 * latching {@code MAX_REUSE} on the last allowed stream, R49), lowers the published available count,
 * places a parked pick per R18, and counts {@code reuse}; the acquirer undoes it if the re-check of
 * R19 fails.
 *
 * <p>Thread safety: stateless; each method runs under the current loop's lock.
 */
@ThreadSafe
final class Lookup {
    /** Parked-list search steps (R15, R16). */
    static final int CUR_IDLE = 1;
    static final int CUR_SAFE = 2;
    static final int OTHERS_BOTH = 3;
    static final int OTHERS_SAFE = 4;
    static final int OTHERS_IDLE = 5;

    private static final int[] NONE = {};
    private static final int[] SUBSEQUENT = {CUR_IDLE, CUR_SAFE, OTHERS_BOTH};
    private static final int[] AGGRESSIVE_FIRST = {CUR_SAFE, OTHERS_SAFE};
    private static final int[] ALWAYS_FIRST = {CUR_SAFE, OTHERS_SAFE, CUR_IDLE, OTHERS_IDLE};

    private Lookup() {
    }

    /** The parked-list plan for a request (R15 table, R16 order). */
    static int[] plan(ReusePolicy policy, RequestTraits traits) {
        if (policy == ReusePolicy.NEVER) {
            return NONE; // retrySafe never opens any list under NEVER (R15)
        }
        if (!traits.isFirst()) {
            return SUBSEQUENT;
        }
        switch (policy) {
            case AGGRESSIVE:
                return AGGRESSIVE_FIRST;
            case ALWAYS:
                return ALWAYS_FIRST;
            default:
                return NONE;
        }
    }

    /** Step 1 (R13): the first usable connection on the session's list for the pool, claimed; or null. */
    @GuardedBy("cur.lock")
    static Conn sessionStep(LoopPool cur, SessionImpl s, ReuseKey key, long now) {
        ConnectionList list = s.listFor(cur.pool);
        if (list == null) {
            return null;
        }
        for (Node n = list.head(); n != null; ) {
            Conn c = n.conn;
            n = n.next; // before the expiry check, which may unlink c
            if (c.key.equals(key) && c.ready && c.available > 0 && !c.noNewStreams && !Expiry.expiredLocked(cur, c, now)) {
                if (c.state == PRIVATE_IDLE) {
                    cur.moveLocked(c, PRIVATE_BUSY, null, now);
                }
                claimLocked(cur, c);
                return c;
            }
        }
        return null;
    }

    /**
     * Step 2 (R14): the first equal-key AVAILABLE connection of the current loop, claimed; or null.
     * {@code b} is the key's bucket on this loop ({@code null} if none), looked up once per acquire.
     */
    @GuardedBy("cur.lock")
    static Conn availableStep(LoopPool cur, KeyBucket b, ReuseKey key, long now) {
        if (b == null) {
            return null;
        }
        for (Node n = b.available.head(); n != null; ) {
            Conn c = n.conn;
            n = n.next; // before the expiry check, which may unlink c
            if (c.key.equals(key) && !c.noNewStreams && !Expiry.expiredLocked(cur, c, now)) {
                // R19: exactly one slot left ⇒ full after this attach.
                if (c.available <= 1 || lastAllowedStream(c)) {
                    cur.moveLocked(c, EXCLUSIVE, null, now);
                }
                claimLocked(cur, c);
                return c;
            }
        }
        return null;
    }

    /**
     * One current-loop parked step: the earliest-parked equal-key connection of the IDLE or SAFE
     * list of bucket {@code b}, taken off its list and placed per R18; or null.
     */
    @GuardedBy("cur.lock")
    static Conn parkedStep(LoopPool cur, KeyBucket b, SessionImpl s, ReuseKey key, boolean safeList, long now) {
        if (b == null) {
            return null;
        }
        ConnectionList list = safeList ? b.safe : b.idle;
        for (Node n = list.head(); n != null; ) {
            Conn c = n.conn;
            n = n.next;
            if (!c.key.equals(key)) {
                continue;
            }
            if (Expiry.expiredLocked(cur, c, now)) {
                continue; // closed by the expiry check (E1), look further
            }
            cur.moveLocked(c, placement(cur.pool, c), s, now);
            claimLocked(cur, c);
            return c;
        }
        return null;
    }

    /** R18: where a connection picked from a parked list goes. */
    static ConnectionState placement(TargetPool pool, Conn c) {
        if (pool.policy == ReusePolicy.SAFE && c.multiplexed) {
            return SESSION_RESERVED;
        }
        return c.available >= 2 && !lastAllowedStream(c) ? AVAILABLE : EXCLUSIVE;
    }

    /** True if the next stream is the last that {@code maxReuse} allows (R49). */
    static boolean lastAllowedStream(Conn c) {
        int maxReuse = c.pool.limits.maxReuse();
        return maxReuse >= 0 && c.streamsOpened + 1 >= maxReuse + 1;
    }

    /**
     * Counts the lease on {@code c} and a reuse, and latches MAX_REUSE when this is the last stream
     * {@code maxReuse} allows (R49). {@code streamsOpened} grows when the attach succeeds.
     */
    @GuardedBy("cur.lock")
    static void claimLocked(LoopPool cur, Conn c) {
        c.streams++;
        if (lastAllowedStream(c)) {
            c.latch(CloseReason.MAX_REUSE);
        }
        c.available--;
        cur.stripe.reuse++;
    }

    /** Undoes {@link #claimLocked} after a failed R19 re-check or attach (the latch stays). */
    @GuardedBy("home.lock")
    static void unclaimLocked(LoopPool home, Conn c) {
        c.streams--;
        home.stripe.reuse--;
    }
}
