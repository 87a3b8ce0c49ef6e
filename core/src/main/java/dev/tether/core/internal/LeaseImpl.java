package dev.tether.core.internal;

import dev.tether.core.ConnectReason;
import dev.tether.core.Connection;
import dev.tether.core.Lease;
import dev.tether.core.RequestTraits;
import dev.tether.core.ReuseKey;
import dev.tether.core.Session;
import dev.tether.core.Stream;
import dev.tether.core.Target;
import dev.tether.core.annotations.ThreadConfined;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A request's claim on a connection: the record behind a lease handle and the {@link Lease} view of
 * it. Recycled by its loop's {@link LeaseTable}, so that acquire and release of a reused connection
 * allocate nothing; each use carries a new handle.
 *
 * <p>Ownership: {@link LeaseTable} writes its identity (generation, handle, session, free link);
 * everything it holds is written by its own methods, named for what happened to it.
 *
 * <p>Invariants: {@code status} goes FREE → (PENDING →) ACTIVE → FREE, or PENDING → FREE on failure;
 * {@code handle} is {@link Lease#NONE} exactly while FREE; {@code conn} is non-null exactly while
 * ACTIVE; {@code reason} is null exactly when {@code reused}.
 *
 * <p>Thread safety: confined to its loop's thread. {@code status} is volatile so that maintain can
 * read it for leak detection and waiter timeouts; its one writer (the loop) stores it with release
 * order only: a reader on another thread needs to see the record's fields written before the status
 * (release/acquire), never a store/load order with something it writes itself, so the full fence of a
 * volatile store (one per acquire and one per release) is not needed.
 */
@ThreadConfined("session loop")
public final class LeaseImpl implements Lease {
    static final int FREE = 0;
    static final int PENDING = 1;
    static final int ACTIVE = 2;
    private static final VarHandle STATUS;

    static {
        try {
            STATUS = MethodHandles.lookup().findVarHandle(LeaseImpl.class, "status", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final LeaseTable table;
    /** Its slot in its loop's {@link LeaseTable}; never changes. */
    final int index;
    // ---- identity: written by LeaseTable only ------------------------------------------------
    /** Advanced by every recycle (never 0); the high half of the handle. */
    int generation;
    long handle = NONE;
    SessionImpl session;
    /** Free-list link. */
    LeaseImpl next;
    // ---- what it holds: written by the methods of this class ----------------------------------
    TargetPool pool;
    ReuseKey key;
    RequestTraits traits;
    Conn conn;
    Stream stream;
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
    /** Lookup scratch: R19 abandoned a pick during this acquire. */
    boolean abandoned;
    /** Lookup scratch: parked connections on other loops could not be taken. */
    boolean otherLoopBlocked;

    LeaseImpl(LeaseTable table, int index, int generation) {
        this.table = table;
        this.index = index;
        this.generation = generation;
    }

    /** A new acquire of {@code key} to {@code pool}. */
    void begin(TargetPool pool, ReuseKey key, RequestTraits traits, long now) {
        this.pool = pool;
        this.key = key;
        this.traits = traits;
        this.acquiredAtNanos = now;
        this.deadlineNanos = TargetPool.NO_DEADLINE;
        this.abandoned = false;
        this.otherLoopBlocked = false;
    }

    /** R20: it rides {@code c}, which existed before this acquire (anticipated while not ready). */
    void rideReused(Conn c) {
        conn = c;
        reused = true;
        anticipated = !c.ready();
        reason = null;
    }

    /** R20, E4: it rides {@code c}, new for it, opened for {@code why}. */
    void rideNew(Conn c, ConnectReason why) {
        conn = c;
        reused = false;
        anticipated = false;
        reason = why;
    }

    /** The mux attached its stream. */
    void attached(Stream s) {
        stream = s;
    }

    /** The connection it was to ride failed before it could (attach or connect failed). */
    void unride() {
        conn = null;
        stream = null;
    }

    void activate() {
        STATUS.setRelease(this, ACTIVE);
    }

    /** E3: it waits at the cap until {@code deadline} ({@code NO_DEADLINE}: no timeout). */
    void pend(long deadline) {
        deadlineNanos = deadline;
        STATUS.setRelease(this, PENDING);
    }

    /** R19 gave up a pick during this acquire (E4 ALL_FULL). */
    void pickAbandoned() {
        abandoned = true;
    }

    /** R59, R60: parked connections on another loop could not be taken (E4 OTHER_LOOP). */
    void markOtherLoopBlocked() {
        otherLoopBlocked = true;
    }

    /** E5: where it was acquired. */
    void traceAcquire(Throwable where) {
        acquiredAt = where;
    }

    /** E5: its leak was reported; once true, true until it is recycled. */
    void markLeakReported() {
        leakReported = true;
    }

    void clear() {
        STATUS.setRelease(this, FREE);
        pool = null;
        key = null;
        traits = null;
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
    public long handle() {
        return handle;
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
    public Stream stream() {
        return stream;
    }

    @Override
    public <S extends Stream> S stream(Class<S> type) {
        Stream s = stream;
        if (s != null && !type.isInstance(s)) {
            throw new IllegalStateException(describe() + " has a " + s.getClass().getSimpleName() + " stream, not a "
                    + type.getSimpleName() + ": its connection " + conn + " runs another protocol");
        }
        return type.cast(s);
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

    /** The lease as messages name it. */
    String describe() {
        return "lease " + table.engine.resolver().describe(handle);
    }

    @Override
    public String toString() {
        int st = status;
        String s = st == ACTIVE ? "active" : st == PENDING ? "pending" : "free";
        SessionImpl owner = session;
        return "Lease{" + table.engine.resolver().describe(handle) + "," + s + (owner == null ? "" : ",session=" + owner.id)
                + (conn == null ? "" : ",connection=" + conn.id)
                + (reused ? ",reused" : reason == null ? "" : ",new:" + reason) + (anticipated ? ",anticipated" : "") + '}';
    }
}
