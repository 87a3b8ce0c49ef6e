package dev.tether.examples.tls;

import dev.tether.core.annotations.ThreadConfined;

/**
 * What a {@link TlsEndpoint} reports about its handshake, for counters.
 *
 * <p>Thread safety: called on the endpoint's loop.
 */
@ThreadConfined("event loop")
public interface HandshakeObserver {
    /** Ignores everything. */
    HandshakeObserver NONE = new HandshakeObserver() {
    };

    /**
     * The handshake finished.
     *
     * @param nanos how long it took from the TCP connect (client) or accept (server)
     * @param resumed whether an earlier session was resumed (no full key exchange)
     * @param protocol the negotiated ALPN protocol, {@code ""} for none
     */
    default void handshakeDone(long nanos, boolean resumed, String protocol) {
    }

    /**
     * The handshake failed.
     *
     * @param failure why
     */
    default void handshakeFailed(TlsException failure) {
    }
}
