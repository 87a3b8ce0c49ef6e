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

/**
 * The engine's record of one backend connection; the host sees it as a {@link Connection}.
 *
 * <p>Invariants: it is on at most one list, named by {@code state.list()}; {@code owner} is non-null
 * exactly when that list is a session's; {@code privateLatch}, {@code noNewStreams} and
 * {@code ready} only go from false to true; a connection with {@code noNewStreams} is never linked
 * into IDLE, SAFE, AVAILABLE or as PRIVATE_IDLE; {@code home} equals its owner's loop while it has
 * one. State, list membership and counters change together in {@link LoopPool#moveLocked}.
 *
 * <p>Thread safety: fields marked {@code @GuardedBy("home lock")} change only under the lock of
 * {@code pool.loops[home]} (the stream counters: on the home loop's thread); the volatile ones may
 * be read without it. The accessors and {@link #toString()} never block; on the home loop they are
 * exact, elsewhere the stream counts may lag (plain fields: no fence on every acquire and release).
 * Its {@code MuxListener} methods run on the home loop.
 */
@ThreadSafe
public final class Conn implements Connection {
    final DefaultReuseEngine engine;
    final TargetPool pool;
    final ReuseKey key;
    final long id;
    final long createdAtNanos;
    final Node listNode = new Node(this);
    final Node lruNode = new Node(this);
    final Node allNode = new Node(this);

    volatile Transport transport;
    volatile Mux<?> mux;
    /** Set once from the mux when it is installed. */
    volatile boolean multiplexed;

    @GuardedBy("home lock")
    volatile int home;
    @GuardedBy("home lock")
    volatile ConnectionState state;
    @GuardedBy("home lock")
    volatile SessionImpl owner;
    /**
     * Its key's bucket in its home loop's index once it was on an IDLE, SAFE or AVAILABLE list, kept
     * off the lists too (so moves between them store nothing); null before that and after a takeover
     * changed its home; possibly {@link KeyBucket#swept swept}, then replaced when it is listed again.
     */
    @GuardedBy("home lock")
    KeyBucket bucket;
    /** Leases riding it, including one whose attach is pending. */
    @GuardedBy("home lock")
    int streams;
    /** Streams ever attached; written only on the home loop, after each successful attach. */
    int streamsOpened;
    @GuardedBy("home lock")
    long parkedAtNanos;
    /** The lease of a new connection, waiting for the mux to be installed (R26, R27). */
    @GuardedBy("home lock")
    LeaseImpl pendingLease;
    /** Opened by pre-connect (E6): parks as IDLE when ready. */
    final boolean preconnect;
    /** The available-streams count last published from the mux (R21); written on the home loop. */
    @GuardedBy("home lock")
    int available;

    /** Once true, always true (R30). */
    volatile boolean privateLatch;
    /** Once true, always true (§1.2). */
    volatile boolean noNewStreams;
    @GuardedBy("home lock")
    volatile CloseReason latchReason;
    /** Once true, always true. */
    volatile boolean ready;
    @GuardedBy("home lock")
    volatile CloseReason closeReason;
    /** A transport failure reported while the connector was still running; applied at registration. */
    volatile CloseReason deadEarly;

    Conn(DefaultReuseEngine engine, TargetPool pool, ReuseKey key, long id, int home, long nowNanos,
         boolean preconnect) {
        this.engine = engine;
        this.pool = pool;
        this.key = key;
        this.id = id;
        this.home = home;
        this.createdAtNanos = nowNanos;
        this.preconnect = preconnect;
        this.available = 1;
    }

    /** Latches {@code noNewStreams} with its first reason. */
    void latch(CloseReason reason) {
        if (!noNewStreams) {
            latchReason = reason;
            noNewStreams = true;
        }
    }

    boolean isOpen() {
        ConnectionState s = state;
        return s != null && !s.isClosed();
    }

    @Override
    public void installMux(Mux<?> m) {
        engine.installMux(this, java.util.Objects.requireNonNull(m, "mux"));
    }

    @Override
    public void onMuxEvent(MuxEvent event) {
        engine.onFacts(this, event);
    }

    @Override
    public boolean onResponseHead(long lease, int status, List<String> wwwAuthenticate,
                                  List<String> proxyAuthenticate) {
        return engine.onResponseHead(this, lease, status, java.util.Objects.requireNonNull(wwwAuthenticate),
                java.util.Objects.requireNonNull(proxyAuthenticate));
    }

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
