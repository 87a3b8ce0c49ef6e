package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.nio.Endpoint;
import dev.tether.examples.nio.EventLoop;
import dev.tether.examples.nio.NioSocket;
import dev.tether.examples.nio.SocketHandler;
import dev.tether.examples.tls.HandshakeObserver;
import dev.tether.examples.tls.TlsEndpoint;

import java.io.IOException;

/**
 * Opens the connection of a {@link HealthProbe} the way the backend's own connections are opened, so
 * that a probe passes only where a request could: a TCP connect for {@code h1} and {@code h2c}; for an
 * {@code https} backend the TCP connect and then the TLS handshake as {@link TlsBackend#open()} runs
 * it (the same client context, trust, SNI rules and ALPN offer, the connect timeout for each), so
 * that an untrusted certificate, a wrong name, an ALPN mismatch or a silent peer fails the probe with
 * its typed {@code tls-*} reason instead of passing it.
 *
 * <p>The SNI is the one the backend's connections send: the fixed {@code sni=NAME} (or none for an IP
 * literal); for {@code sni=@host}, which takes the SNI from each request, the probe has no request and
 * uses the backend's own host name (none when the backend is given as an IP literal). The probe's
 * {@code Host} / {@code :authority} is that name too, so that name and host agree as in a request.
 *
 * <p>Probe handshakes are not counted in the target's {@link dev.tether.examples.tls.TlsCounters}:
 * those describe the connections that carry requests (a failed probe every back-off would multiply
 * the failures of a target that is down); a probe's outcome is the target's DOWN / UP log line and
 * health state. A probe's session does go into the client context's cache like any other.
 *
 * <p>Invariants: an endpoint it opens is closed by its handler (the probe), on every path.
 *
 * <p>Thread safety: immutable; {@link #open} on the loop given to it.
 */
@ThreadSafe
final class ProbeDialer {
    private final ProxyTls tls;
    private final long connectTimeoutNanos;

    /**
     * A dialer.
     *
     * @param tls the proxy's TLS contexts and task pool
     * @param connectTimeoutNanos the connect timeout, and the handshake's bound from the TCP connect
     */
    ProbeDialer(ProxyTls tls, long connectTimeoutNanos) {
        this.tls = tls;
        this.connectTimeoutNanos = connectTimeoutNanos;
    }

    /** How long connecting may take: the connect timeout, twice for {@code https} (the handshake follows). */
    long connectNanos(Backend backend) {
        return backend.tls() == null ? connectTimeoutNanos : 2 * connectTimeoutNanos;
    }

    /**
     * Opens a connection to {@code backend}; {@code handler} hears {@code onConnected} once it is usable
     * (for {@code https}, once the handshake is done). Loop thread only.
     *
     * @param loop the loop
     * @param backend where to connect
     * @param handler the probe
     * @return the endpoint
     * @throws IOException if the socket cannot be opened
     */
    Endpoint open(EventLoop loop, Backend backend, SocketHandler handler) throws IOException {
        if (backend.tls() == null) {
            return NioSocket.connect(loop, backend.address(), handler);
        }
        return TlsEndpoint.connect(loop, backend.address(), tls.probeEngine(backend, host(backend)), tls.tasks(),
                connectTimeoutNanos, HandshakeObserver.NONE, handler);
    }

    /** The probe's {@code Host} / {@code :authority}: the SNI of an {@code https} backend if any, else its address. */
    static String authority(Backend backend) {
        String sni = backend.tls() == null ? null : host(backend);
        return (sni != null ? sni : backend.address().getHostString()) + ":" + backend.address().getPort();
    }

    /** {@code https} over TLS, else {@code http}. */
    static String scheme(Backend backend) {
        return backend.tls() == null ? "http" : "https";
    }

    /** True when the connected endpoint speaks HTTP/2: {@code h2c}, or {@code h2} chosen by ALPN. */
    static boolean speaksH2(Backend backend, Endpoint e) {
        return e instanceof TlsEndpoint t ? "h2".equals(t.applicationProtocol()) : backend.protocol() == Backend.Protocol.H2C;
    }

    /**
     * Why {@code e} closed or ran out of time before it connected: the typed TLS failure, else
     * {@code connect-failed} / {@code connect-timeout} (or {@code tls-timeout} for a handshake under way).
     */
    static String failureBeforeConnected(Endpoint e, boolean deadlinePassed) {
        if (e instanceof TlsEndpoint t) {
            return TlsBackend.failureBeforeConnected(t, deadlinePassed);
        }
        return deadlinePassed ? "connect-timeout" : "connect-failed";
    }

    /** The SNI of an {@code https} backend's probe (see the class comment), or {@code null}. */
    private static String host(Backend backend) {
        return backend.tls().sniFor(backend.address().getHostString());
    }
}
