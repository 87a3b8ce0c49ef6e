package dev.tether.examples.tls;

import dev.tether.core.annotations.ThreadSafe;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import java.util.List;

/**
 * What a {@link TlsEngine} refuses of its peer although the JDK accepts it: a server that chose no
 * ALPN protocol for a client that cannot speak without one, and a TLS 1.2 renegotiation.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class TlsChecks {
    private TlsChecks() {
    }

    /** True for a client that offers ALPN without {@code http/1.1}: it has no protocol to fall back to. */
    static boolean alpnRequired(SSLEngine ssl) {
        List<String> offered = List.of(ssl.getSSLParameters().getApplicationProtocols());
        return ssl.getUseClientMode() && !offered.isEmpty() && !offered.contains("http/1.1");
    }

    /** At the handshake's end: an {@link TlsFailure#ALPN_MISMATCH} if ALPN was required and none was chosen, else {@code null}. */
    static TlsException alpnMissing(SSLEngine ssl, boolean required) {
        String chosen = ssl.getApplicationProtocol();
        if (!required || (chosen != null && !chosen.isEmpty())) {
            return null;
        }
        return new TlsException(TlsFailure.ALPN_MISMATCH, "the server chose no protocol of "
                + List.of(ssl.getSSLParameters().getApplicationProtocols()), null);
    }

    /**
     * After an unwrap on an open connection: a {@link TlsFailure#RENEGOTIATION_REFUSED} if a TLS 1.2 (or
     * older) engine starts handshaking again, else {@code null} (TLS 1.3 post-handshake messages are fine).
     */
    static TlsException renegotiation(SSLEngine ssl, SSLEngineResult r) {
        HandshakeStatus hs = r.getHandshakeStatus();
        boolean handshaking = hs != HandshakeStatus.NOT_HANDSHAKING && hs != HandshakeStatus.FINISHED;
        if (!handshaking || ssl.isInboundDone() || ssl.isOutboundDone() || "TLSv1.3".equals(ssl.getSession().getProtocol())) {
            return null;
        }
        return new TlsException(TlsFailure.RENEGOTIATION_REFUSED, "the peer asked to renegotiate "
                + ssl.getSession().getProtocol(), null);
    }
}
