package dev.tether.core.sim;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectionState;

/**
 * One connection of the {@link ReuseModel}: the engine's view written from docs/behaviour.md §1.1–§1.2,
 * plus a mirror of the {@code FakeMux} facts the engine reads (limit, unusable reason, open streams,
 * whether the last exchange was the first).
 *
 * <p>Invariants: {@code latch} once non-null never changes (§1.2: the first latch's reason is kept);
 * {@code priv} and {@code ready} only go from false to true; {@code owner} is non-null exactly when
 * {@code state} lives on a PRIVATE list; a closed connection is on no list.
 *
 * <p>Thread safety: not thread safe; the simulation is single-threaded.
 */
final class ModelConn {
    /** Creation order within the run: the index of the engine connection it mirrors. */
    final int index;
    final ModelTarget target;
    final int key;
    final boolean h2;
    /**
     * The step id of the acquire that created it, or for an E6 pre-connect {@link #preconnectId} of
     * the maintain step that opened it (stable across shrinking).
     */
    final int createdBy;
    /** When it was opened (E1). */
    final long createdAt;
    /** Opened by E6 for no request. */
    final boolean preconnect;
    /** Its mux is not {@code Mux.Migratable}: it is never used outside its home loop (R59). */
    final boolean pinned;
    /** The event loop it is homed on: where it was created, or where it was taken over to (R61). */
    int home;
    ConnectionState state;
    ModelSession owner;
    boolean priv;
    /** The reason of the {@code noNewStreams} latch, or null while not latched. */
    CloseReason latch;
    boolean ready;
    /** Streams ever attached (the engine's count, R46, R49). */
    int opened;
    /** Streams attached now. */
    int streams;
    CloseReason closeReason;
    /** Position in its loop's LRU: larger = parked later (R51). */
    long parkSeq;
    /** When it was last parked or became PRIVATE_IDLE (R51, E2, E3). */
    long parkedAt;
    /** FakeMux.failMigration: the next migration to another loop fails (R61); the engine is not told. */
    boolean failMigration;
    /**
     * The {@code availableStreams} the engine last read from the mux (R21: the lookup reads the value
     * each mux publishes); refreshed at every engine touch: create, attach, abandon, release, event.
     */
    int published;
    // FakeMux mirror: facts, not decisions.
    int limit;
    CloseReason unusable;
    boolean lastWasFirst = true;
    /** FakeMux.streamsLeft: HTTP/2 stream identifiers left (R48). */
    int streamsLeft = Integer.MAX_VALUE;
    /** FakeMux.availableOverride: a value the mux reports without telling the engine, or −1. */
    int override = -1;
    /** False until the host installs the mux after the handshake (R27); no mux, no facts. */
    boolean muxInstalled = true;
    /** The session of the lease that created it (its pending stream until the mux is installed). */
    ModelSession creator;

    ModelConn(int index, ModelTarget target, int key, int home, int createdBy, boolean ready, long createdAt,
              boolean preconnect) {
        this.index = index;
        this.createdAt = createdAt;
        this.preconnect = preconnect;
        this.target = target;
        this.key = key;
        this.h2 = target.h2;
        this.pinned = target.pinned(key);
        this.home = home;
        this.createdBy = createdBy;
        this.ready = ready;
        this.limit = h2 ? target.h2Cap : 1;
    }

    /** The id of the {@code nth} connection an E6 pre-connect opened during step {@code step}: negative. */
    static int preconnectId(int step, int nth) {
        return -(step * 64 + nth) - 1;
    }

    /** How steps name the connection: {@code c17} for the acquire step 17's, {@code p17_0} for a pre-connect. */
    static String name(int createdBy) {
        if (createdBy >= 0) {
            return "c" + createdBy;
        }
        int v = -(createdBy + 1);
        return "p" + v / 64 + "_" + v % 64;
    }

    boolean isOpen() {
        return state != ConnectionState.CLOSED && state != ConnectionState.CLOSING;
    }

    boolean latched() {
        return latch != null;
    }

    boolean isParked() {
        return state == ConnectionState.IDLE || state == ConnectionState.SAFE;
    }

    boolean isIdleState() {
        return isParked() || state == ConnectionState.PRIVATE_IDLE;
    }

    /** What {@code FakeMux.availableStreams()} reports now. */
    int muxAvailable() {
        if (!muxInstalled) {
            return 0;
        }
        if (override >= 0) {
            return override;
        }
        if (unusable != null) {
            return 0;
        }
        return h2 ? Math.min(limit - streams, streamsLeft) : 1 - streams;
    }

    /** The engine reads the mux's facts again. */
    void touch() {
        published = available();
    }

    /** The engine's {@code availableStreams}: the mux's, capped by {@code maxReuse} (R45, R46, R49). */
    int available() {
        int a = muxAvailable();
        if (target.maxReuse >= 0) {
            a = Math.min(a, target.maxReuse + 1 - opened);
        }
        return a;
    }

    /** Sets the latch if not yet set (§1.2: never reopens; the first reason stays). */
    void latch(CloseReason reason) {
        if (latch == null) {
            latch = reason;
        }
    }

    @Override
    public String toString() {
        return name(createdBy) + "#" + index + "{" + state + ", key=" + key + (h2 ? ", h2" : ", h1")
                + ", loop " + home + (pinned ? " pinned" : "") + (priv ? ", private" : "") + (owner != null ? ", owner=s" + owner.id : "")
                + (latch != null ? ", latch=" + latch : "") + (ready ? "" : ", not ready")
                + ", streams=" + streams + "/" + opened + (h2 ? ", limit=" + limit : "")
                + (closeReason != null ? ", closed " + closeReason : "") + "}";
    }
}
