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
 * <p>Invariants: {@code lease} is a live handle exactly while a stream is held ({@link Lease#NONE}
 * otherwise), and {@code backend} is non-null exactly then; {@code upstream} is the target of the
 * last dispatch and outlives the release (health is reported against it).
 *
 * <p>Thread safety: confined to the exchange's loop.
 */
@ThreadConfined("session loop")
final class BackendLease {
    private final ProxyContext ctx;
    private final Session session;
    private ProxyContext.Upstream upstream;
    private long lease = Lease.NONE;
    private BackendConnection backend;

    BackendLease(ProxyContext ctx, Session session) {
        this.ctx = ctx;
        this.session = session;
    }

    /**
     * Acquires a stream to {@code up}.
     *
     * @param up the upstream
     * @param traits the request's traits
     * @return the engine's lease on the stream
     * @throws AcquireException when the engine gives none
     */
    Lease acquire(ProxyContext.Upstream up, RequestTraits traits) throws AcquireException {
        upstream = up;
        lease = ctx.engine.acquire(session, up.key(), traits, System.nanoTime());
        Lease leased = ctx.engine.lease(lease);
        backend = (BackendConnection) leased.connection().transport();
        return leased;
    }

    /** True while a stream is held. */
    boolean held() {
        return lease != Lease.NONE;
    }

    /** The connection of the stream held, or {@code null}. */
    BackendConnection backend() {
        return backend;
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
     * Gives the held stream back for a client that went away or stopped reading. The engine classifies
     * it like a failure (R71); the stats count it as the client's, apart from backend failures.
     */
    void abandon(ProxyExchange ex, int unread) {
        String target = upstream.target().name();
        ctx.cancels.record(target, release(ex, Outcome.FAILED, unread).failureClass());
    }

    /**
     * Releases the held stream: the backend forgets the exchange, the engine places the connection.
     *
     * @param ex the exchange
     * @param outcome how the exchange ended on this stream
     * @param unread response bytes received and not yet passed on: credited back to the backend
     * @return the engine's decision
     */
    ReleaseResult release(ProxyExchange ex, Outcome outcome, int unread) {
        long l = lease;
        BackendConnection b = backend;
        if (unread > 0) {
            b.responseSpaceFreed(ex, unread); // the stream is over: credit what it sent
        }
        b.forget(ex, ctx.engine.lease(l));
        lease = Lease.NONE;
        backend = null;
        return ctx.engine.release(l, outcome, System.nanoTime());
    }
}
