package dev.tether.examples.load;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.origin.OriginServer;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.TlsSettings;
import dev.tether.examples.tls.SelfSignedCertificate;
import dev.tether.examples.tls.TlsContexts;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * How the demo wires its origin, proxy and clients for one {@code --backend}: {@code h1} and
 * {@code h2c} in plaintext; {@code https} (HTTP/1.1 by ALPN) and {@code h2} (HTTP/2 by ALPN) over TLS
 * end to end, with a self-signed certificate for {@code localhost} made at start-up that the origin
 * and the proxy's front present and that the proxy and the clients trust.
 *
 * <p>Invariants: {@code tls} modes have an origin context, a client socket factory and TLS settings
 * with a front; plaintext modes have none of them.
 *
 * <p>Thread safety: immutable.
 *
 * @param name the {@code --backend} value
 * @param originTls the origin's server context, or {@code null}
 * @param proxyTls the proxy's TLS settings
 * @param clientTls the clients' socket factory, or {@code null}
 */
@ThreadSafe
record DemoSetup(String name, SSLContext originTls, TlsSettings proxyTls, SSLSocketFactory clientTls) {
    /** The values of {@code --backend}. */
    static final List<String> NAMES = List.of("h1", "h2c", "https", "h2");

    /**
     * The set-up for {@code name}.
     *
     * @param name one of {@link #NAMES}
     * @return the set-up
     * @throws IOException if the JDK cannot make the certificate or the contexts
     */
    static DemoSetup of(String name) throws IOException {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("--backend must be h1, h2c, https or h2: " + name);
        }
        if (name.equals("h1") || name.equals("h2c")) {
            return new DemoSetup(name, null, TlsSettings.DEFAULT, null);
        }
        try {
            SelfSignedCertificate cert = SelfSignedCertificate.localhost();
            List<java.security.cert.X509Certificate> chain = List.of(cert.certificate());
            return new DemoSetup(name, TlsContexts.server(chain, cert.privateKey()),
                    new TlsSettings(chain, false, chain, cert.privateKey()),
                    TlsContexts.client(chain).getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make the demo's certificate: " + e.getMessage(), e);
        }
    }

    /** The proxy's backend for {@code origin}. */
    Backend backend(OriginServer origin) {
        return switch (name) {
            case "h1" -> new Backend(Backend.Protocol.H1, origin.address());
            case "h2c" -> new Backend(Backend.Protocol.H2C, origin.address());
            default -> Backend.parse("https://127.0.0.1:" + origin.port() + "?sni=localhost&alpn="
                    + (name.equals("h2") ? "h2" : "http/1.1"));
        };
    }

    /** A client of the proxy at {@code port}, over TLS for the TLS modes. */
    BlockingHttpClient client(int port) {
        return new BlockingHttpClient(new java.net.InetSocketAddress("127.0.0.1", port), 10_000, clientTls, "localhost");
    }
}
