package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.core.internal.Conn;
import dev.tether.core.internal.DefaultReuseEngine;
import dev.tether.core.internal.EngineSettings;
import dev.tether.core.internal.LeaseImpl;
import dev.tether.core.internal.SessionImpl;
import dev.tether.core.internal.TargetPool;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.IntFunction;

/**
 * The connection reuse engine: for every request a gateway forwards it decides which backend
 * connection carries it ({@link #acquire}), and when the request ends, where that connection goes
 * ({@link #release}): back to its session, to one of the target's lists, or closed. The behaviour is
 * docs/behaviour.md, modelled on HAProxy's backend connection reuse.
 *
 * <p>The host supplies a {@link Connector} (opens connections), {@link Transport}s and {@link Mux}es;
 * the engine never opens a socket, reads no clock but the one it is given for events that carry no
 * time, and starts no thread. The host drives time with {@link #maintain}.
 *
 * <pre>{@code
 * ReuseEngine engine = ReuseEngine.builder(connector).build();
 * Target api = engine.addTarget(TargetConfig.builder("api").policy(ReusePolicy.SAFE).build());
 * Session session = engine.openSession(0);                  // one per client connection
 * ReuseKey key = ReuseKey.builder(api).destination(apiAddress).build();
 * Lease lease = engine.acquire(session, api, key, RequestTraits.FIRST, System.nanoTime());
 * // ... send the request on lease.stream(), read the response ...
 * engine.release(lease, Outcome.COMPLETED, System.nanoTime());
 * long next = engine.maintain(System.nanoTime());           // on the host's timer
 * }</pre>
 *
 * <p>Thread safety: safe to use from many threads at once, with these confinement rules: a
 * {@link Session} is used (acquire, release, close, preferred target) by one thread at a time, the
 * thread of its event loop; a {@link Connection}'s events ({@link #onFacts}, {@link #installMux}) come
 * from its home loop. {@link #maintain}, {@link #drain}, stats and target registration may run on any
 * thread. Invalid arguments throw {@link IllegalArgumentException}; misuse (a released lease, a closed
 * session, another engine's object) throws {@link IllegalStateException} and changes nothing.
 */
@ThreadSafe
public final class ReuseEngine {
    private final DefaultReuseEngine impl;
    private final int loops;

    private ReuseEngine(Builder b) {
        this.loops = b.loops;
        this.impl = new DefaultReuseEngine(new EngineSettings(b.connector, b.clock, b.listener, b.loops,
                b.maxIdlePerSession, b.budget, b.budgetLow, b.budgetHigh, b.shareAcrossLoops,
                b.leaseLeakThreshold.toNanos(), b.loopExecutors));
    }

    /**
     * Starts building an engine that opens connections with {@code connector}.
     *
     * @param connector the host's connector
     * @return a builder with the defaults of docs/behaviour.md R2
     */
    public static Builder builder(Connector connector) {
        return new Builder(connector);
    }

    /** The number of event loops. */
    public int loops() {
        return loops;
    }

    /**
     * Registers a target.
     *
     * @param config its configuration
     * @return the target
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
        return impl.removeTarget(pool(target));
    }

    /**
     * Tells whether {@link #removeTarget} would succeed now.
     *
     * @param target the target
     * @return true if the target has no open connection
     */
    public boolean isRemovable(Target target) {
        return impl.isRemovable(pool(target));
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
        if (loop < 0 || loop >= loops) {
            throw new IllegalArgumentException("loop out of range [0, " + loops + "): " + loop);
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
        impl.closeSession(liveSession(session));
    }

    /**
     * Acquires a stream for a request: on one of the session's own connections, a shared one the
     * policy allows, or a new one (docs/behaviour.md §2.3–§2.5). Never waits, except that under
     * {@code maxConnectionsPerTarget} (E3) the returned lease may be pending.
     *
     * @param session the requesting session (open, of this engine)
     * @param target the target the host chose
     * @param key the request's reuse key, built for {@code target}
     * @param traits {@link RequestTraits} flags
     * @param nowNanos the current time
     * @return an active lease, or a pending one (E3) whose outcome reaches the session's listener
     * @throws AcquireException when no lease can be given; nothing changed
     */
    public Lease acquire(Session session, Target target, ReuseKey key, int traits, long nowNanos)
            throws AcquireException {
        SessionImpl s = liveSession(session);
        TargetPool pool = pool(target);
        Objects.requireNonNull(key, "key");
        if (key.target() != target) {
            throw new IllegalArgumentException("key was built for target " + key.target().name()
                    + ", not " + target.name());
        }
        if ((traits & ~RequestTraits.ALL) != 0) {
            throw new IllegalArgumentException("unknown request traits: " + traits);
        }
        return impl.acquire(s, pool, key, traits, nowNanos);
    }

    /**
     * Releases a lease: detaches its stream and places its connection (R39–R44).
     *
     * @param lease an active lease of this engine; it must not be used afterwards
     * @param outcome how the exchange ended
     * @param nowNanos the current time
     * @return where the connection went, and for a failed exchange its {@link FailureClass}
     */
    public ReleaseResult release(Lease lease, Outcome outcome, long nowNanos) {
        return impl.release(activeLease(lease), Objects.requireNonNull(outcome, "outcome"), nowNanos);
    }

    /**
     * Reports a response head so that NTLM or Negotiate challenges make the connection private to
     * the lease's session (R28–R30). Muxes call it through {@link MuxListener}.
     *
     * @param lease an active lease
     * @param status the response status
     * @param wwwAuthenticate the {@code WWW-Authenticate} values
     * @param proxyAuthenticate the {@code Proxy-Authenticate} values
     * @return true if the connection is now private to the lease's session
     */
    public boolean onResponseHead(Lease lease, int status, List<String> wwwAuthenticate,
                                  List<String> proxyAuthenticate) {
        return impl.onResponseHead(activeLease(lease), status, Objects.requireNonNull(wwwAuthenticate),
                Objects.requireNonNull(proxyAuthenticate));
    }

    /**
     * Makes the lease's connection private to the lease's session, as an authentication challenge
     * does (R28, R30): a shared multiplexed connection is left as it is.
     *
     * @param lease an active lease
     * @return true if the connection is now private to the lease's session
     */
    public boolean makePrivate(Lease lease) {
        return impl.makePrivate(activeLease(lease));
    }

    /**
     * Reports a change of a connection's facts (R62–R65); the same as
     * {@code connection.onMuxEvent(event)}.
     *
     * @param connection a connection of this engine
     * @param event what changed
     */
    public void onFacts(Connection connection, MuxEvent event) {
        impl.onFacts(conn(connection), Objects.requireNonNull(event, "event"));
    }

    /**
     * Installs the mux of a connection, inside {@link Connector#connect} or later (after ALPN); a
     * pending first stream is attached and the placement of R26 applies at that moment (R27).
     *
     * @param connection a connection of this engine
     * @param mux its mux
     * @throws IllegalStateException if a mux is already installed
     */
    public void installMux(Connection connection, Mux mux) {
        impl.installMux(conn(connection), Objects.requireNonNull(mux, "mux"));
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
        impl.drain(pool(target));
    }

    /**
     * Ends a drain; latched connections stay latched (R67).
     *
     * @param target the target
     */
    public void undrain(Target target) {
        impl.undrain(pool(target));
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
        return impl.preferredTarget(liveSession(session), Objects.requireNonNull(candidates, "candidates"));
    }

    /**
     * Asks {@link #maintain} to keep {@code count} connections open for {@code key} (E6); 0 stops.
     *
     * @param target the target
     * @param key a key built for {@code target}
     * @param count how many connections to keep open, ≥ 0
     */
    public void preconnect(Target target, ReuseKey key, int count) {
        TargetPool pool = pool(target);
        if (key.target() != target) {
            throw new IllegalArgumentException("key was built for another target: " + key);
        }
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
        return impl.stats(pool(target));
    }

    /** A snapshot of every target and the engine-wide counters. */
    public EngineStats stats() {
        return impl.stats();
    }

    private TargetPool pool(Target target) {
        Objects.requireNonNull(target, "target");
        if (!(target instanceof TargetPool) || ((TargetPool) target).engine() != impl) {
            throw new IllegalStateException("target " + target.name() + " belongs to another engine");
        }
        if (target.isRemoved()) {
            throw new IllegalStateException("target " + target.name() + " was removed");
        }
        return (TargetPool) target;
    }

    private SessionImpl liveSession(Session session) {
        Objects.requireNonNull(session, "session");
        if (!(session instanceof SessionImpl) || ((SessionImpl) session).engine() != impl) {
            throw new IllegalStateException("session " + session.id() + " belongs to another engine");
        }
        if (session.isClosed()) {
            throw new IllegalStateException("session " + session.id() + " is closed");
        }
        return (SessionImpl) session;
    }

    private LeaseImpl activeLease(Lease lease) {
        Objects.requireNonNull(lease, "lease");
        if (!(lease instanceof LeaseImpl) || ((LeaseImpl) lease).engine() != impl) {
            throw new IllegalStateException("lease belongs to another engine");
        }
        if (lease.isPending()) {
            throw new IllegalStateException("lease is pending: wait for SessionListener.onLeaseReady");
        }
        if (!lease.isActive()) {
            throw new IllegalStateException("lease already released");
        }
        return (LeaseImpl) lease;
    }

    private Conn conn(Connection connection) {
        Objects.requireNonNull(connection, "connection");
        if (!(connection instanceof Conn) || ((Conn) connection).engine() != impl) {
            throw new IllegalStateException("connection belongs to another engine");
        }
        return (Conn) connection;
    }

    /**
     * Builds a {@link ReuseEngine}. Engine-scope settings of docs/behaviour.md R2; per-target limits
     * are in {@link ReuseLimits}.
     *
     * <p>Thread safety: not thread safe; use from one thread.
     */
    public static final class Builder {
        private final Connector connector;
        private NanoClock clock = NanoClock.SYSTEM;
        private ReuseListener listener = ReuseListener.NONE;
        private int loops = 1;
        private int maxIdlePerSession = 5;
        private ConnectionBudget budget;
        private long budgetLow;
        private long budgetHigh;
        private boolean shareAcrossLoops = true;
        private Duration leaseLeakThreshold = Duration.ZERO;
        private IntFunction<Executor> loopExecutors = loop -> Runnable::run;

        private Builder(Connector connector) {
            this.connector = Objects.requireNonNull(connector, "connector");
        }

        /**
         * Sets the clock read for events that carry no time (default {@link NanoClock#SYSTEM}).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(NanoClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the listener that receives counter events.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(ReuseListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets the number of event loops (default 1).
         *
         * @param loops ≥ 1
         * @return this builder
         */
        public Builder loops(int loops) {
            if (loops < 1) {
                throw new IllegalArgumentException("loops < 1: " + loops);
            }
            this.loops = loops;
            return this;
        }

        /**
         * Sets how many PRIVATE_IDLE connections a session may hold (HAProxy
         * {@code max-session-srv-conns}, default 5, R35).
         *
         * @param value ≥ 0
         * @return this builder
         */
        public Builder maxIdlePerSession(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxIdlePerSession < 0: " + value);
            }
            this.maxIdlePerSession = value;
            return this;
        }

        /**
         * Enables the connection budget (R4, D4): parking stops at {@code high}, and above it each
         * acquire closes a parked connection; below {@code low} parking follows the need estimate.
         *
         * @param budget the host's count of what it rations
         * @param low the low threshold, ≥ 0
         * @param high the high threshold, ≥ {@code low}
         * @return this builder
         */
        public Builder budget(ConnectionBudget budget, long low, long high) {
            Objects.requireNonNull(budget, "budget");
            if (low < 0) {
                throw new IllegalArgumentException("budget low < 0: " + low);
            }
            if (high < low) {
                throw new IllegalArgumentException("budget high < low: " + high + " < " + low);
            }
            this.budget = budget;
            this.budgetLow = low;
            this.budgetHigh = high;
            return this;
        }

        /**
         * Allows taking parked connections over from other loops (HAProxy
         * {@code tune.idle-pool.shared}, default true, R59).
         *
         * @param share whether loops share parked connections
         * @return this builder
         */
        public Builder shareAcrossLoops(boolean share) {
            this.shareAcrossLoops = share;
            return this;
        }

        /**
         * Reports leases held longer than {@code threshold} (E5; zero turns it off, the default).
         *
         * @param threshold the threshold, ≥ 0
         * @return this builder
         */
        public Builder leaseLeakThreshold(Duration threshold) {
            Objects.requireNonNull(threshold, "threshold");
            if (threshold.isNegative()) {
                throw new IllegalArgumentException("leaseLeakThreshold < 0: " + threshold);
            }
            this.leaseLeakThreshold = threshold;
            return this;
        }

        /**
         * Sets the executor of each event loop, used to run a waiting lease's retry and its
         * listener on its session's loop (E3). The default runs tasks in the calling thread, which
         * suits a single-threaded host.
         *
         * @param executors the executor for a loop index
         * @return this builder
         */
        public Builder loopExecutors(IntFunction<Executor> executors) {
            this.loopExecutors = Objects.requireNonNull(executors, "executors");
            return this;
        }

        /** Builds the engine. */
        public ReuseEngine build() {
            return new ReuseEngine(this);
        }
    }
}
