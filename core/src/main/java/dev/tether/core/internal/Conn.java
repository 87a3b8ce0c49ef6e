package dev.tether.core.internal;

import dev.tether.core.CloseReason;
import dev.tether.core.Connection;
import dev.tether.core.ConnectionState;
import dev.tether.core.ListKind;
import dev.tether.core.Mux;
import dev.tether.core.MuxEvent;
import dev.tether.core.ReuseKey;
import dev.tether.core.Session;
import dev.tether.core.Target;
import dev.tether.core.Transport;
import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.ThreadSafe;

import java.util.List;
import java.util.Objects;

/**
 * The engine's record of one backend connection; the host sees it as a {@link Connection}.
 *
 * <p>Ownership: this class writes its latches ({@code noNewStreams} with its first reason,
 * {@code privateLatch}, {@code ready}), its close reason, its stream accounting ({@code streams},
 * {@code streamsOpened}, the published {@code available} count), its transport, mux and pending
 * lease, each through a method named for the transition. Its place ({@code home}, {@code state},
 * {@code owner}, {@code parkedAtNanos}) is written only by {@link LoopPool} (its {@link Moves}), which keeps it in step
 * with the lists and counters; its {@code bucket} and the links of its nodes by that pool's
 * {@link LoopLists}. A connection homed on a loop is latched through {@link LoopPool#latchLocked}
 * (which keeps the E4 counts in step), never by calling {@link #latch} directly.
 *
 * <p>Invariants: it is on at most one list, named by {@code state.list()}; {@code owner} is non-null
 * exactly when that list is a session's; {@code privateLatch}, {@code noNewStreams} and {@code ready}
 * only go from false to true; an open connection is private exactly when its state is PRIVATE_BUSY or
 * PRIVATE_IDLE; a latched connection is never linked into IDLE, SAFE, AVAILABLE or as PRIVATE_IDLE;
 * {@code home} equals its owner's loop while it has one.
 *
 * <p>Thread safety: fields marked {@code @GuardedBy("home lock")} change only under the lock of
 * {@code pool.loops[home]} (the stream counters: on the home loop's thread); the volatile ones may be
 * read without it. The accessors and {@link #toString()} never block; on the home loop they are exact,
 * elsewhere the stream counts may lag (plain fields: no fence on every acquire and release). Its
 * {@code MuxListener} methods run on the home loop.
 */
@ThreadSafe
public final class Conn implements Connection {
    private static final System.Logger LOG = System.getLogger(Conn.class.getName());

    final DefaultReuseEngine engine;
    final TargetPool pool;
    final ReuseKey key;
    final long id;
    final long createdAtNanos;
    /** Opened by pre-connect (E6): parks as IDLE when ready. */
    final boolean preconnect;
    final Node listNode = new Node(this);
    final Node lruNode = new Node(this);
    final Node allNode = new Node(this);

    private volatile Transport transport;
    private volatile Mux<?> mux;
    /** Set once from the mux when it is installed. */
    private volatile boolean multiplexed;

    // ---- its place: written only by LoopPool (the bucket by its LoopLists) ----------------
    @GuardedBy("home lock")
    volatile int home;
    @GuardedBy("home lock")
    volatile ConnectionState state;
    @GuardedBy("home lock")
    volatile SessionImpl owner;
    /** Claimed by a takeover and not yet homed on the new loop (R61): on no lists; facts wait. */
    @GuardedBy("home lock")
    volatile boolean inTransit;
    /** Its key's bucket in its home loop's index, from registration (or arrival from another loop) on. */
    @GuardedBy("home lock")
    KeyBucket bucket;
    @GuardedBy("home lock")
    long parkedAtNanos;

    // ---- written only by the methods of this class --------------------------------------------
    /** Leases riding it, including one whose attach is pending or whose pick is being checked. */
    @GuardedBy("home lock")
    private int streams;
    /** Streams ever attached; written only on the home loop, after each successful attach. */
    private int streamsOpened;
    /** The available-streams count last published from the mux, less claimed slots (R21). */
    @GuardedBy("home lock")
    private int available;
    /** The lease of a new connection, waiting for the mux to be installed (R26, R27). */
    @GuardedBy("home lock")
    private LeaseImpl pendingLease;
    /** Once true, always true (R30). */
    private volatile boolean privateLatch;
    /** Once true, always true (§1.2). */
    private volatile boolean noNewStreams;
    private volatile CloseReason latchReason;
    /** Once true, always true. */
    private volatile boolean ready;
    private volatile CloseReason closeReason;
    /** A transport failure reported while the connector was still running; applied at registration. */
    private volatile CloseReason deadEarly;

    /**
     * A connection not yet registered: private from the start under NEVER (R23); with the first
     * stream of {@code lease} counted, or none for pre-connect (E6).
     */
    Conn(DefaultReuseEngine engine, TargetPool pool, ReuseKey key, long id, int home, long nowNanos,
         LeaseImpl lease, boolean privateFromStart) {
        this.engine = engine;
        this.pool = pool;
        this.key = key;
        this.id = id;
        this.home = home;
        this.createdAtNanos = nowNanos;
        this.preconnect = lease == null;
        this.privateLatch = privateFromStart;
        this.available = 1;
        if (lease != null) {
            streams = 1;
            pendingLease = lease;
            if (pool.limits.maxReuse() == 0) {
                latch(CloseReason.MAX_REUSE); // R49: the first stream is the last
            }
        }
    }

    // ---- latches ------------------------------------------------------------------------------

    /** Latches {@code noNewStreams} with its first reason. */
    void latch(CloseReason reason) {
        if (!noNewStreams) {
            latchReason = reason;
            noNewStreams = true;
        }
    }

    /** R30: the private latch; called by {@link LoopPool#makePrivateLocked} only. */
    void markPrivate() {
        privateLatch = true;
    }

    /** Latches {@code ready} once the mux says so. */
    void refreshReady() {
        if (!ready && mux != null && mux.ready()) {
            ready = true;
        }
    }

    /** Latches and records why the engine closes it; called by {@link LoopPool#closeLocked} only. */
    void closing(CloseReason reason) {
        latch(reason);
        closeReason = reason;
    }

    /** A transport failure reported before registration, applied by it. */
    void diedEarly(CloseReason reason) {
        deadEarly = reason;
    }

    /** The failure {@link #diedEarly} recorded, or null. */
    CloseReason deadEarly() {
        return deadEarly;
    }

    CloseReason latchReason() {
        return latchReason;
    }

    /** The pool of its home loop; read under that pool's lock, {@link LoopPool#isHomeOf} confirms it. */
    LoopPool homePool() {
        return pool.loops[home];
    }

    boolean isOpen() {
        ConnectionState s = state;
        return s != null && !s.isClosed();
    }

    /** True when it was latched because {@code maxReuse} was reached (E4 MAX_REUSE_REACHED). */
    boolean latchedByMaxReuse() {
        return noNewStreams && latchReason == CloseReason.MAX_REUSE;
    }

    // ---- transport and mux --------------------------------------------------------------------

    /** The connector's transport. */
    void opened(Transport t) {
        transport = t;
    }

    /** Closes the transport, if any, logging instead of throwing. */
    void closeTransportQuietly() {
        Transport t = transport;
        if (t == null) {
            return;
        }
        try {
            t.close();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "transport failed to close", e);
        }
    }

    boolean multiplexed() {
        return multiplexed;
    }

    /** The lease waiting for the mux, taken off the connection; or null. */
    LeaseImpl takePendingLease() {
        LeaseImpl l = pendingLease;
        pendingLease = null;
        return l;
    }

    /** Forgets {@code lease} if it still waits for the mux (released first). */
    void forgetPendingLease(LeaseImpl lease) {
        if (pendingLease == lease) {
            pendingLease = null;
        }
    }

    // ---- stream accounting ----------------------------------------------------------------------

    int streams() {
        return streams;
    }

    int available() {
        return available;
    }

    /** The mux's available streams, further bounded by {@code maxReuse} (R46, R49); 0 without a mux. */
    int liveAvailable() {
        Mux<?> m = mux;
        if (m == null) {
            return 0;
        }
        int live = m.availableStreams();
        int maxReuse = pool.limits.maxReuse();
        return maxReuse >= 0 ? Math.min(live, maxReuse + 1 - streamsOpened) : live;
    }

    /** True if the next stream is the last that {@code maxReuse} allows (R49). */
    boolean nextStreamIsLast() {
        int maxReuse = pool.limits.maxReuse();
        return maxReuse >= 0 && streamsOpened + 1 >= maxReuse + 1;
    }

    /** Publishes the mux's available count (R21). */
    @GuardedBy("home lock")
    void publishAvailable(int count) {
        available = count;
    }

    /** A lease claims a slot: one more stream riding, one slot fewer published (R19). */
    @GuardedBy("home lock")
    void claimStream() {
        streams++;
        available--;
    }

    /** Undoes {@link #claimStream} (the slot count is published again by the caller). */
    @GuardedBy("home lock")
    void unclaimStream() {
        streams--;
    }

    /** A stream was attached by the mux; on the home loop. */
    void streamAttached() {
        streamsOpened++;
    }

    /** A stream was detached; {@code count} is the mux's available count read after it. */
    @GuardedBy("home lock")
    void streamDetached(int count) {
        streams--;
        available = count;
    }

    // ---- MuxListener ---------------------------------------------------------------------------

    @Override
    public void installMux(Mux<?> m) {
        Objects.requireNonNull(m, "mux");
        if (mux != null) {
            throw new IllegalStateException("a mux is already installed on " + this);
        }
        multiplexed = m.multiplexed();
        mux = m;
        engine.muxInstalled(this);
    }

    @Override
    public void onMuxEvent(MuxEvent event) {
        engine.onFacts(this, event);
    }

    @Override
    public boolean onResponseHead(long lease, int status, List<String> wwwAuthenticate,
                                  List<String> proxyAuthenticate) {
        return engine.onResponseHead(this, lease, status, Objects.requireNonNull(wwwAuthenticate),
                Objects.requireNonNull(proxyAuthenticate));
    }

    // ---- Connection ----------------------------------------------------------------------------

    @Override
    public long id() {
        return id;
    }

    @Override
    public Target target() {
        return pool;
    }

    @Override
    public ReuseKey key() {
        return key;
    }

    @Override
    public int homeLoop() {
        return home;
    }

    @Override
    public ConnectionState state() {
        return state;
    }

    @Override
    public ListKind list() {
        ConnectionState s = state;
        return s == null ? ListKind.NONE : s.list();
    }

    @Override
    public Session owner() {
        return owner;
    }

    @Override
    public boolean isPrivate() {
        return privateLatch;
    }

    @Override
    public boolean noNewStreams() {
        return noNewStreams;
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public int streamsOpened() {
        return streamsOpened;
    }

    @Override
    public int attachedStreams() {
        return streams;
    }

    @Override
    public long createdAtNanos() {
        return createdAtNanos;
    }

    @Override
    public CloseReason closeReason() {
        return closeReason;
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public Mux<?> mux() {
        return mux;
    }

    /** The engine that owns it. */
    public DefaultReuseEngine engine() {
        return engine;
    }

    @Override
    public String toString() {
        return "Connection@" + id + "{target=" + pool.name() + ",state=" + state + ",streams=" + streams
                + "/" + available + ",opened=" + streamsOpened + (privateLatch ? ",private" : "")
                + (noNewStreams ? ",latched=" + latchReason : "") + (ready ? "" : ",connecting")
                + ",loop=" + home + '}';
    }
}
