package dev.tether.examples.tls;

import dev.tether.core.annotations.ThreadSafe;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Builds the JDK's {@link SSLContext}s and {@link SSLEngine}s the way Tether uses them: a client
 * context trusting the JDK's trust store plus extra CA certificates (or, for testing only, anything),
 * client engines with host-name verification, SNI and ALPN offers, and a server context from a
 * certificate chain and key whose engines choose {@code h2} or {@code http/1.1} by ALPN.
 *
 * <p>Thread safety: stateless; the contexts it returns are thread-safe, the engines are not.
 */
@ThreadSafe
public final class TlsContexts {
    /** What a client offers and a server accepts, in order of preference. */
    public static final List<String> DEFAULT_ALPN = List.of("h2", "http/1.1");

    private TlsContexts() {
    }

    /**
     * A client context trusting the JDK's default trust anchors and {@code extraAnchors}.
     *
     * @param extraAnchors CA (or self-signed) certificates to trust as well, e.g. from {@code --trust-pem}
     * @return the context
     * @throws GeneralSecurityException if the JDK lacks TLS or the trust store cannot be built
     */
    public static SSLContext client(List<X509Certificate> extraAnchors) throws GeneralSecurityException {
        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        KeyStore anchors = emptyKeyStore();
        int i = 0;
        for (TrustManager tm : jdk.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                for (X509Certificate c : x.getAcceptedIssuers()) {
                    anchors.setCertificateEntry("jdk-" + i++, c);
                }
            }
        }
        for (X509Certificate c : extraAnchors) {
            anchors.setCertificateEntry("extra-" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(anchors);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /**
     * A client context that accepts any certificate for any name: for tests against self-signed
     * backends only; whoever uses it must say so loudly.
     *
     * @return the context
     * @throws GeneralSecurityException if the JDK lacks TLS
     */
    public static SSLContext insecureClient() throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new TrustAnything()}, null);
        return ctx;
    }

    /**
     * A server context presenting {@code chain} (leaf first) with {@code key}.
     *
     * @param chain the certificate chain
     * @param key the leaf's private key, RSA or EC
     * @return the context
     * @throws GeneralSecurityException if the key is not the leaf certificate's, or the JDK lacks TLS
     */
    public static SSLContext server(List<X509Certificate> chain, PrivateKey key) throws GeneralSecurityException {
        checkKeyFits(chain.get(0), key);
        KeyStore ks = emptyKeyStore();
        ks.setKeyEntry("server", key, new char[0], chain.toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /**
     * A client engine. The engine is created for the SNI name (or the host when none) and port, so the
     * JDK's session cache can resume a session with the same server name.
     *
     * @param ctx a client context
     * @param host the host connected to (a name or an IP literal); verified when there is no SNI
     * @param port the port
     * @param sni the server name to send and verify, or {@code null} for none
     * @param alpn protocols to offer, in order; empty for no ALPN
     * @param verifyHostName check that the certificate names the SNI (or host); off only with an insecure context
     * @return the engine, in client mode
     */
    public static SSLEngine clientEngine(SSLContext ctx, String host, int port, String sni, List<String> alpn,
                                         boolean verifyHostName) {
        SSLEngine e = ctx.createSSLEngine(sni != null ? sni : host, port);
        e.setUseClientMode(true);
        SSLParameters p = e.getSSLParameters();
        if (verifyHostName) {
            p.setEndpointIdentificationAlgorithm("HTTPS"); // RFC 2818 §3.1 / RFC 6125 checks by the JDK
        }
        p.setServerNames(sni != null ? List.of(new SNIHostName(sni)) : List.of());
        p.setApplicationProtocols(alpn.toArray(new String[0]));
        e.setSSLParameters(p);
        return e;
    }

    /**
     * A server engine choosing the first of {@code alpn} that the client offers (no ALPN from the
     * client means HTTP/1.1).
     *
     * @param ctx a server context
     * @param alpn protocols accepted, in order of preference
     * @return the engine, in server mode
     */
    public static SSLEngine serverEngine(SSLContext ctx, List<String> alpn) {
        SSLEngine e = ctx.createSSLEngine();
        e.setUseClientMode(false);
        SSLParameters p = e.getSSLParameters();
        p.setApplicationProtocols(alpn.toArray(new String[0]));
        e.setSSLParameters(p);
        return e;
    }

    /**
     * Checks that {@code key} is the private half of {@code leaf}'s public key, by signing a probe with
     * one and verifying it with the other: a mismatch found now is one line at start-up instead of a
     * failed handshake per client.
     */
    private static void checkKeyFits(X509Certificate leaf, PrivateKey key) throws GeneralSecurityException {
        String algorithm = leaf.getPublicKey().getAlgorithm();
        if (!algorithm.equals(key.getAlgorithm())) {
            throw new GeneralSecurityException("the key is " + key.getAlgorithm() + ", the certificate's is " + algorithm);
        }
        String signature = "EC".equals(algorithm) ? "SHA256withECDSA" : "RSA".equals(algorithm) ? "SHA256withRSA" : null;
        if (signature == null) {
            return; // no probe for this algorithm: the handshake will tell
        }
        byte[] probe = "tether key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        boolean fits;
        try {
            Signature sign = Signature.getInstance(signature);
            sign.initSign(key);
            sign.update(probe);
            Signature verify = Signature.getInstance(signature);
            verify.initVerify(leaf.getPublicKey());
            verify.update(probe);
            fits = verify.verify(sign.sign());
        } catch (SignatureException | InvalidKeyException e) { // an EC key of another curve, for one
            fits = false;
        }
        if (!fits) {
            throw new GeneralSecurityException("the key is not the one of the certificate for "
                    + leaf.getSubjectX500Principal().getName());
        }
    }

    private static KeyStore emptyKeyStore() throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an empty key store", e);
        }
        return ks;
    }
}
