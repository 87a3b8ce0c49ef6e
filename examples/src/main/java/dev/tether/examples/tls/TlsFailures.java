package dev.tether.examples.tls;

import dev.tether.core.annotations.ThreadSafe;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

/**
 * Classifies the JDK's TLS exceptions into {@link TlsFailure} kinds by walking the cause chain: the
 * JDK reports an untrusted chain as a {@link CertPathBuilderException} or
 * {@link CertPathValidatorException} under the {@code SSLHandshakeException}, and a host-name
 * mismatch as a plain {@link CertificateException} from its host-name checker.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class TlsFailures {
    private TlsFailures() {
    }

    /**
     * The kind of {@code t}.
     *
     * @param t what the {@code SSLEngine} threw
     * @param handshaking whether the handshake was still running
     * @return the kind; {@link TlsFailure#HANDSHAKE_FAILED} or {@link TlsFailure#PROTOCOL_ERROR} when
     *         nothing more specific is in the chain
     */
    static TlsFailure classify(Throwable t, boolean handshaking) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof CertPathBuilderException || c instanceof CertPathValidatorException
                    || c instanceof CertificateExpiredException || c instanceof CertificateNotYetValidException) {
                return TlsFailure.UNTRUSTED;
            }
            String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
            if (c.getClass() == CertificateException.class
                    && (m.contains("no subject alternative") || m.contains("no name matching"))) {
                return TlsFailure.HOSTNAME_MISMATCH;
            }
            if (m.contains("no_application_protocol")) {
                return TlsFailure.ALPN_MISMATCH;
            }
            if (m.contains("unable to find valid certification path")) {
                return TlsFailure.UNTRUSTED; // when a trust manager flattened the cause into the message
            }
        }
        return handshaking ? TlsFailure.HANDSHAKE_FAILED : TlsFailure.PROTOCOL_ERROR;
    }
}
