package dev.tether.core.internal;

import dev.tether.core.AcquireException;
import dev.tether.core.ConnectReason;
import dev.tether.core.EngineStats;
import dev.tether.core.FailureClass;
import dev.tether.core.MuxEvent;
import dev.tether.core.Outcome;
import dev.tether.core.ReleaseResult;
import dev.tether.core.RequestTraits;
import dev.tether.core.ReuseListener;
import dev.tether.core.ReuseKey;
import dev.tether.core.SessionListener;
import dev.tether.core.Target;
import dev.tether.core.TargetConfig;
import dev.tether.core.TargetStats;
import dev.tether.core.annotations.ThreadSafe;
import dev.tether.core.AuthChallenge;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reuse engine behind the public {@code ReuseEngine} façade, which validates every argument
 * (through the {@link Resolver}) before calling in. It wires the parts: {@link Acquirer} (first
 * decision), {@link Releaser} (second decision), {@link Events}, {@link Lifecycle},
 * {@link Maintenance}.
 *
 * <p>Thread safety: safe from any thread under the confinement rules of the façade (a session's
 * calls on its loop, a connection's events on its home loop). The target registry is a
 * copy-on-write array.
 */
@ThreadSafe
public final class DefaultReuseEngine {
    static final System.Logger LOG = System.getLogger("dev.tether.core");

    final EngineSettings settings;
    private final AtomicLong takeovers = new AtomicLong();
    private final AtomicInteger openSessions = new AtomicInteger();
    /** Once true, always true: {@link #close} was called. */
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong connectionIds = new AtomicLong();
    private final AtomicLong sessionIds = new AtomicLong();
    private final AtomicInteger targetIds = new AtomicInteger();
    private final Object registryLock = new Object();
    private volatile TargetPool[] targets = new TargetPool[0];
    private final Acquirer acquirer;
    private final Releaser releaser;
    private final Events events;
    private final Lifecycle lifecycle;
    private final Maintenance maintenance;
    private final Creation creation;
    private final Preconnects preconnects;
    private final LeakDetector leaks;
    private final Resolver resolver;

    /**
     * Creates an engine.
     *
     * @param settings validated settings
     */
    public DefaultReuseEngine(EngineSettings settings) {
        this.settings = settings;
        this.acquirer = new Acquirer(this);
        this.releaser = new Releaser(this);
        this.events = new Events(this);
        this.lifecycle = new Lifecycle(this);
        this.maintenance = new Maintenance(this);
        this.creation = new Creation(this);
        this.preconnects = new Preconnects(this);
        this.leaks = new LeakDetector(settings.leaseLeakThresholdNanos, settings.listener);
        this.resolver = new Resolver(this, settings.loops);
    }

    /** The number of event loops. */
    public int loops() {
        return settings.loops;
    }

    /** Resolves and checks the host's targets, sessions and lease handles. */
    public Resolver resolver() {
        return resolver;
    }

    // ---- targets and sessions -------------------------------------------------------------

    public Target addTarget(TargetConfig config) {
        TargetPool pool = new TargetPool(this, targetIds.getAndIncrement(), config, settings.loops);
        synchronized (registryLock) {
            if (closed.get()) { // under the registry lock: close() drains every target it can see
                throw new IllegalStateException("the engine is closed");
            }
            TargetPool[] next = java.util.Arrays.copyOf(targets, targets.length + 1);
            next[next.length - 1] = pool;
            targets = next;
        }
        return pool;
    }

    void unregister(TargetPool pool) {
        synchronized (registryLock) {
            List<TargetPool> next = new ArrayList<>(List.of(targets));
            next.remove(pool);
            targets = next.toArray(new TargetPool[0]);
        }
    }

    TargetPool[] targets() {
        return targets;
    }

    public List<Target> targetList() {
        return List.of(targets);
    }

    public SessionImpl openSession(int loop, SessionListener listener) {
        openSessions.incrementAndGet();
        return new SessionImpl(this, sessionIds.incrementAndGet(), loop, listener);
    }

    public void closeSession(SessionImpl s) {
        lifecycle.closeSession(s);
        openSessions.decrementAndGet();
    }

    public boolean removeTarget(TargetPool pool) {
        return lifecycle.removeTarget(pool);
    }

    public boolean isRemovable(TargetPool pool) {
        return lifecycle.isRemovable(pool);
    }

    public void drain(TargetPool pool) {
        lifecycle.drain(pool);
    }

    public void undrain(TargetPool pool) {
        if (closed.get()) {
            throw new IllegalStateException("the engine is closed: target " + pool.name() + " stays drained");
        }
        lifecycle.undrain(pool);
    }

    /** Closes the engine once: drains every target and fails its waiters with ENGINE_CLOSED. */
    public void close() {
        TargetPool[] all;
        synchronized (registryLock) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            all = targets;
        }
        lifecycle.closeEngine(all);
    }

    /** True once {@link #close} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    public Target preferredTarget(SessionImpl s, List<? extends Target> candidates) {
        return lifecycle.preferredTarget(s, candidates);
    }

    public void preconnect(TargetPool pool, ReuseKey key, int count) {
        preconnects.set(pool, key, count);
    }

    // ---- the two decisions ------------------------------------------------------------------

    /** Serves a request of {@code s}; returns the handle of its lease, active or pending (E3). */
    public long acquire(SessionImpl s, TargetPool pool, ReuseKey key, RequestTraits traits, long now)
            throws AcquireException {
        LeaseTable table = resolver.table(s.loop);
        LeaseImpl lease = table.obtain(s);
        lease.begin(pool, key, traits, now);
        AcquireEvent event = FlightEvents.beginAcquire();
        try {
            acquirer.serve(lease, now);
        } catch (AcquireException | RuntimeException | Error e) {
            table.recycle(lease);
            throw e;
        }
        if (lease.status == LeaseImpl.ACTIVE) {
            leaks.acquired(lease);
            FlightEvents.acquired(event, lease);
        }
        return lease.handle;
    }

    /** Retries a waiting lease (E3) on its session's loop; true once it is active. */
    boolean retryWaiter(LeaseImpl lease) throws AcquireException {
        if (lease.status != LeaseImpl.PENDING || lease.session.isClosed()) {
            return false;
        }
        AcquireEvent event = FlightEvents.beginAcquire();
        acquirer.serve(lease, settings.clock.nanoTime());
        if (lease.status == LeaseImpl.ACTIVE) {
            leaks.acquired(lease);
            FlightEvents.acquired(event, lease);
            return true;
        }
        return false;
    }

    public ReleaseResult release(LeaseImpl lease, Outcome outcome, long now) {
        return releaser.release(lease, outcome, now);
    }

    /** After a release: counters to the listener, the lease recycled, waiters woken. */
    void leaseFinished(LeaseImpl lease, FailureClass failure) {
        TargetPool pool = lease.pool;
        leaks.released(lease);
        lease.table.recycle(lease);
        if (failure != null) {
            try {
                settings.listener.onExchangeFailure(pool, failure);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "listener failed", e);
            }
        }
        pool.waiters.onCapacity();
    }

    void leaseReady(LeaseImpl lease) {
        try {
            lease.session.listener.onLeaseReady(lease.handle);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "session listener failed", e);
        }
    }

    void leaseFailed(LeaseImpl lease, AcquireException failure) {
        if (lease.status != LeaseImpl.PENDING) {
            return;
        }
        long handle = lease.handle;
        SessionListener listener = lease.session.listener;
        lease.table.recycle(lease); // stale before the host hears of it: the listener must not release it
        try {
            listener.onLeaseFailed(handle, failure);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "session listener failed", e);
        }
    }

    // ---- events ------------------------------------------------------------------------------

    void muxInstalled(Conn c) {
        events.muxInstalled(c);
    }

    void onFacts(Conn c, MuxEvent event) {
        events.onFacts(c, event);
    }

    /** R28–R30 for a head a mux reported on {@code c} for the lease {@code handle} names. */
    boolean onResponseHead(Conn c, long handle, int status, List<String> wwwAuthenticate,
                           List<String> proxyAuthenticate) {
        LeaseImpl lease = resolver.activeLease(handle);
        if (lease.conn != c) {
            throw new IllegalStateException(lease.describe() + " does not ride " + c);
        }
        return AuthChallenge.isConnectionBound(status, wwwAuthenticate, proxyAuthenticate)
                && events.makePrivate(lease);
    }

    public boolean makePrivate(LeaseImpl lease) {
        return events.makePrivate(lease);
    }

    public long maintain(long now) {
        return maintenance.maintain(now);
    }

    // ---- stats -------------------------------------------------------------------------------

    public TargetStats stats(TargetPool pool) {
        return StatsCollector.snapshot(pool);
    }

    public EngineStats stats() {
        List<TargetStats> all = new ArrayList<>();
        for (TargetPool pool : targets) {
            all.add(StatsCollector.snapshot(pool));
        }
        return new EngineSnapshot(all, takeovers.get(), openSessions.get());
    }

    // ---- shared helpers ----------------------------------------------------------------------

    long nextConnectionId() {
        return connectionIds.incrementAndGet();
    }

    Creation creation() {
        return creation;
    }

    Preconnects preconnects() {
        return preconnects;
    }

    LeakDetector leaks() {
        return leaks;
    }

    Executor executor(int loop) {
        return settings.loopExecutors.apply(loop);
    }

    /** R61: a connection was taken over from another loop. */
    void countTakeover() {
        takeovers.incrementAndGet();
    }

    void notifyClose(Conn c) {
        try {
            settings.listener.onClose(c, c.closeReason());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "listener failed", e);
        }
        FlightEvents.closed(c);
    }

    void notifyConnect(TargetPool pool, ConnectReason reason) {
        try {
            settings.listener.onConnect(pool, reason);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "listener failed", e);
        }
    }

    void notifyReuse(TargetPool pool) {
        if (settings.listener == ReuseListener.NONE) {
            return;
        }
        try {
            settings.listener.onReuse(pool);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "listener failed", e);
        }
    }
}
