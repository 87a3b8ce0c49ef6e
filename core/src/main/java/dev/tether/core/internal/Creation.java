package dev.tether.core.internal;

import dev.tether.core.AcquireException;
import dev.tether.core.AcquireFailure;
import dev.tether.core.CloseReason;
import dev.tether.core.ConnectReason;
import dev.tether.core.ConnectionState;
import dev.tether.core.Mux;
import dev.tether.core.ReuseKey;
import dev.tether.core.ReusePolicy;
import dev.tether.core.Transport;
import dev.tether.core.annotations.ThreadSafe;

/**
 * Creating a connection lazily when nothing could be reused (docs/behaviour.md R22–R27), with the
 * per-target cap of E3. A refusal by the {@link dev.tether.core.Connector} leaves no counter moved
 * and nothing listed (R24).
 *
 * <p>Thread safety: stateless; called on the session's loop (or the maintain thread for E6); calls
 * the connector and the mux with no lock held.
 */
@ThreadSafe
final class Creation {
    private final DefaultReuseEngine engine;

    Creation(DefaultReuseEngine engine) {
        this.engine = engine;
    }

    /** Creates a connection for {@code lease}: true when active, false when it waits (E3). */
    boolean create(LeaseImpl lease, ConnectReason reason, long now) throws AcquireException {
        TargetPool pool = lease.pool;
        if (!Capacity.reserve(pool)) {
            if (lease.status == LeaseImpl.PENDING) {
                return false; // a waiter's retry: it keeps its place (E3)
            }
            if (pool.waiters.offer(lease, now)) {
                lease.status = LeaseImpl.PENDING;
                return false;
            }
            AcquireException refused = pool.refusal(); // a drain or close that came during this acquire
            if (refused != null) {
                throw refused;
            }
            throw new AcquireException(AcquireFailure.QUEUE_FULL, "target " + pool.name()
                    + " is at maxConnectionsPerTarget " + pool.limits.maxConnectionsPerTarget()
                    + " and maxWaiters " + pool.limits.maxWaiters() + " requests already wait");
        }
        Conn c = open(pool, lease.key, lease.session.loop, now, lease, reason);
        lease.reused = false;
        lease.anticipated = false;
        lease.reason = reason;
        lease.status = LeaseImpl.ACTIVE;
        engine.notifyConnect(pool, reason);
        return c != null;
    }

    /**
     * E6: opens a pre-connect connection for {@code key}; it parks as IDLE once ready
     * ({@link #parkIfReady}). Returns null when the cap leaves no room.
     */
    Conn preconnect(TargetPool pool, ReuseKey key, int loop, long now) throws AcquireException {
        if (!Capacity.reserve(pool)) {
            return null;
        }
        Conn c = open(pool, key, loop, now, null, ConnectReason.PRECONNECT);
        engine.notifyConnect(pool, ConnectReason.PRECONNECT);
        return c;
    }

    /** E6: offers a ready pre-connect connection with no stream for parking as IDLE (R50). */
    void parkIfReady(Conn c, long now) {
        LoopPool home = engine.lockHome(c);
        try {
            if (c.isOpen() && c.ready && c.streams == 0 && c.state == ConnectionState.EXCLUSIVE) {
                Placement.idleLocked(engine, home, c, false, now);
            }
        } finally {
            home.unlock();
        }
    }

    /**
     * Opens and registers a connection, with {@code lease}'s stream as its first (null for E6).
     * {@link Capacity#reserve} has counted it in {@code open}; a failure gives that back.
     */
    private Conn open(TargetPool pool, ReuseKey key, int loop, long now, LeaseImpl lease, ConnectReason reason)
            throws AcquireException {
        Conn c = new Conn(engine, pool, key, engine.nextConnectionId(), loop, now, lease == null);
        c.privateLatch = lease != null && pool.policy == ReusePolicy.NEVER; // R23
        if (lease != null) {
            c.streams = 1;
            c.pendingLease = lease;
            lease.conn = c;
            if (pool.limits.maxReuse() == 0) {
                c.latch(CloseReason.MAX_REUSE); // R49: the first stream is the last
            }
        }
        connect(pool, c, lease);
        Mux<?> mux = c.mux; // installed by the connector itself when it knew the protocol
        if (mux != null) {
            c.ready = mux.ready();
            c.available = engine.effectiveAvailable(c);
        } else {
            c.available = 0;
        }
        LoopPool home = pool.loops[loop];
        home.lock.lock();
        try {
            home.stripe.connect++;
            home.stripe.connectReasons[reason.ordinal()]++;
            home.registerLocked(c, initialState(pool, c, lease), lease == null ? null : lease.session, now);
            if (c.deadEarly != null) {
                home.closeLocked(c, c.deadEarly);
            }
        } finally {
            home.unlock();
        }
        return c;
    }

    private void connect(TargetPool pool, Conn c, LeaseImpl lease) throws AcquireException {
        try {
            Transport t = engine.settings.connector.connect(c);
            if (t == null) {
                throw new IllegalStateException("Connector returned no transport");
            }
            c.transport = t;
            Mux<?> mux = c.mux;
            if (mux != null && lease != null) {
                lease.stream = mux.attach(lease.handle);
                c.pendingLease = null;
                c.streamsOpened = 1;
                CloseReason spent = mux.unusableReason();
                if (spent != null) {
                    c.latch(spent); // R48: the first stream used the last stream id (not yet registered)
                }
            }
        } catch (Exception | OutOfMemoryError e) {
            Transport t = c.transport;
            if (t != null) {
                engine.closeQuietly(t);
            }
            pool.open.decrementAndGet();
            c.state = ConnectionState.CLOSED;
            if (lease != null) {
                lease.conn = null;
                lease.stream = null;
            }
            pool.waiters.onCapacity();
            throw new AcquireException(AcquireFailure.RESOURCE,
                    "cannot open a connection to target " + pool.name() + ": " + e, e);
        }
    }

    /** R26, R27: where a new connection starts. */
    static ConnectionState initialState(TargetPool pool, Conn c, LeaseImpl lease) {
        if (c.privateLatch) {
            return ConnectionState.PRIVATE_BUSY;
        }
        if (lease == null || c.mux == null) {
            return ConnectionState.EXCLUSIVE;
        }
        if (pool.policy == ReusePolicy.ALWAYS && c.available > 0 && !c.noNewStreams) {
            return ConnectionState.AVAILABLE;
        }
        if (pool.policy == ReusePolicy.SAFE && c.multiplexed) {
            return ConnectionState.SESSION_RESERVED;
        }
        return ConnectionState.EXCLUSIVE;
    }
}
