package dev.tether.core;

import dev.tether.core.annotations.NotThreadSafe;

import java.util.List;

/**
 * Where a {@link Mux} reports what the engine must know. Every {@link Connection} is one: a host
 * passes the connection to the mux it creates for it.
 *
 * <p>Thread safety: call from the connection's home event loop.
 */
@NotThreadSafe
public interface MuxListener {
    /**
     * Reports that a fact of the mux changed; the engine reads the facts again and moves or closes
     * the connection. Never throws for an ordinary event; calling it on a closed connection does
     * nothing.
     *
     * @param event what changed
     */
    void onMuxEvent(MuxEvent event);

    /**
     * Reports a response head so that the engine can detect connection-bound authentication (NTLM,
     * Negotiate) and make the connection private to the lease's session (R28–R30).
     *
     * @param lease the lease whose stream received the head
     * @param status the response status code
     * @param wwwAuthenticate the field values of {@code WWW-Authenticate} (empty if absent)
     * @param proxyAuthenticate the field values of {@code Proxy-Authenticate} (empty if absent)
     * @return true if the connection became private
     */
    boolean onResponseHead(Lease lease, int status, List<String> wwwAuthenticate,
                           List<String> proxyAuthenticate);
}
