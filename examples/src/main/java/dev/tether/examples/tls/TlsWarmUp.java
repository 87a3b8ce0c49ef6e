package dev.tether.examples.tls;

import dev.tether.core.annotations.ThreadSafe;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a few TLS handshakes in memory, once per process, before the first real connection: the
 * JDK loads and initialises its TLS classes and crypto providers on the first handshake, which then
 * takes hundreds of milliseconds (much more on a busy machine), so a cold proxy facing a burst of new
 * backend connections would time them out. A host calls {@link #once()} at start-up.
 *
 * <p>Invariants: runs at most once per process; never throws (a failure only means no warm-up).
 *
 * <p>Thread safety: safe from any thread; the first caller does the work, later ones return at once.
 */
@ThreadSafe
public final class TlsWarmUp {
    private static final System.Logger LOG = System.getLogger(TlsWarmUp.class.getName());
    private static final AtomicBoolean DONE = new AtomicBoolean();
    private static final int HANDSHAKES = 3;

    private TlsWarmUp() {
    }

    /** Warms TLS up unless this process did already. */
    public static void once() {
        if (!DONE.compareAndSet(false, true)) {
            return;
        }
        try {
            SelfSignedCertificate c = SelfSignedCertificate.localhost();
            SSLContext server = TlsContexts.server(List.of(c.certificate()), c.privateKey());
            SSLContext client = TlsContexts.client(List.of(c.certificate()));
            for (int i = 0; i < HANDSHAKES; i++) {
                handshake(TlsContexts.clientEngine(client, "localhost", 443, "localhost", TlsContexts.DEFAULT_ALPN, true),
                        TlsContexts.serverEngine(server, TlsContexts.DEFAULT_ALPN));
            }
        } catch (GeneralSecurityException | SSLException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "TLS warm-up failed; the first handshakes will be slower", e);
        }
    }

    /** Drives two engines against each other through two in-memory pipes until both are done. */
    private static void handshake(SSLEngine a, SSLEngine b) throws SSLException {
        int size = Math.max(a.getSession().getPacketBufferSize(), a.getSession().getApplicationBufferSize()) * 4;
        ByteBuffer aToB = ByteBuffer.allocate(size);
        ByteBuffer bToA = ByteBuffer.allocate(size);
        ByteBuffer app = ByteBuffer.allocate(size);
        a.beginHandshake();
        b.beginHandshake();
        for (int i = 0; i < 200 && (handshaking(a) || handshaking(b)); i++) {
            step(a, bToA, aToB, app);
            step(b, aToB, bToA, app);
        }
    }

    private static boolean handshaking(SSLEngine e) {
        HandshakeStatus hs = e.getHandshakeStatus();
        return hs != HandshakeStatus.NOT_HANDSHAKING && hs != HandshakeStatus.FINISHED;
    }

    private static void step(SSLEngine e, ByteBuffer in, ByteBuffer out, ByteBuffer app) throws SSLException {
        switch (e.getHandshakeStatus()) {
            case NEED_TASK -> {
                for (Runnable t = e.getDelegatedTask(); t != null; t = e.getDelegatedTask()) {
                    t.run();
                }
            }
            case NEED_WRAP -> e.wrap(ByteBuffer.allocate(0), out);
            case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                in.flip();
                e.unwrap(in, app.clear());
                in.compact();
            }
            default -> {
                // done
            }
        }
    }
}
