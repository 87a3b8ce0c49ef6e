package dev.tether.core.sim;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectionState;

import java.util.ArrayList;
import java.util.List;

import static dev.tether.core.ConnectionState.AVAILABLE;
import static dev.tether.core.ConnectionState.PRIVATE_BUSY;
import static dev.tether.core.ConnectionState.SESSION_RESERVED;

/**
 * Everything of the {@link ReuseModel} that is not acquire or release: mux events (R62–R65),
 * challenges (R28–R30), {@code closeSession} (R38), drain (R66, R67), and {@code maintain}: purge
 * (R54–R57), lifetimes (E1), idle timeouts (E2), pre-connects (E6) and leak reports (E5).
 *
 * <p>Readings this model takes: PEER_CLOSED and ERROR events mean the transport is dead, so the
 * connection is closed at once whatever its state (§1.1 "any open state → CLOSED directly", R24,
 * T28), and its leases stay active until released; a challenge sets {@code preferLastTarget} only
 * when the connection is (now) private to the lease's session; a connection already on the session's
 * list keeps its place there when it becomes private; a challenge for a closed session's lease latches
 * the connection ({@code SESSION_CLOSED}) instead of making it private.
 *
 * <p>Thread safety: not thread safe.
 */
final class ModelEvents {
    private final ReuseModel model;

    ModelEvents(ReuseModel model) {
        this.model = model;
    }

    /** R64. */
    void goAway(ModelConn c) {
        c.unusable = CloseReason.GOAWAY;
        c.touch();
        if (c.streams == 0) {
            model.close(c, CloseReason.GOAWAY);
            return;
        }
        c.latch(CloseReason.GOAWAY);
        if (c.state == AVAILABLE) {
            model.toExclusive(c);
        }
    }

    /** R62, §1.1: peer close; the transport is dead. */
    void peerClose(ModelConn c) {
        c.unusable = CloseReason.PEER_CLOSED;
        model.close(c, CloseReason.PEER_CLOSED);
    }

    /** R62, R24: a transport error or failed connect; the transport is dead. */
    void transportError(ModelConn c) {
        c.unusable = CloseReason.ERROR;
        model.close(c, CloseReason.ERROR);
    }

    /** R63: bytes on an idle HTTP/1 connection (IDLE, SAFE or PRIVATE_IDLE). */
    void unsolicitedBytes(ModelConn c) {
        c.unusable = CloseReason.ERROR;
        model.close(c, CloseReason.ERROR);
    }

    /** R47, R65: new peer SETTINGS; only a drop moves an AVAILABLE connection. */
    void settings(ModelConn c, int peerMaxConcurrentStreams) {
        c.limit = Math.min(peerMaxConcurrentStreams, c.target.h2Cap);
        c.ready = true;
        factsRead(c);
    }

    /** R65 after any event: the engine reads the facts; a drop takes a busy connection out of AVAILABLE. */
    private void factsRead(ModelConn c) {
        c.touch();
        if (c.state == AVAILABLE && c.published <= 0) {
            model.toExclusive(c);
        }
    }

    /** R27: the host installs the mux; the pending stream attaches and R26 applies at that moment. */
    void installMux(ModelConn c, boolean ready) {
        c.muxInstalled = true;
        c.ready |= ready;
        c.opened++; // FakeMux: the pending stream is exchange 1
        if (c.target.maxReuse >= 0 && c.opened >= c.target.maxReuse + 1) {
            c.latch(CloseReason.MAX_REUSE);
        }
        c.touch();
        model.placeAtInstall(c);
    }

    void becomeReady(ModelConn c) {
        c.ready = true;
        factsRead(c);
    }

    /** The fake mux silently reports no slot ({@code availableOverride = 0}) or stops doing so (−1). */
    void silentOverride(ModelConn c, int override) {
        c.override = override;
    }

    /** The host's fake mux has only {@code left} HTTP/2 stream identifiers left; the engine is not told. */
    void streamIdsLeft(ModelConn c, int left) {
        c.streamsLeft = Math.min(c.streamsLeft, left);
    }

    /** R32: the first target in the session's list order among the candidates with a ready, unlatched connection. */
    ModelTarget preferredTarget(ModelSession s, java.util.List<ModelTarget> candidates) {
        for (java.util.Map.Entry<ModelTarget, java.util.List<ModelConn>> e : s.lists.entrySet()) {
            if (!candidates.contains(e.getKey())) {
                continue;
            }
            for (ModelConn c : e.getValue()) {
                if (c.ready && !c.latched()) {
                    return e.getKey();
                }
            }
        }
        return null;
    }

    /**
     * R28–R30: a response head on {@code l}; returns whether the connection is now private to the
     * lease's session.
     */
    boolean responseHead(ModelLease l, boolean challenge) {
        ModelConn c = l.conn;
        ModelSession s = l.session;
        if (!challenge || !c.isOpen()) {
            return false;
        }
        if (c.priv) {
            if (c.owner == s) {
                s.preferLastTarget = true;
                return true;
            }
            return false;
        }
        if (c.h2 && !(c.state == SESSION_RESERVED && c.owner == s)) {
            return false; // R28: a shared multiplexed connection ignores it
        }
        if (s.closed) {
            // Reading taken (as R26 for a session closed before its connection joins): it never joins a
            // closed session's list; it is latched and closes SESSION_CLOSED when its stream ends.
            c.latch(CloseReason.SESSION_CLOSED);
            return false;
        }
        c.target.available.get(c.home).remove(c);
        if (c.owner == null) {
            c.owner = s;
            s.add(c);
        }
        c.priv = true;
        c.state = PRIVATE_BUSY; // R30: used -1, privateBusy +1
        s.preferLastTarget = true;
        return true;
    }

    /** R38; the session's waiters fail ({@code SESSION_CLOSED}). */
    void closeSession(ModelSession s) {
        List<ModelConn> all = new ArrayList<>();
        for (ModelTarget t : s.targetOrder) { // target by target, in the order the engine keeps its lists
            all.addAll(s.list(t));
        }
        s.closed = true;
        for (ModelConn c : all) {
            model.close(c, CloseReason.SESSION_CLOSED);
        }
        for (ModelTarget t : model.targets) {
            for (ReuseModel.Request w : new ArrayList<>(t.waiters)) {
                if (w.session == s) {
                    t.waiters.remove(w);
                    model.failed.put(w.id, dev.tether.core.AcquireFailure.SESSION_CLOSED);
                }
            }
        }
    }

    /** R66; the target's waiters fail ({@code TARGET_DRAINING}). */
    void drain(ModelTarget t) {
        drain(t, dev.tether.core.AcquireFailure.TARGET_DRAINING);
    }

    /** {@code close}: every target drains as R66 says and its waiters fail with ENGINE_CLOSED; no acquire is served again. */
    void closeEngine() {
        model.engineClosed = true;
        for (ModelTarget t : model.targets) {
            drain(t, dev.tether.core.AcquireFailure.ENGINE_CLOSED);
        }
    }

    private void drain(ModelTarget t, dev.tether.core.AcquireFailure waitersFail) {
        t.draining = true;
        for (ModelConn c : new ArrayList<>(t.live)) {
            if (c.isIdleState()) {
                model.close(c, CloseReason.DRAINED);
            } else {
                c.latch(CloseReason.DRAINED);
                if (c.state == AVAILABLE) {
                    model.toExclusive(c);
                }
            }
        }
        for (ReuseModel.Request w : t.waiters) {
            model.failed.put(w.id, waitersFail);
        }
        t.waiters.clear();
    }

    /** R67: latched connections stay latched. */
    void undrain(ModelTarget t) {
        t.draining = false;
    }

    /**
     * {@code maintain}: per target, a purge pass if due (R54), lifetimes and idle timeouts (E1, E2),
     * then pre-connects (E6), whose parking arms deadlines only after the target's were read; then
     * leak reports (E5) over {@code active}, whose ids land in {@link #leaked}. Returns the nanoseconds
     * to the earliest deadline, or −1.
     */
    long maintain(long now, int stepId, Iterable<ModelLease> active) {
        long next = -1;
        for (ModelTarget t : model.targets) {
            if (t.deadlineArmed && t.deadline <= now) {
                purgePass(t, now);
            }
            if (t.deadlineArmed) {
                next = earliest(next, t.deadline);
            }
            if (t.maxLifetimeNanos > 0 || t.parkedIdleTimeoutNanos > 0) {
                next = earliest(next, expire(t, now));
            }
            next = earliest(next, expireWaiters(t, now));
            preconnect(t, stepId);
        }
        leaked.clear();
        if (model.config.leakThresholdNanos > 0) {
            for (ModelLease l : active) {
                long due = l.acquiredAt + model.config.leakThresholdNanos;
                if (l.leakReported) {
                    continue;
                }
                if (due <= now) {
                    l.leakReported = true; // E5: once per lease
                    leaked.add(l.id);
                } else {
                    next = earliest(next, due);
                }
            }
        }
        return next < 0 ? -1 : Math.max(0, next - now);
    }

    /** Ids of the leases the last {@link #maintain} reported as leaked (E5). */
    final List<Integer> leaked = new ArrayList<>();

    private static long earliest(long a, long b) {
        return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }

    /** E3: waiters past {@code acquireTimeout} fail ({@code TIMEOUT}); returns the earliest deadline left, or −1. */
    private long expireWaiters(ModelTarget t, long now) {
        long next = -1;
        if (t.acquireTimeoutNanos == 0) {
            return next;
        }
        for (ReuseModel.Request w : new ArrayList<>(t.waiters)) {
            long due = w.at + t.acquireTimeoutNanos;
            if (due <= now) {
                t.waiters.remove(w);
                model.failed.put(w.id, dev.tether.core.AcquireFailure.TIMEOUT);
            } else {
                next = earliest(next, due);
            }
        }
        return next;
    }

    /** E1 on every open connection, E2 on idle ones; returns the earliest deadline of what is left, or −1. */
    private long expire(ModelTarget t, long now) {
        long next = -1;
        for (ModelConn c : new ArrayList<>(t.live)) {
            if (model.expiredOnTouch(c)) {
                continue;
            }
            if (t.maxLifetimeNanos > 0 && !c.latched()) {
                next = earliest(next, c.createdAt + t.maxLifetimeNanos);
            }
            if (t.parkedIdleTimeoutNanos > 0 && c.isIdleState()) {
                long due = c.parkedAt + t.parkedIdleTimeoutNanos;
                if (due <= now) {
                    model.close(c, CloseReason.IDLE_TIMEOUT); // E2
                } else {
                    next = earliest(next, due);
                }
            }
        }
        return next;
    }

    /**
     * E6: opens what each of the target's pre-connected keys misses, key by key in the order they
     * were asked for (each on loop {@code i % loops}, within the cap of E3), all first, then offers
     * each ready one for parking as IDLE (R50).
     */
    private void preconnect(ModelTarget t, int stepId) {
        if (t.preconnect.isEmpty() || t.draining) {
            return;
        }
        List<ModelConn> opened = new ArrayList<>();
        for (java.util.Map.Entry<Integer, Integer> e : t.preconnect.entrySet()) {
            int key = e.getKey();
            int missing = e.getValue() - t.openWithKey(key);
            for (int i = 0; i < missing; i++) {
                if (!model.reserve(t, -1)) {
                    continue;
                }
                ModelConn c = model.open(t, key, i % t.loops(), ModelConn.preconnectId(stepId, opened.size()),
                        true, true, dev.tether.core.ConnectReason.PRECONNECT);
                c.state = ConnectionState.EXCLUSIVE;
                c.touch();
                t.raiseAfterUsedIncrement();
                opened.add(c);
            }
        }
        for (ModelConn c : opened) {
            if (c.isOpen() && c.ready && c.streams == 0 && c.state == ConnectionState.EXCLUSIVE) {
                model.releases.park(c, ConnectionState.IDLE, null);
            }
        }
    }

    /** R55: one pass over all loops (D7), target-wide counters read once at its start. */
    private void purgePass(ModelTarget t, long now) {
        long parked = t.parkedCount();
        if (parked > 0) {
            long used = t.used();
            long excess = used + parked - Math.max(t.peakUsed, t.estimatedNeed);
            long toKill = excess > 0 ? (excess + 1) / 2 : 0;
            t.estimatedNeed = Math.max(t.peakUsed, (t.estimatedNeed + t.peakUsed) / 2);
            t.peakUsed = used;
            for (int l = 0; l < t.loops() && toKill > 0; l++) {
                long here = t.parkedOn(l);
                long quota = Math.min(here, toKill * here / parked + 1);
                long closed = 0;
                for (ModelConn c : new ArrayList<>(t.parked.get(l))) { // the loop's LRU, head first
                    if (closed == quota) {
                        break;
                    }
                    if (!t.preconnectProtects(c)) { // E6: purge keeps a pre-connected key at its count
                        model.close(c, CloseReason.PURGED);
                        closed++;
                    }
                }
            }
        }
        t.deadlineArmed = t.parkedCount() > 0;
        t.deadline = t.deadlineArmed ? now + t.purgeDelayNanos : 0;
    }
}
