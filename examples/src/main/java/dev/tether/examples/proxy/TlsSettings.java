package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.tls.TlsContexts;

import javax.net.ssl.SSLContext;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The proxy's TLS configuration: what its {@code https} backends are verified against, and the
 * certificate of its own TLS front, if it has one.
 *
 * <p>Invariants: {@code frontChain} and {@code frontKey} are both present or both absent;
 * {@code insecureSkipVerify} turns off certificate and host-name checks for every backend.
 *
 * <p>Thread safety: immutable.
 *
 * @param trustAnchors CA certificates trusted besides the JDK's trust store ({@code --trust-pem})
 * @param insecureSkipVerify accept any backend certificate for any name ({@code --insecure-skip-verify}); testing only
 * @param frontChain the front's certificate chain, leaf first ({@code --tls-cert}); empty for a plaintext front
 * @param frontKey the front's private key ({@code --tls-key}), or {@code null}
 */
@ThreadSafe
public record TlsSettings(List<X509Certificate> trustAnchors, boolean insecureSkipVerify,
                          List<X509Certificate> frontChain, PrivateKey frontKey) {
    /** The JDK's trust store, verification on, a plaintext front. */
    public static final TlsSettings DEFAULT = new TlsSettings(List.of(), false, List.of(), null);

    /** Checks that a front has both a chain and a key. */
    public TlsSettings {
        trustAnchors = List.copyOf(trustAnchors);
        frontChain = List.copyOf(frontChain);
        if (frontChain.isEmpty() != (frontKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
    }

    /** True when the front speaks TLS. */
    public boolean tlsFront() {
        return frontKey != null;
    }

    /**
     * The context of the backend connections.
     *
     * @return the context
     * @throws GeneralSecurityException if the JDK cannot build it
     */
    public SSLContext clientContext() throws GeneralSecurityException {
        return insecureSkipVerify ? TlsContexts.insecureClient() : TlsContexts.client(trustAnchors);
    }

    /**
     * The context of the TLS front.
     *
     * @return the context, or {@code null} for a plaintext front
     * @throws GeneralSecurityException if the key does not fit the certificate
     */
    public SSLContext serverContext() throws GeneralSecurityException {
        return tlsFront() ? TlsContexts.server(frontChain, frontKey) : null;
    }
}
