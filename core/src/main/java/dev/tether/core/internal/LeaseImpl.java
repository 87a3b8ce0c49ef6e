package dev.tether.core.internal;

import dev.tether.core.ConnectReason;
import dev.tether.core.Connection;
import dev.tether.core.Lease;
import dev.tether.core.ReuseKey;
import dev.tether.core.Session;
import dev.tether.core.Target;
import dev.tether.core.annotations.ThreadConfined;

/**
 * A request's claim on a connection. Recycled by its session, so that acquire and release of a
 * reused connection allocate nothing.
 *
 * <p>Invariants: {@code status} goes FREE → (PENDING →) ACTIVE → FREE, or PENDING → FREE on failure;
 * {@code conn} is non-null exactly while ACTIVE; {@code reason} is null exactly when {@code reused}.
 *
 * <p>Thread safety: confined to its session's loop. {@code status} is volatile so that maintain can
 * read it for leak detection and waiter timeouts.
 */
@ThreadConfined("session loop")
public final class LeaseImpl implements Lease {
    static final int FREE = 0;
    static final int PENDING = 1;
    static final int ACTIVE = 2;

    final SessionImpl session;
    TargetPool pool;
    ReuseKey key;
    int traits;
    Conn conn;
    Object stream;
    boolean reused;
    boolean anticipated;
    ConnectReason reason;
    volatile int status = FREE;
    long acquiredAtNanos;
    /** E3: when a pending lease times out, or {@code TargetPool.NO_DEADLINE}. */
    long deadlineNanos;
    /** E5: where it was acquired; only captured when leak detection is on. */
    Throwable acquiredAt;
    volatile boolean leakReported;
    /** Free-list or waiter-queue link. */
    LeaseImpl next;
    /** Lookup scratch: R19 abandoned a pick during this acquire. */
    boolean abandoned;
    /** Lookup scratch: parked connections on other loops could not be taken. */
    boolean otherLoopBlocked;

    LeaseImpl(SessionImpl session) {
        this.session = session;
    }

    void init(TargetPool pool, ReuseKey key, int traits, long now) {
        this.pool = pool;
        this.key = key;
        this.traits = traits;
        this.acquiredAtNanos = now;
        this.deadlineNanos = TargetPool.NO_DEADLINE;
        this.abandoned = false;
        this.otherLoopBlocked = false;
    }

    void clear() {
        status = FREE;
        pool = null;
        key = null;
        conn = null;
        stream = null;
        reused = false;
        anticipated = false;
        reason = null;
        if (acquiredAt != null) {
            acquiredAt = null;
            leakReported = false;
        }
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public Target target() {
        return pool;
    }

    @Override
    public Connection connection() {
        return conn;
    }

    @Override
    public Object stream() {
        return stream;
    }

    @Override
    public boolean reused() {
        return reused;
    }

    @Override
    public boolean anticipated() {
        return anticipated;
    }

    @Override
    public ConnectReason connectReason() {
        return reason;
    }

    @Override
    public boolean isPending() {
        return status == PENDING;
    }

    @Override
    public boolean isActive() {
        return status == ACTIVE;
    }

    @Override
    public long acquiredAtNanos() {
        return acquiredAtNanos;
    }

    /** The engine that owns it. */
    public DefaultReuseEngine engine() {
        return session.engine;
    }

    @Override
    public String toString() {
        String s = status == ACTIVE ? "active" : status == PENDING ? "pending" : "free";
        return "Lease{" + s + ",session=" + session.id + (conn == null ? "" : ",connection=" + conn.id)
                + (reused ? ",reused" : reason == null ? "" : ",new:" + reason)
                + (anticipated ? ",anticipated" : "") + '}';
    }
}
