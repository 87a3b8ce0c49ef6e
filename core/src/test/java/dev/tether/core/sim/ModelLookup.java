package dev.tether.core.sim;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectionState;
import dev.tether.core.ReusePolicy;

import java.util.List;

import static dev.tether.core.ConnectionState.AVAILABLE;
import static dev.tether.core.ConnectionState.EXCLUSIVE;
import static dev.tether.core.ConnectionState.IDLE;
import static dev.tether.core.ConnectionState.SAFE;
import static dev.tether.core.ConnectionState.SESSION_RESERVED;

/**
 * The lookup of §2.4 in the {@link ReuseModel} over several event loops: step 1, the session's own
 * connections (R13); step 2, the current loop's AVAILABLE list (R14); step 3, the parked lists in the
 * order of R15 and R16, other loops by takeover (R17, R59–R61); then the re-check of R19.
 *
 * <p>Readings this model takes: a loop whose lock the host holds during the acquire is skipped by
 * every try-lock (takeover, R60) and is invisible to the reasons (E4); the takeover scan takes at most
 * one candidate per loop, and after a failed migration goes on with the next loop (R61); the E1 touch
 * of the lookup is the moment a connection would be picked: an expired candidate is latched
 * ({@code TTL}, closed if idle, out of AVAILABLE) and the lookup goes on.
 *
 * <p>Thread safety: not thread safe.
 */
final class ModelLookup {
    /** One search of R16: the current loop's or the other loops' lists of these states, in order. */
    private static final class Search {
        final boolean otherLoops;
        final ConnectionState[] lists;

        Search(boolean otherLoops, ConnectionState... lists) {
            this.otherLoops = otherLoops;
            this.lists = lists;
        }
    }

    private static final Search CUR_IDLE = new Search(false, IDLE);
    private static final Search CUR_SAFE = new Search(false, SAFE);
    private static final Search OTHERS_IDLE_THEN_SAFE = new Search(true, IDLE, SAFE);
    private static final Search OTHERS_SAFE = new Search(true, SAFE);
    private static final Search[] NONE = {};
    private static final Search[] SUBSEQUENT = {CUR_IDLE, CUR_SAFE, OTHERS_IDLE_THEN_SAFE};
    private static final Search[] AGGRESSIVE_FIRST = {CUR_SAFE, OTHERS_SAFE};
    /** R16: the second scan of other loops takes a SAFE connection too (a loop skipped for its lock in the first). */
    private static final Search[] ALWAYS_FIRST = {CUR_SAFE, OTHERS_SAFE, CUR_IDLE, OTHERS_IDLE_THEN_SAFE};

    /** What one lookup found out besides its pick: read by the reasons (E4). */
    boolean abandoned;
    /** A parked candidate on another loop could not be taken: lock held, pinned mux (R59, R60). */
    boolean otherLoopBlocked;

    private final ReuseModel model;

    ModelLookup(ReuseModel model) {
        this.model = model;
    }

    /**
     * Steps 1–4 and R19 for {@code r}: returns a connection ready to take the stream (placed, counted
     * in {@code used} if it came from a parked list), or null when a new connection is needed.
     */
    ModelConn find(ReuseModel.Request r, ModelTarget t) {
        abandoned = false;
        otherLoopBlocked = false;
        ModelSession s = r.session;
        boolean parkedAllowed = !t.effectivelyNever() && t.maxIdlePerTarget != 0 && t.parkedCount() > 0;
        ModelConn picked = sessionStep(s, t, r.key);
        if (picked == null && !t.effectivelyNever()) {
            picked = availableStep(t, s.loop, r.key);
        }
        Search[] plan = parkedAllowed && picked == null ? plan(t.policy, r.traits.isFirst()) : NONE;
        for (int i = 0; i < plan.length && picked == null; i++) {
            picked = plan[i].otherLoops ? takeover(r, t, plan[i].lists) : parkedStep(s, t, plan[i].lists[0], r.key);
        }
        if (picked != null && picked.available() <= 0) { // R19: the live value before attaching
            abandon(picked);
            abandoned = true;
            return null;
        }
        return picked;
    }

    /** R15, R16: the searches of the parked lists a request makes, in order. */
    private static Search[] plan(ReusePolicy policy, boolean first) {
        if (!first) {
            return policy == ReusePolicy.NEVER ? NONE : SUBSEQUENT;
        }
        return policy == ReusePolicy.AGGRESSIVE ? AGGRESSIVE_FIRST : policy == ReusePolicy.ALWAYS ? ALWAYS_FIRST : NONE;
    }

    /** Whether R15 lets a request take a parked connection in {@code state} (on some loop). */
    static boolean allowed(ReusePolicy policy, boolean first, ConnectionState state) {
        for (Search search : plan(policy, first)) {
            for (ConnectionState s : search.lists) {
                if (s == state) {
                    return true;
                }
            }
        }
        return false;
    }

    /** R13 on the published value (R21). */
    private ModelConn sessionStep(ModelSession s, ModelTarget t, int key) {
        for (ModelConn c : List.copyOf(s.list(t))) {
            if (c.key == key && c.ready && !c.latched() && c.published > 0 && !model.expiredOnTouch(c)) {
                return c;
            }
        }
        return null;
    }

    /** R14: only the current loop's AVAILABLE list. */
    private ModelConn availableStep(ModelTarget t, int loop, int key) {
        for (ModelConn c : List.copyOf(t.available.get(loop))) {
            if (c.key == key && !model.expiredOnTouch(c)) {
                return c;
            }
        }
        return null;
    }

    /** One current-loop parked list: the equal-key connection parked earliest (R16), claimed (R18). */
    private ModelConn parkedStep(ModelSession s, ModelTarget t, ConnectionState list, int key) {
        for (ModelConn c : List.copyOf(t.parked.get(s.loop))) {
            if (c.state == list && c.key == key && !model.expiredOnTouch(c)) {
                claim(c);
                place(s, c);
                return c;
            }
        }
        return null;
    }

    /** R17, R59–R61: the other loops' lists {@code lists}, from the takeover cursor. */
    private ModelConn takeover(ReuseModel.Request r, ModelTarget t, ConnectionState[] lists) {
        if (!model.takeoverAllowed(t)) {
            return null;
        }
        int cur = r.session.loop;
        int loops = t.loops();
        int start = t.takeoverCursor;
        for (int i = 0; i < loops; i++) {
            int l = Math.floorMod(start + i, loops);
            if (l == cur || t.parkedOn(l) == 0) {
                continue;
            }
            if (l == r.lockedLoop) {
                otherLoopBlocked = true; // R60: never wait for another loop
                continue;
            }
            ModelConn c = claimOn(t, l, lists, r.key);
            if (c != null && migrate(r.session, c, l)) {
                return c;
            }
        }
        return null;
    }

    private ModelConn claimOn(ModelTarget t, int loop, ConnectionState[] lists, int key) {
        for (ConnectionState list : lists) {
            for (ModelConn c : List.copyOf(t.parked.get(loop))) {
                if (c.state != list || c.key != key || model.expiredOnTouch(c)) {
                    continue;
                }
                if (c.pinned) {
                    otherLoopBlocked = true; // R59: never used outside its home loop
                    continue;
                }
                claim(c); // R61: under the victim loop's lock, counters as R18 on the victim loop
                return c;
            }
        }
        return null;
    }

    /** R61: the mux migrates; success homes it here and places it (R18), failure closes it. */
    private boolean migrate(ModelSession s, ModelConn c, int victim) {
        c.home = s.loop;
        if (c.failMigration) {
            model.close(c, CloseReason.ERROR);
            return false;
        }
        place(s, c);
        model.takeovers++;
        c.target.takeoverCursor = victim + 1;
        return true;
    }

    /** R18: off its parked list and the LRU, counted in {@code used}. */
    private void claim(ModelConn c) {
        ModelTarget t = c.target;
        t.unlist(c);
        c.state = EXCLUSIVE;
        t.raiseAfterUsedIncrement();
    }

    /** R18: SAFE + multiplexed ⇒ reserved to the session; else AVAILABLE with ≥ 2 slots (published, R21). */
    private void place(ModelSession s, ModelConn c) {
        ModelTarget t = c.target;
        if (t.policy == ReusePolicy.SAFE && c.h2) {
            c.state = SESSION_RESERVED;
            c.owner = s;
            s.add(c);
        } else if (c.published >= 2) {
            c.state = AVAILABLE;
            t.available.get(c.home).add(c);
        }
    }

    /**
     * R19: a picked connection without a free slot gets {@code noNewStreams}, leaves AVAILABLE, and
     * is closed if no stream rides it. R19 names GOAWAY, MAX_REUSE or ERROR; reading taken: a pick that
     * would have carried the last stream {@code maxReuse} allows closes MAX_REUSE, otherwise the mux's
     * reason, else ERROR.
     */
    private void abandon(ModelConn c) {
        ModelTarget t = c.target;
        boolean lastAllowed = t.maxReuse >= 0 && c.opened + 1 >= t.maxReuse + 1;
        c.latch(lastAllowed ? CloseReason.MAX_REUSE : c.unusable != null ? c.unusable : CloseReason.ERROR);
        c.touch();
        if (c.streams == 0) {
            model.close(c, c.latch);
        } else if (c.state == AVAILABLE) {
            model.toExclusive(c);
        }
    }
}
