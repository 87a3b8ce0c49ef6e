package dev.tether.examples.tls;

import dev.tether.core.annotations.ThreadSafe;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.X509Certificate;

/**
 * The trust manager of {@code --insecure-skip-verify}: accepts every certificate chain for every
 * name. For testing against self-signed backends only.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class TrustAnything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // Accepts all: that is the point of the insecure mode.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // Accepts all.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // Accepts all.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // Accepts all.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // Accepts all.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        // Accepts all.
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
