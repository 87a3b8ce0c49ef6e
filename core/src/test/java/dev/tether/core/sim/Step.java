package dev.tether.core.sim;

import dev.tether.core.RequestTraits;

import java.util.List;

/**
 * One step of a simulation run, with every random choice already made. Steps name what they act on
 * by stable ids, so that a step list still means the same thing after shrinking deletes some of it:
 * leases and the connections they created are named by the id of the acquire step ({@code a17},
 * {@code c17}), sessions by their id ({@code s3}), targets by index. A step whose subject does not
 * exist (any more) in a shrunk run is skipped.
 *
 * <p>Invariants: immutable.
 *
 * <p>Thread safety: immutable.
 */
final class Step {
    enum Kind {
        ACQUIRE, RELEASE, GOAWAY, PEER_CLOSE, TRANSPORT_ERROR, UNSOLICITED_BYTES, CHALLENGE, SETTINGS,
        READY, ADVANCE, CLOSE_SESSION, DRAIN, UNDRAIN, SILENT_AVAILABLE, STREAM_IDS, PREFERRED_TARGET,
        INSTALL_MUX, MIGRATION_FAILS, BUDGET, PRECONNECT, CLOCK, CLOSE_ENGINE
    }

    /** Candidate target lists for PREFERRED_TARGET steps, by index. */
    static final int[][] CANDIDATES = {{0}, {1}, {0, 1}, {1, 0}};

    static final int REFUSE = 1;
    static final int NOT_READY = 1 << 1;
    static final int FAILED = 1 << 2;
    static final int RESPONSE_STARTED = 1 << 3;
    static final int NOT_PROCESSED = 1 << 4;
    static final int INCOMPLETE = 1 << 5;
    static final int CONN_CLOSE = 1 << 6;
    static final int DEFER_MUX = 1 << 7;

    /** Response heads for CHALLENGE steps: status, WWW-Authenticate, Proxy-Authenticate, is a challenge (R29). */
    static final Object[][] HEADS = {
        {401, List.of("NTLM"), List.of(), true},
        {401, List.of("Negotiate abc"), List.of(), true},
        {407, List.of(), List.of("NTLM"), true},
        {401, List.of("Basic realm=\"a,b\", NTLM"), List.of(), true},
        {401, List.of("Basic realm=x"), List.of(), false},
        {200, List.of("NTLM"), List.of(), false},
        {401, List.of(), List.of("NTLM"), false},
    };

    final Kind kind;
    final int id;
    final int session;
    final int key;
    final RequestTraits traits;
    /** The acquire step id of the lease or connection acted on, a settings value, or a target index. */
    final int ref;
    final int value;
    final int flags;
    final long nanos;

    private Step(Kind kind, int id, int session, int key, RequestTraits traits, int ref, int value, int flags, long nanos) {
        this.kind = kind;
        this.id = id;
        this.session = session;
        this.key = key;
        this.traits = traits;
        this.ref = ref;
        this.value = value;
        this.flags = flags;
        this.nanos = nanos;
    }

    /** An acquire; {@code lockedLoop} ≥ 0 names a loop whose lock another thread holds meanwhile (R60). */
    static Step acquire(int id, int session, int key, RequestTraits traits, int flags, int lockedLoop) {
        return new Step(Kind.ACQUIRE, id, session, key, traits, id, lockedLoop + 1, flags, 0);
    }

    /** The loop whose lock another thread holds during this acquire, or −1. */
    int lockedLoop() {
        return kind == Kind.ACQUIRE ? value - 1 : -1;
    }

    /** The host's budget count becomes {@code inUse} (R4). */
    static Step budget(int id, int inUse) {
        return new Step(Kind.BUDGET, id, 0, 0, RequestTraits.NONE, 0, inUse, 0, 0);
    }

    /** E6: the host asks for {@code count} pre-connected connections of key {@code key} (0 = none). */
    static Step preconnect(int id, int key, int count) {
        return new Step(Kind.PRECONNECT, id, 0, key, RequestTraits.NONE, 0, count, 0, 0);
    }

    static Step release(int id, int lease, int flags) {
        return new Step(Kind.RELEASE, id, 0, 0, RequestTraits.NONE, lease, 0, flags, 0);
    }

    static Step onConnection(Kind kind, int id, int conn, int value) {
        return new Step(kind, id, 0, 0, RequestTraits.NONE, conn, value, 0, 0);
    }

    static Step challenge(int id, int lease, int head) {
        return new Step(Kind.CHALLENGE, id, 0, 0, RequestTraits.NONE, lease, head, 0, 0);
    }

    static Step advance(int id, long nanos) {
        return new Step(Kind.ADVANCE, id, 0, 0, RequestTraits.NONE, 0, 0, 0, nanos);
    }

    /** Time passes before the host's timer calls {@code maintain}: only engine touches see it (E1). */
    static Step clock(int id, long nanos) {
        return new Step(Kind.CLOCK, id, 0, 0, RequestTraits.NONE, 0, 0, 0, nanos);
    }

    static Step closeSession(int id, int session) {
        return new Step(Kind.CLOSE_SESSION, id, session, 0, RequestTraits.NONE, 0, 0, 0, 0);
    }

    static Step preferredTarget(int id, int session, int candidates) {
        return new Step(Kind.PREFERRED_TARGET, id, session, 0, RequestTraits.NONE, 0, candidates, 0, 0);
    }

    static Step onTarget(Kind kind, int id, int target) {
        return new Step(kind, id, 0, 0, RequestTraits.NONE, target, 0, 0, 0);
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Java-like pseudo-code for a regression test. */
    String toJava(SimConfig config) {
        switch (kind) {
            case ACQUIRE:
                return (has(REFUSE) ? "connector.refuseNext = 1; " : "")
                        + (has(NOT_READY) ? "connector.readyAtOnce = false; " : "")
                        + (has(DEFER_MUX) ? "connector.deferMux = true; " : "")
                        + (lockedLoop() >= 0 ? "holdLoopLock(" + target(config) + ", " + lockedLoop() + "); " : "")
                        + "Lease a" + id + " = acquire(s" + session + ", " + config.keyName(key) + ", "
                        + traits + ");" + (lockedLoop() >= 0 ? " releaseLoopLock();" : "");
            case MIGRATION_FAILS:
                return "mux(" + ModelConn.name(ref) + ").failMigration = true; // the engine is not told";
            case BUDGET:
                return "inUse = " + value + ";";
            case PRECONNECT:
                return "engine.preconnect(" + config.keyName(key) + ", " + value + ");";
            case RELEASE:
                return (has(CONN_CLOSE) ? "mux(a" + ref + ").closeAfterExchange(); " : "")
                        + (has(RESPONSE_STARTED) ? "stream(a" + ref + ").responseStarted = true; " : "")
                        + (has(NOT_PROCESSED) ? "stream(a" + ref + ").notProcessed = true; " : "")
                        + (has(INCOMPLETE) ? "stream(a" + ref + ").complete = false; " : "")
                        + "release(a" + ref + ", " + (has(FAILED) ? "FAILED" : "COMPLETED") + ");";
            case CHALLENGE:
                Object[] h = HEADS[value];
                return "engine.onResponseHead(a" + ref + ", " + h[0] + ", List.of(" + quote(h[1]) + "), List.of("
                        + quote(h[2]) + "));";
            case GOAWAY:
                return "mux(" + ModelConn.name(ref) + ").goAway();";
            case PEER_CLOSE:
                return "mux(" + ModelConn.name(ref) + ").peerClose();";
            case TRANSPORT_ERROR:
                return "mux(" + ModelConn.name(ref) + ").fail();";
            case UNSOLICITED_BYTES:
                return "mux(" + ModelConn.name(ref) + ").unsolicitedBytes();";
            case SETTINGS:
                return "mux(" + ModelConn.name(ref) + ").peerSettings(" + value + ", localCap);";
            case READY:
                return "mux(" + ModelConn.name(ref) + ").becomeReady();";
            case ADVANCE:
                return "clock.advanceNanos(" + nanos + "L); engine.maintain(clock.nanoTime());";
            case CLOCK:
                return "clock.advanceNanos(" + nanos + "L);";
            case CLOSE_SESSION:
                return "engine.closeSession(s" + session + ");";
            case INSTALL_MUX:
                return (value == 0 ? "connector.readyAtOnce = false; " : "")
                        + "connector.installMux(connector.of(" + ModelConn.name(ref) + "));";
            case SILENT_AVAILABLE:
                return "mux(" + ModelConn.name(ref) + ").availableOverride = " + value + "; // the engine is not told";
            case STREAM_IDS:
                return "mux(" + ModelConn.name(ref) + ").streamsLeft = " + value + "; // the engine is not told";
            case PREFERRED_TARGET: {
                StringBuilder sb = new StringBuilder("engine.preferredTarget(s" + session + ", List.of(");
                for (int i = 0; i < CANDIDATES[value].length; i++) {
                    sb.append(i == 0 ? "T" : ", T").append(CANDIDATES[value][i] + 1);
                }
                return sb.append("));").toString();
            }
            case DRAIN:
                return "engine.drain(T" + (ref + 1) + ");";
            case CLOSE_ENGINE:
                return "engine.close();";
            default:
                return "engine.undrain(T" + (ref + 1) + ");";
        }
    }

    private String target(SimConfig config) {
        return "T" + (config.keyTarget[key] + 1);
    }

    private static String quote(Object values) {
        StringBuilder sb = new StringBuilder();
        for (Object v : (List<?>) values) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append('"').append(v.toString().replace("\"", "\\\"")).append('"');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return kind + "#" + id;
    }
}
