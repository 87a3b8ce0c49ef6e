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
 * and nothing listed (R24). The new connection is registered, in the place {@link Placement#initial}
 * gives it, by its loop's {@link LoopPool}.
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
        open(pool, lease.key, lease.session.loop, now, lease, reason);
        lease.activate();
        engine.notifyConnect(pool, reason);
        return true;
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

    /**
     * E6: offers a ready pre-connect connection with no stream for parking as IDLE (R50). One that
     * moved loops was parked already, by its facts, and is left alone.
     */
    void parkIfReady(Conn c, long now) {
        LoopPool home = c.homePool();
        home.lock.lock();
        try {
            if (home.isHomeOf(c) && c.isOpen() && c.ready() && c.streams() == 0
                    && c.state == ConnectionState.EXCLUSIVE) {
                Placement.idleLocked(home, c, false, now);
            }
        } finally {
            home.lock.unlock();
        }
    }

    /**
     * Opens and registers a connection, with {@code lease}'s stream as its first (null for E6), for
     * {@code reason}. {@link Capacity#reserve} has counted it as open; a failure gives that back.
     */
    private Conn open(TargetPool pool, ReuseKey key, int loop, long now, LeaseImpl lease, ConnectReason reason)
            throws AcquireException {
        boolean privateFromStart = lease != null && pool.policy == ReusePolicy.NEVER; // R23
        Conn c = new Conn(engine, pool, key, engine.nextConnectionId(), loop, now, lease, privateFromStart);
        if (lease != null) {
            lease.rideNew(c, reason);
        }
        connect(pool, c, lease);
        c.refreshReady(); // the connector may have installed a mux that knew the protocol
        c.publishAvailable(c.liveAvailable());
        LoopPool home = pool.loops[loop];
        home.lock.lock();
        try {
            home.registerLocked(c, Placement.initial(pool, c, lease), lease == null ? null : lease.session, reason, now);
            if (c.deadEarly() != null) {
                home.closeLocked(c, c.deadEarly());
            }
        } finally {
            home.lock.unlock();
        }
        return c;
    }

    private void connect(TargetPool pool, Conn c, LeaseImpl lease) throws AcquireException {
        try {
            Transport t = engine.settings.connector.connect(c);
            if (t == null) {
                throw new IllegalStateException("Connector returned no transport");
            }
            c.opened(t);
            Mux<?> mux = c.mux();
            if (mux != null && lease != null) {
                lease.attached(mux.attach(lease.handle));
                c.takePendingLease();
                c.streamAttached();
                CloseReason spent = mux.unusableReason();
                if (spent != null) {
                    c.latch(spent); // R48: the first stream used the last stream id (not yet registered)
                }
            }
        } catch (Exception | OutOfMemoryError e) {
            c.closeTransportQuietly();
            pool.connectionGone();
            c.closing(CloseReason.ERROR); // a host that saw its transport sees why it closed
            LoopPool.neverRegistered(c);
            if (lease != null) {
                lease.unride();
            }
            if (lease == null || lease.status != LeaseImpl.PENDING) {
                pool.waiters.onCapacity(); // a waiter's own retry: Waiters.retry fails it, then wakes the next
            }
            throw new AcquireException(AcquireFailure.RESOURCE,
                    "cannot open a connection to target " + pool.name() + ": " + e, e);
        }
    }
}
