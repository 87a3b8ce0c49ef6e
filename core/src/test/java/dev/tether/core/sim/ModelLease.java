package dev.tether.core.sim;

import dev.tether.core.ConnectReason;

/**
 * A lease of the {@link ReuseModel}: the session, the connection, the exchange number the fake mux
 * gave the stream, and what {@code acquire} reported (R20, E4).
 *
 * <p>Thread safety: not thread safe.
 */
final class ModelLease {
    final int id;
    final ModelSession session;
    final ModelConn conn;
    final int exchange;
    final boolean reused;
    final boolean anticipated;
    final ConnectReason reason;
    /** When its acquire was called (E5). */
    long acquiredAt;
    /** E5 reported it (once per lease). */
    boolean leakReported;

    ModelLease(int id, ModelSession session, ModelConn conn, int exchange, boolean reused,
               boolean anticipated, ConnectReason reason) {
        this.id = id;
        this.session = session;
        this.conn = conn;
        this.exchange = exchange;
        this.reused = reused;
        this.anticipated = anticipated;
        this.reason = reason;
    }

    @Override
    public String toString() {
        return "a" + id + "{s" + session.id + " on " + conn + (reused ? ", reused" : ", new " + reason)
                + (anticipated ? ", anticipated" : "") + "}";
    }
}
