package dev.tether.examples.proxy;

import dev.tether.core.AcquireException;
import dev.tether.core.Lease;
import dev.tether.core.Outcome;
import dev.tether.core.ReleaseResult;
import dev.tether.core.RequestTraits;
import dev.tether.core.Session;
import dev.tether.core.Stream;
import dev.tether.core.annotations.ThreadConfined;

/**
 * The backend stream one {@link ProxyExchange} holds, if any: the upstream it was sent to, the
 * engine's lease handle and the {@link BackendConnection} it rides. Acquired per dispatch (a replay or
 * a failover acquires again) and released exactly once per acquire.
 *
 * <p>A new connection to an {@code https} backend learns its protocol from the handshake's ALPN
 * (R27): until then the stream is held without a {@code backend}, the exchange waits on the
 * connection's {@link TlsBackend}, and nothing has been sent.
 *
 * <p>Invariants: {@code lease} is a live handle exactly while a stream is held ({@link Lease#NONE}
 * otherwise); {@code backend} is non-null only while a stream is held, and then unless its
 * connection's TLS handshake still runs; {@code upstream} is the target of the last dispatch and
 * outlives the release (health is reported against it).
 *
 * <p>Thread safety: confined to the exchange's loop.
 */
@ThreadConfined("session loop")
final class BackendLease {
    private final ProxyContext ctx;
    private Session session;
    private ProxyContext.Upstream upstream;
    private long lease = Lease.NONE;
    private BackendConnection backend;

    /** Holds nothing; {@link #reset} names the session before the first acquire. */
    BackendLease(ProxyContext ctx) {
        this.ctx = ctx;
    }

    /** Holds nothing now ({@link ProxyExchange#reuse}): the next acquire is for {@code s}. */
    void reset(Session s) {
        if (held()) {
            throw new IllegalStateException("a stream is still held");
        }
        session = s;
        upstream = null;
    }

    /**
     * Acquires a stream to {@code up} for {@code head}. An upgrade to a backend that may speak HTTP/1.1
     * ({@code h1}, or {@code https} whatever its ALPN offer) rides a new connection (R11), which D11
     * never returns; on an {@code h2c} backend it is an RFC 8441 stream of a shared connection.
     *
     * @param up the upstream
     * @param head the request: its {@code Host} or {@code :authority} is the SNI of an {@code sni=@host}
     *             backend, so part of the key (R5)
     * @param traits the request's traits
     * @return the engine's lease on the stream
     * @throws AcquireException when the engine gives none
     */
    Lease acquire(ProxyContext.Upstream up, RequestHead head, RequestTraits traits) throws AcquireException {
        upstream = up;
        RequestTraits t = head.protocol != null && up.backend().protocol() != Backend.Protocol.H2C
                ? traits.with(RequestTraits.UPGRADE_NEEDS_OTHER_PROTOCOL) : traits;
        lease = ctx.engine.acquire(session, ctx.key(up, head.authority), t, System.nanoTime());
        Lease leased = ctx.engine.lease(lease);
        Object transport = leased.connection().transport();
        backend = transport instanceof TlsBackend tls ? tls.protocol() : (BackendConnection) transport;
        return leased;
    }

    /**
     * Starts {@code ex} on the held stream: now when its connection's protocol is known, else once the
     * TLS handshake chose it ({@link ProxyExchange#protocolReady}) or failed
     * ({@link ProxyExchange#backendFailed}).
     *
     * @param ex the exchange that holds this lease
     * @param leased the engine's lease on the stream
     */
    void begin(ProxyExchange ex, Lease leased) {
        if (backend != null) {
            backend.begin(ex, leased);
        } else {
            ((TlsBackend) leased.connection().transport()).await(ex);
        }
    }

    /**
     * The handshake of the held stream's connection is done and chose {@code b}: {@code ex} starts on it.
     *
     * @param ex the exchange that holds this lease
     * @param b the connection's protocol handler
     */
    void ready(ProxyExchange ex, BackendConnection b) {
        backend = b;
        b.begin(ex, ctx.engine.lease(lease));
    }

    /** True while a stream is held. */
    boolean held() {
        return lease != Lease.NONE;
    }

    /** The connection of the stream held, or {@code null}: none held, or its TLS handshake still runs. */
    BackendConnection backend() {
        return backend;
    }

    /** True when the held stream failed before its connection was up: the TCP connect or the TLS handshake (D10). */
    boolean failedBeforeConnected() {
        return backend == null || backend.failedBeforeConnected();
    }

    /** The upstream of the last dispatch, or {@code null} before the first. */
    ProxyContext.Upstream upstream() {
        return upstream;
    }

    /** The held stream, typed as the mux made it, or {@code null}. */
    <S extends Stream> S stream(Class<S> type) {
        return lease == Lease.NONE ? null : ctx.engine.lease(lease).stream(type);
    }

    /**
     * Gives the held stream, if any, back for a client that went away or stopped reading. Its connection
     * takes it over if it can read the rest of the response and be kept (D13); else the engine classifies
     * it like a failure (R71). The stats count it as the client's either way, apart from backend failures.
     */
    void abandon(ProxyExchange ex, int unread) {
        if (!held()) {
            return;
        }
        String target = upstream.target().name();
        if (backend != null && backend.drainAbandoned(ex, lease, target)) {
            lease = Lease.NONE; // the connection's now: the bytes held unread are dropped with the exchange
            backend = null;
            return;
        }
        ctx.cancels.record(target, release(ex, Outcome.FAILED, unread).failureClass());
    }

    /** Tells the held stream's backend, if any, that {@code n} of its response bytes were passed on. */
    void credit(ProxyExchange ex, int n) {
        if (n > 0 && backend != null) {
            backend.responseSpaceFreed(ex, n);
        }
    }

    /**
     * Releases the held stream: the backend (or the handshake it waited for) forgets the exchange, the
     * engine places the connection.
     *
     * @param ex the exchange
     * @param outcome how the exchange ended on this stream
     * @param unread response bytes received and not yet passed on: credited back to the backend
     * @return the engine's decision
     */
    ReleaseResult release(ProxyExchange ex, Outcome outcome, int unread) {
        long l = lease;
        BackendConnection b = backend;
        Lease leased = ctx.engine.lease(l);
        if (b == null) {
            ((TlsBackend) leased.connection().transport()).forget(ex); // nothing was sent yet
        } else {
            if (unread > 0) {
                b.responseSpaceFreed(ex, unread); // the stream is over: credit what it sent
            }
            b.forget(ex, leased);
        }
        lease = Lease.NONE;
        backend = null;
        return ctx.engine.release(l, outcome, System.nanoTime());
    }
}
