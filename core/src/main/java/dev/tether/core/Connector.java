package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

/**
 * The host's way to open a backend connection. The engine calls it lazily, only when a request found
 * nothing to reuse (R22), and never while holding a lock.
 *
 * <p>Opening is asynchronous: {@link #connect} starts it and returns the transport at once. The host
 * installs the mux with {@link Connection#installMux} as soon as it knows the protocol (inside
 * {@code connect} when it already does, or after ALPN); the mux, or the host's transport, reports
 * {@link MuxEvent#READY} to the connection when the handshake completes, and {@link MuxEvent#ERROR}
 * if the connect fails later (R24).
 *
 * <p>Thread safety: called on the acquiring session's event loop, or on the thread that calls
 * {@link ReuseEngine#maintain} for pre-connect (E6); implementations must be safe for that.
 */
@ThreadSafe
@FunctionalInterface
public interface Connector {
    /**
     * Starts opening {@code connection} to {@code connection.key().destination()}.
     *
     * @param connection the connection being created; its key, target and home loop are set
     * @return the transport, never {@code null}
     * @throws Exception if the connection cannot be opened at all (no file descriptor, no route,
     *     refused at once): the acquire then fails with {@link AcquireFailure#RESOURCE}, no counter
     *     moves and nothing is listed
     */
    Transport connect(Connection connection) throws Exception;
}
