package dev.tether.http2;

import dev.tether.core.CloseReason;
import dev.tether.core.Lease;
import dev.tether.core.Mux;
import dev.tether.core.MuxEvent;
import dev.tether.core.MuxListener;
import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http2.frame.SettingsFrame;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP/2 {@link Mux}: reports the reuse facts of one client-role {@link Http2Connection} to the
 * engine (docs/behaviour.md R46–R49, R64, R71) and hands out {@link Http2Stream} handles.
 *
 * <p>Facts: {@link #availableStreams()} is 0 once GOAWAY was sent or received or the connection
 * failed or the peer closed, else {@code min(limit − used, streamsLeft)} ({@code used}: see
 * {@link #usedStreams()}) where {@code limit} is the
 * local cap ({@link Http2Config#maxConcurrentStreams()}) until the peer's SETTINGS and then
 * {@code min(peer SETTINGS_MAX_CONCURRENT_STREAMS, local cap)}; it may be negative when SETTINGS lower
 * the limit below the streams in use (R49). {@code streamsLeft} counts the odd ids not yet used up to
 * 2^31−1, minus handles attached whose id is not allocated yet (R48). {@code maxReuse} is the
 * engine's business. With a {@link StreamBudget} (D12), {@code limit} is also capped by the
 * connection's ramp window, and the streams ever attached by the budget's per-connection count,
 * which, once reached, latches {@link CloseReason#MAX_REUSE}.
 *
 * <p>Invariants: {@link #multiplexed()} is true; {@link #ready()} goes false to true on the peer's
 * first SETTINGS; {@link #unusableReason()} never returns to {@code null}; attach and detach allocate
 * nothing in steady state (handles are pooled). Events: READY on the first SETTINGS,
 * CAPACITY_CHANGED when {@link #availableStreams()} changed during {@link #onBytes}, GOAWAY on GOAWAY
 * received, ERROR on a connection error, PEER_CLOSED on {@link #onEndOfInput()}.
 *
 * <p>Thread safety: confined to the connection's thread (its home event loop).
 */
@NotThreadSafe
public final class Http2Mux implements Mux<Http2Stream> {
    private final MuxListener listener;
    private final Http2Connection conn;
    private final Events events = new Events();
    private final ArrayDeque<Http2Stream> pool = new ArrayDeque<>();
    /** Attached handles; each knows its index ({@code Http2Stream.slot}), so detach is O(1). */
    private final ArrayList<Http2Stream> attached = new ArrayList<>();
    /** Attached handles whose request head was not sent yet (id 0); kept by attach, detach and sendHeaders. */
    private int unallocated;
    private Http2Listener host;
    private long attachCount;
    private boolean lastDetachedWasFirst;
    private boolean readyReported;
    private boolean peerClosed;
    private boolean failed;
    /** D12: this connection's share of its target's budget. */
    private final StreamAdmission admission;

    /**
     * Creates a mux over a new client connection (its preface is queued at once).
     *
     * @param listener where facts are reported: the engine's {@code Connection} this mux runs
     * @param config the connection's settings
     */
    public Http2Mux(MuxListener listener, Http2Config config) {
        this(listener, new Http2Connection(Role.CLIENT, config));
    }

    /**
     * Creates a mux over a new client connection whose streams fit what its target's connections
     * really take (D12).
     *
     * @param listener where facts are reported: the engine's {@code Connection} this mux runs
     * @param config the connection's settings
     * @param budget the target's budget, shared by the target's muxes
     */
    public Http2Mux(MuxListener listener, Http2Config config, StreamBudget budget) {
        this(listener, new Http2Connection(Role.CLIENT, config), budget);
    }

    /**
     * Creates a mux over an existing client connection.
     *
     * @param listener where facts are reported: the engine's {@code Connection}
     * @param connection a client-role connection nobody else reads from
     */
    public Http2Mux(MuxListener listener, Http2Connection connection) {
        this(listener, connection, null);
    }

    private Http2Mux(MuxListener listener, Http2Connection connection, StreamBudget budget) {
        if (connection.role() != Role.CLIENT) {
            throw new IllegalArgumentException("Http2Mux needs a CLIENT connection");
        }
        this.listener = listener;
        this.conn = connection;
        this.admission = new StreamAdmission(budget);
    }

    /** {@return the underlying connection} */
    public Http2Connection connection() {
        return conn;
    }

    /**
     * Sets where the streams' events go (headers, data, resets, ...), keyed by stream id; find the
     * handle with {@link #stream(int)}.
     *
     * @param listener the host's listener, or {@code null} to drop events
     */
    public void setListener(Http2Listener listener) {
        this.host = listener;
    }

    /**
     * Feeds bytes read from the transport. A connection error is reported as {@link MuxEvent#ERROR}
     * (its GOAWAY is queued), never thrown.
     *
     * @param in the bytes; consumed entirely
     */
    public void onBytes(ByteBuffer in) {
        if (failed) {
            in.position(in.limit());
            return;
        }
        int before = availableStreams();
        events.reported = false;
        try {
            conn.onBytes(in, events);
        } catch (Http2Exception e) {
            failed = true;
            listener.onMuxEvent(MuxEvent.ERROR);
            return;
        }
        if (!events.reported && availableStreams() != before) {
            listener.onMuxEvent(MuxEvent.CAPACITY_CHANGED);
        }
    }

    /**
     * Moves outbound bytes into the host's buffer; see {@link Http2Connection#pollOutbound}.
     *
     * @param out the buffer
     * @return the number of bytes written
     */
    public int pollOutbound(ByteBuffer out) {
        return conn.pollOutbound(out);
    }

    /** The transport reached end of input: the peer closed. Reports {@link MuxEvent#PEER_CLOSED}. */
    public void onEndOfInput() {
        if (!peerClosed) {
            peerClosed = true;
            listener.onMuxEvent(MuxEvent.PEER_CLOSED);
        }
    }

    /**
     * The attached handle that carries a stream id.
     *
     * @param streamId the id
     * @return the handle, or {@code null}
     */
    public Http2Stream stream(int streamId) {
        for (int i = 0; i < attached.size(); i++) {
            Http2Stream s = attached.get(i);
            if (s.id == streamId) {
                return s;
            }
        }
        return null;
    }

    @Override
    public boolean multiplexed() {
        return true;
    }

    @Override
    public boolean ready() {
        return conn.peerSettingsReceived();
    }

    @Override
    public int availableStreams() {
        if (unusableReason() != null) {
            return 0;
        }
        long free = admission.cap(limit()) - usedStreams();
        long left = Math.min((long) conn.streamsLeft() - unallocated(), (long) admission.lifetime - attachCount);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(free, left));
    }

    /** R47's limit. */
    private long limit() {
        long local = conn.config().maxConcurrentStreams();
        return conn.peerSettingsReceived() ? Math.min(conn.peerMaxConcurrentStreams(), local) : local;
    }

    private int unallocated() {
        return unallocated;
    }

    /** {@code s} was given its stream id by {@link Http2Stream#sendHeaders}. */
    void allocated(Http2Stream s) {
        unallocated--;
        admission.allocated(s.id);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: attached handles not yet opened, plus the streams we opened that are still open (a
     * stream the peer closed frees its slot at once, before the host detaches it; a handle detached
     * while open is reset, so it closes). O(1): both are counted as they change.
     */
    @Override
    public int usedStreams() {
        return unallocated + conn.localStreams();
    }

    @Override
    public CloseReason unusableReason() {
        if (failed || conn.failure() != null) {
            return CloseReason.ERROR;
        }
        if (peerClosed) {
            return CloseReason.PEER_CLOSED;
        }
        if (conn.goAwayReceived() || conn.goAwaySent()) {
            return CloseReason.GOAWAY;
        }
        if (conn.streamsLeft() == 0 || admission.spent(attachCount)) {
            // RFC 9113 §5.1.1: no odd id is left (R48); or the target's budget is spent (D12).
            return CloseReason.MAX_REUSE;
        }
        return null;
    }

    @Override
    public boolean firstExchange() {
        return lastDetachedWasFirst;
    }

    @Override
    public Http2Stream attach(long lease) {
        if (lease == Lease.NONE) {
            throw new IllegalArgumentException("attach for no lease (Lease.NONE)");
        }
        Http2Stream s = pool.pollFirst();
        if (s == null) {
            s = new Http2Stream(this);
        }
        s.init(lease, attachCount++);
        s.slot = attached.size();
        attached.add(s);
        unallocated++;
        return s;
    }

    @Override
    public int detach(Http2Stream s) {
        int index = s.slot;
        if (index < 0 || index >= attached.size() || attached.get(index) != s) {
            throw new IllegalStateException("detach of a stream not attached to this mux");
        }
        int flags = (s.responseStarted ? RESPONSE_STARTED : 0) | (s.notProcessed ? NOT_PROCESSED : 0);
        if (s.id != 0 && !s.closed && !failed && conn.failure() == null) {
            try {
                // Still in flight: abort it (RFC 9113 §8.1: CANCEL when the response is not needed).
                conn.reset(s.id, ErrorCode.CANCEL);
            } catch (Http2Exception e) {
                failed = true;
            }
        }
        lastDetachedWasFirst = s.sequence == 0;
        if (s.id == 0) {
            unallocated--;
        }
        int last = attached.size() - 1;
        Http2Stream moved = attached.get(last);
        attached.set(index, moved);
        moved.slot = index;
        attached.remove(last);
        s.slot = -1;
        s.lease = Lease.NONE;
        pool.addFirst(s);
        if (attached.isEmpty()) {
            admission.idle(attachCount, !conn.goAwayReceived() && !failed && conn.failure() == null);
        }
        return flags;
    }

    @Override
    public String toString() {
        return "Http2Mux{used=" + usedStreams() + ",available=" + availableStreams() + ",unusable="
                + unusableReason() + ",conn=" + conn + "}";
    }

    /** Tracks the handles' facts, reports to the engine, and forwards to the host. */
    private final class Events implements Http2Listener {
        boolean reported;

        @Override
        public void onHeaders(int streamId, List<Header> headers, boolean endStream) {
            Http2Stream s = stream(streamId);
            if (s != null) {
                s.responseStarted = true;
                int status = ResponseHead.status(headers);
                if (status >= 200 || status == 101) {
                    s.status = status;
                    admission.answered(limit());
                    listener.onResponseHead(s.lease, status, ResponseHead.values(headers, "www-authenticate"),
                            ResponseHead.values(headers, "proxy-authenticate"));
                }
            }
            if (host != null) {
                host.onHeaders(streamId, headers, endStream);
            }
        }

        @Override
        public void onTrailers(int streamId, List<Header> trailers) {
            if (host != null) {
                host.onTrailers(streamId, trailers);
            }
        }

        @Override
        public void onData(int streamId, ByteBuffer data, boolean endStream) {
            if (host != null) {
                host.onData(streamId, data, endStream);
            }
        }

        @Override
        public void onStreamReset(int streamId, ErrorCode errorCode, boolean byPeer) {
            Http2Stream s = stream(streamId);
            if (s != null && byPeer && errorCode == ErrorCode.REFUSED_STREAM) {
                // R71, RFC 9113 §8.7: refused or above GOAWAY's last-stream-id: not processed.
                s.notProcessed = true;
            }
            if (host != null) {
                host.onStreamReset(streamId, errorCode, byPeer);
            }
        }

        @Override
        public void onStreamClosed(int streamId) {
            Http2Stream s = stream(streamId);
            if (s != null) {
                s.closed = true;
            }
            if (host != null) {
                host.onStreamClosed(streamId);
            }
        }

        @Override
        public void onSettings(SettingsFrame settings) {
            if (!readyReported) {
                readyReported = true;
                reported = true;
                listener.onMuxEvent(MuxEvent.READY);
            }
            if (host != null) {
                host.onSettings(settings);
            }
        }

        @Override
        public void onGoAway(int lastStreamId, ErrorCode errorCode, ByteBuffer debugData) {
            admission.goAway(lastStreamId, errorCode, attachCount);
            reported = true;
            listener.onMuxEvent(MuxEvent.GOAWAY);
            if (host != null) {
                host.onGoAway(lastStreamId, errorCode, debugData);
            }
        }

        @Override
        public void onPingAck(long opaqueData) {
            if (host != null) {
                host.onPingAck(opaqueData);
            }
        }

        @Override
        public void onWindowUpdate(int streamId, int increment) {
            if (host != null) {
                host.onWindowUpdate(streamId, increment);
            }
        }
    }
}
