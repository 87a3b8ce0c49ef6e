package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.core.internal.DefaultReuseEngine;
import dev.tether.core.internal.EngineSettings;
import dev.tether.core.internal.Resolver;
import dev.tether.core.internal.SessionImpl;
import dev.tether.core.internal.TargetPool;

import java.util.List;
import java.util.Objects;

/**
 * The connection reuse engine: for every request a gateway forwards it decides which backend
 * connection carries it ({@link #acquire}), and when the request ends, where that connection goes
 * ({@link #release}): back to its session, to one of the target's lists, or closed. The behaviour is
 * docs/behaviour.md, modelled on HAProxy's backend connection reuse.
 *
 * <p>The host supplies a {@link Connector} (opens connections), {@link Transport}s and {@link Mux}es;
 * the engine never opens a socket, reads no clock but the one it is given for events that carry no
 * time, and starts no thread. The host drives time with {@link #maintain}. Muxes report to their
 * {@link Connection} (its {@link MuxListener} methods), never to the engine.
 *
 * <pre>{@code
 * ReuseEngine engine = ReuseEngine.builder(connector).build();
 * Target api = engine.addTarget(TargetConfig.builder("api").policy(ReusePolicy.SAFE).build());
 * Session session = engine.openSession(0);                  // one per client connection
 * ReuseKey key = ReuseKey.builder(api).destination(apiAddress).build();
 * long lease = engine.acquire(session, key, RequestTraits.FIRST, System.nanoTime());
 * // ... send the request on engine.lease(lease).stream(), read the response ...
 * engine.release(lease, Outcome.COMPLETED, System.nanoTime());
 * long next = engine.maintain(System.nanoTime());           // on the host's timer
 * }</pre>
 *
 * <p>Lifecycle: {@link #close} ends the engine's service (idle connections close, waiters and later
 * acquires fail with {@link AcquireFailure#ENGINE_CLOSED}, busy connections close as their last
 * stream is released); a host that stops closes its sessions and releases its leases as usual.
 *
 * <p>Thread safety: safe to use from many threads at once, with these confinement rules: a
 * {@link Session} and its lease handles are used (acquire, lease, release, close, preferred target)
 * by one thread at a time, the thread of its event loop; a {@link Connection}'s mux is installed and
 * reports from its home loop. {@link #maintain}, {@link #drain}, {@link #close}, stats and target
 * registration may run on any thread. Invalid arguments throw {@link IllegalArgumentException}; misuse (a stale lease
 * handle, a closed session, another engine's object) throws {@link IllegalStateException} and changes
 * nothing.
 */
@ThreadSafe
public final class ReuseEngine implements AutoCloseable {
    private final DefaultReuseEngine impl;
    private final Resolver resolve;

    ReuseEngine(EngineSettings settings) {
        this.impl = new DefaultReuseEngine(settings);
        this.resolve = impl.resolver();
    }

    /**
     * Starts building an engine that opens connections with {@code connector}.
     *
     * @param connector the host's connector
     * @return a builder with the defaults of docs/behaviour.md R2
     */
    public static ReuseEngineBuilder builder(Connector connector) {
        return new ReuseEngineBuilder(connector);
    }

    /** The number of event loops. */
    public int loops() {
        return impl.loops();
    }

    /**
     * Registers a target.
     *
     * @param config its configuration
     * @return the target
     * @throws IllegalStateException if the engine is closed
     */
    public Target addTarget(TargetConfig config) {
        return impl.addTarget(Objects.requireNonNull(config, "config"));
    }

    /** The registered targets, in registration order. */
    public List<Target> targets() {
        return impl.targetList();
    }

    /**
     * Removes a target that has no open connection (R68).
     *
     * @param target the target
     * @return true if removed; false (and nothing changed) while it has open connections
     */
    public boolean removeTarget(Target target) {
        return impl.removeTarget(resolve.target(target));
    }

    /**
     * Tells whether {@link #removeTarget} would succeed now.
     *
     * @param target the target
     * @return true if the target has no open connection
     */
    public boolean isRemovable(Target target) {
        return impl.isRemovable(resolve.target(target));
    }

    /**
     * Opens a session for a frontend client connection served by {@code loop}.
     *
     * @param loop the event loop index, {@code 0 ≤ loop < loops()}
     * @return the session
     */
    public Session openSession(int loop) {
        return openSession(loop, SessionListener.NONE);
    }

    /**
     * Opens a session that receives the outcome of leases that wait (E3).
     *
     * @param loop the event loop index, {@code 0 ≤ loop < loops()}
     * @param listener receives pending leases' outcomes on the session's loop
     * @return the session
     */
    public Session openSession(int loop, SessionListener listener) {
        if (loop < 0 || loop >= impl.loops()) {
            throw new IllegalArgumentException("loop out of range [0, " + impl.loops() + "): " + loop);
        }
        return impl.openSession(loop, Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Closes a session and every connection on its lists, in any state (R38). Leases on other
     * connections stay valid and must still be released.
     *
     * @param session an open session of this engine
     */
    public void closeSession(Session session) {
        impl.closeSession(resolve.openSession(session));
    }

    /**
     * Acquires a stream for a request to the key's target: on one of the session's own connections,
     * a shared one the policy allows, or a new one (docs/behaviour.md §2.3–§2.5). Never waits, except
     * that under {@code maxConnectionsPerTarget} (E3) the lease may be pending.
     *
     * @param session the requesting session (open, of this engine)
     * @param key the request's reuse key; its target is the one the host chose
     * @param traits what the host knows about the request, e.g. {@link RequestTraits#FIRST}
     * @param nowNanos the current time
     * @return the handle of an active lease, or of a pending one (E3) whose outcome reaches the
     *     session's listener; never {@link Lease#NONE}
     * @throws AcquireException when no lease can be given ({@link AcquireFailure#ENGINE_CLOSED} once
     *     {@link #close} was called); nothing changed
     */
    public long acquire(Session session, ReuseKey key, RequestTraits traits, long nowNanos) throws AcquireException {
        SessionImpl s = resolve.openSession(session);
        TargetPool pool = resolve.target(Objects.requireNonNull(key, "key").target());
        return impl.acquire(s, pool, key, Objects.requireNonNull(traits, "traits"), nowNanos);
    }

    /**
     * The lease a handle names: its connection, stream and how it was served. The view describes the
     * lease until its release; keep the handle, not the view.
     *
     * @param lease a handle {@link #acquire} returned, not yet released; call on the session's loop
     * @return the lease, active or pending
     * @throws IllegalStateException naming the handle if it is stale (its lease was released) or not
     *     of this engine
     */
    public Lease lease(long lease) {
        return resolve.lease(lease);
    }

    /**
     * Releases a lease: detaches its stream and places its connection (R39–R44). Its handle is
     * stale from then on.
     *
     * @param lease the handle of an active lease of this engine
     * @param outcome how the exchange ended
     * @param nowNanos the current time
     * @return where the connection went, and for a failed exchange its {@link FailureClass}
     * @throws IllegalStateException naming the handle if it is stale (released before), pending, or
     *     not of this engine; nothing changed
     */
    public ReleaseResult release(long lease, Outcome outcome, long nowNanos) {
        return impl.release(resolve.activeLease(lease), Objects.requireNonNull(outcome, "outcome"), nowNanos);
    }

    /**
     * Makes the lease's connection private to the lease's session, as an authentication challenge
     * does (R28, R30): a shared multiplexed connection is left as it is. For a host that reads
     * response heads itself; a mux reports them to {@link MuxListener#onResponseHead}, which does
     * this when a challenge binds the connection.
     *
     * @param lease the handle of an active lease
     * @return true if the connection is now private to the lease's session
     * @throws IllegalStateException naming the handle if it is stale, pending, or not of this engine
     */
    public boolean makePrivate(long lease) {
        return impl.makePrivate(resolve.activeLease(lease));
    }

    /**
     * Runs what is due: purge passes (R54–R57), lifetimes and idle timeouts (E1, E2), waiter
     * timeouts (E3), leak reports (E5), pre-connects (E6).
     *
     * @param nowNanos the current time
     * @return nanoseconds until the next deadline, or −1 if none
     */
    public long maintain(long nowNanos) {
        return impl.maintain(nowNanos);
    }

    /**
     * Drains a target: closes its parked and private idle connections at once, latches busy ones,
     * and fails acquires until {@link #undrain} (R66, R67).
     *
     * @param target the target
     */
    public void drain(Target target) {
        impl.drain(resolve.target(target));
    }

    /**
     * Ends a drain; latched connections stay latched (R67).
     *
     * @param target the target
     * @throws IllegalStateException if the engine is closed (its targets stay drained)
     */
    public void undrain(Target target) {
        impl.undrain(resolve.target(target));
    }

    /**
     * The first target, in the session's list order, among {@code candidates} with a ready,
     * unlatched connection on the session's list (R32); consult it before balancing when
     * {@link Session#preferLastTarget()} is set.
     *
     * @param session an open session
     * @param candidates the targets the host may choose from
     * @return the preferred target, or {@code null}
     */
    public Target preferredTarget(Session session, List<? extends Target> candidates) {
        return impl.preferredTarget(resolve.openSession(session), Objects.requireNonNull(candidates, "candidates"));
    }

    /**
     * Asks {@link #maintain} to keep {@code count} connections open for {@code key} to its target
     * (E6); 0 stops.
     *
     * @param key the key the connections are opened for
     * @param count how many connections to keep open, ≥ 0
     */
    public void preconnect(ReuseKey key, int count) {
        TargetPool pool = resolve.target(Objects.requireNonNull(key, "key").target());
        if (count < 0) {
            throw new IllegalArgumentException("preconnect count < 0: " + count);
        }
        impl.preconnect(pool, key, count);
    }

    /**
     * A consistent snapshot of a target's counters.
     *
     * @param target the target
     * @return the snapshot
     */
    public TargetStats stats(Target target) {
        return impl.stats(resolve.target(target));
    }

    /** A snapshot of every target and the engine-wide counters. */
    public EngineStats stats() {
        return impl.stats();
    }

    /**
     * Closes the engine: every target is drained (R66) for good. Parked and private idle connections
     * close at once ({@link CloseReason#DRAINED}); waiting requests (E3) fail with
     * {@link AcquireFailure#ENGINE_CLOSED} on their session's loop, and so does every later
     * {@link #acquire}; busy connections carry their streams to the end and close when the last one is
     * released. Leases stay valid and must still be released; sessions may still be closed, stats
     * read and {@link #maintain} run. Idempotent: later calls do nothing.
     */
    @Override
    public void close() {
        impl.close();
    }

    /** True once {@link #close} was called. */
    public boolean isClosed() {
        return impl.isClosed();
    }
}
