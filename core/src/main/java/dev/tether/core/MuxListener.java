package dev.tether.core;

import dev.tether.core.annotations.NotThreadSafe;

import java.util.List;

/**
 * Where a {@link Mux} reports what the engine must know: the only way facts and response heads reach
 * the engine. Every {@link Connection} is one, and a host passes the connection to the mux it creates
 * for it; a mux never needs the engine itself.
 *
 * <p>Thread safety: called by the mux on the connection's home event loop.
 */
@NotThreadSafe
public interface MuxListener {
    /**
     * Reports that a fact of the mux changed (READY, CAPACITY_CHANGED, GOAWAY, PEER_CLOSED, ERROR,
     * UNSOLICITED_BYTES); the engine reads the facts again and moves or closes the connection
     * (R62–R65). Never throws for an ordinary event; calling it on a closed connection does nothing.
     *
     * @param event what changed
     */
    void onMuxEvent(MuxEvent event);

    /**
     * Reports a final response head so that the engine can detect connection-bound authentication
     * (NTLM, Negotiate) and make the connection private to the lease's session (R28–R30).
     *
     * @param lease the handle of the lease whose stream received the head (its {@link Stream#lease()})
     * @param status the response status code
     * @param wwwAuthenticate the field values of {@code WWW-Authenticate} (empty if absent)
     * @param proxyAuthenticate the field values of {@code Proxy-Authenticate} (empty if absent)
     * @return true if the connection is now private to the lease's session
     * @throws IllegalStateException if {@code lease} is not a lease active on this connection
     */
    boolean onResponseHead(long lease, int status, List<String> wwwAuthenticate, List<String> proxyAuthenticate);
}
