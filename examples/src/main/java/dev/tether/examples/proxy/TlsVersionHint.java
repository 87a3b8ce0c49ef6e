package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadSafe;

import javax.net.ssl.SSLEngine;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which TLS versions the proxy offers one {@code https} backend. A client engine that offers TLS 1.3
 * sends key shares in its ClientHello, and the JDK makes two (X25519 and P-256): in pure Java, most of
 * a resumed handshake's cost, thrown away by a server that speaks TLS 1.2 (nginx 1.22's default, for
 * one). So once a handshake with the backend negotiated TLS 1.2, the next engines offer TLS 1.2
 * only, which needs no key share; every {@link #REOFFER_EVERY}th engine offers everything again, so a
 * backend that learned TLS 1.3 is noticed, and a failed handshake also goes back to the full offer
 * (a backend that dropped TLS 1.2 costs one handshake). The narrowing follows a TLS 1.2 the server
 * chose itself, from a full offer, so it downgrades nothing the server would have done.
 *
 * <p>Invariants: an engine is narrowed only while the last handshake reported negotiated TLS 1.2,
 * and only if TLS 1.2 is among its enabled versions.
 *
 * <p>Thread safety: safe from any thread: every loop creates engines for the same backend.
 */
@ThreadSafe
final class TlsVersionHint {
    /** One engine in this many offers every enabled version, even after TLS 1.2 was negotiated. */
    static final int REOFFER_EVERY = 64;
    private static final String TLS12 = "TLSv1.2";
    private static final String[] TLS12_ONLY = {TLS12};

    private volatile boolean tls12;
    private final AtomicInteger engines = new AtomicInteger();

    /** Narrows {@code e}'s offer to TLS 1.2 when the backend was last seen speaking it. */
    void apply(SSLEngine e) {
        if (tls12 && engines.incrementAndGet() % REOFFER_EVERY != 0
                && List.of(e.getEnabledProtocols()).contains(TLS12)) {
            e.setEnabledProtocols(TLS12_ONLY.clone());
        }
    }

    /**
     * A handshake with the backend completed.
     *
     * @param version the negotiated version ({@code TLSv1.3}, {@code TLSv1.2})
     */
    void negotiated(String version) {
        tls12 = TLS12.equals(version);
    }

    /** A handshake with the backend failed: the next engines offer every version again. */
    void failed() {
        tls12 = false;
    }

    @Override
    public String toString() {
        return tls12 ? "TLS 1.2 offered" : "every version offered";
    }
}
