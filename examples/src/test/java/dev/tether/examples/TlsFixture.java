package dev.tether.examples;

import dev.tether.examples.origin.OriginServer;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.TlsSettings;
import dev.tether.examples.tls.SelfSignedCertificate;
import dev.tether.examples.tls.TlsContexts;

import javax.net.ssl.SSLContext;
import java.security.GeneralSecurityException;
import java.util.List;

/** Test fixture: one self-signed certificate for localhost and 127.0.0.1, and contexts around it. */
final class TlsFixture {
    static final SelfSignedCertificate CERT;
    /** A server context presenting {@link #CERT}. */
    static final SSLContext SERVER;
    /** A client context trusting {@link #CERT} (and the JDK's store). */
    static final SSLContext CLIENT;
    /** Proxy settings trusting {@link #CERT}, plaintext front. */
    static final TlsSettings TRUSTING;
    /** Proxy settings trusting {@link #CERT}, with a TLS front presenting it. */
    static final TlsSettings TRUSTING_WITH_FRONT;

    static {
        try {
            CERT = SelfSignedCertificate.localhost();
            SERVER = TlsContexts.server(List.of(CERT.certificate()), CERT.privateKey());
            CLIENT = TlsContexts.client(List.of(CERT.certificate()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        TRUSTING = new TlsSettings(List.of(CERT.certificate()), false, List.of(), null);
        TRUSTING_WITH_FRONT = new TlsSettings(List.of(CERT.certificate()), false, List.of(CERT.certificate()),
                CERT.privateKey());
    }

    private TlsFixture() {
    }

    /** {@code https://127.0.0.1:PORT?sni=localhost} plus {@code params} ({@code &alpn=h2}). */
    static Backend backend(OriginServer origin, String params) {
        return Backend.parse("https://127.0.0.1:" + origin.port() + "?sni=localhost" + params);
    }
}
