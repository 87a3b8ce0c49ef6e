package dev.tether.examples.tls;

import dev.tether.core.annotations.ThreadSafe;

/**
 * Why a TLS connection failed, as the proxy counts it and tells the client in {@code x-tether-error}.
 * The handshake kinds ({@link #HANDSHAKE_FAILED} to {@link #ALPN_MISMATCH}) are connect failures to
 * the engine (R24); the last two happen on an established connection.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public enum TlsFailure {
    /** The handshake failed for any reason not named below (bad peer bytes, no common cipher, an alert). */
    HANDSHAKE_FAILED("tls-handshake-failed"),
    /** The peer's certificate chain does not lead to a trusted anchor, or is expired or not yet valid. */
    UNTRUSTED("tls-untrusted"),
    /** The certificate is trusted but names neither the SNI host nor the address connected to. */
    HOSTNAME_MISMATCH("tls-hostname-mismatch"),
    /** The handshake did not finish before the caller's deadline. */
    TIMEOUT("tls-timeout"),
    /** The peers share no application protocol (an alert, or no choice where one is required). */
    ALPN_MISMATCH("tls-alpn-mismatch"),
    /** The peer asked for a TLS 1.2 renegotiation, which is refused. */
    RENEGOTIATION_REFUSED("tls-renegotiation-refused"),
    /** An established connection received bytes that are not valid TLS records. */
    PROTOCOL_ERROR("tls-protocol-error");

    private final String reason;

    TlsFailure(String reason) {
        this.reason = reason;
    }

    /** The value of {@code x-tether-error} and the counter's name: {@code tls-untrusted}. */
    public String reason() {
        return reason;
    }

    /** True for the kinds that end a handshake, which the engine sees as a failed connect (R24). */
    public boolean duringHandshake() {
        return this != RENEGOTIATION_REFUSED && this != PROTOCOL_ERROR;
    }
}
