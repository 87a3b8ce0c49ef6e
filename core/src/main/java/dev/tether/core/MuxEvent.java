package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

/**
 * A change of the facts of a connection, reported to its {@link Connection} (as
 * {@link MuxListener#onMuxEvent}) by the mux or the host's transport. The engine reads the mux's facts again and moves the connection accordingly: a
 * mux reports, the engine decides.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public enum MuxEvent {
    /** The transport and protocol handshake completed: {@link Mux#ready()} is now true. */
    READY,
    /** {@link Mux#availableStreams()} changed (new SETTINGS, a stream ended, ...). */
    CAPACITY_CHANGED,
    /** A GOAWAY was received (or sent): no new stream may start (R64). */
    GOAWAY,
    /** The peer closed the connection; the transport is dead (R62). */
    PEER_CLOSED,
    /** A transport or protocol error (including a failed connect); the transport is dead (R62). */
    ERROR,
    /** Bytes arrived while no exchange was in progress on an HTTP/1 connection (R63). */
    UNSOLICITED_BYTES
}
