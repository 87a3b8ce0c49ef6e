package dev.tether.http2.internal.conn;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Http2Config;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.Http2Listener;
import dev.tether.http2.Role;
import dev.tether.http2.StreamState;
import dev.tether.http2.frame.Setting;
import dev.tether.http2.frame.SettingsFrame;
import dev.tether.http2.internal.conn.StreamRegistry.ClosedHow;
import dev.tether.http2.internal.hpack.HpackDecoder;
import dev.tether.http2.internal.hpack.HpackEncoder;
import dev.tether.http2.internal.stream.StreamEvent;
import dev.tether.http2.internal.stream.StreamStateTable;
import dev.tether.http2.internal.stream.Transition;

import java.util.ArrayList;
import java.util.List;

/**
 * The state of one HTTP/2 connection shared by its inbound handler and its send operations: the
 * streams, the settings of both sides, the connection windows, GOAWAY bookkeeping and the outbound
 * bytes.
 *
 * <p>Invariants: every stream state change goes through {@link #applyRecv} or {@link #applySend},
 * i.e. through {@link StreamStateTable}; a stream that reaches CLOSED leaves the registry at once;
 * {@code nextLocalId} only grows, and is above 2^31−1 once ids are exhausted; {@code lastPeerStreamId}
 * only grows; {@code queuedDataBytes} is the sum of the streams' queues; once {@code closed} is true
 * nothing is read any more and only the GOAWAY already queued is sent.
 *
 * <p>Thread safety: confined to its connection's thread.
 */
@NotThreadSafe
public final class Engine {
    /** RFC 9113 §6.9.2: the initial window of every stream and of the connection. */
    public static final int DEFAULT_WINDOW = 65535;

    public final Role role;
    public final Http2Config config;
    public final StreamRegistry streams = new StreamRegistry();
    public final Outbound out;
    final HpackEncoder encoder;
    final HpackDecoder decoder;
    final DataSender data;

    // Peer settings (RFC 9113 §6.5.2 defaults until its SETTINGS arrive).
    public boolean peerSettingsReceived;
    public long peerMaxConcurrentStreams = Long.MAX_VALUE;
    int peerInitialWindow = DEFAULT_WINDOW;
    public int peerMaxFrameSize = 16384;
    public long peerMaxHeaderListSize = Long.MAX_VALUE;
    /** The peer sent SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 (RFC 8441 §3). Once true, always true. */
    public boolean peerEnablesConnectProtocol;

    // Our side.
    boolean localSettingsAcked;
    int recvInitialWindow;
    int connSendWindow = DEFAULT_WINDOW;
    int connRecvWindow = DEFAULT_WINDOW;
    int connRecvUnacked;

    /** Next id we initiate; above 2^31−1 once exhausted. Only grows. */
    public long nextLocalId;
    /** Highest id the peer initiated. Only grows. */
    public int lastPeerStreamId;
    public boolean goAwaySent;
    int goAwaySentLastId = Integer.MAX_VALUE;
    public boolean goAwayReceived;
    public int goAwayReceivedLastId = Integer.MAX_VALUE;
    public boolean closed;
    public Http2Exception failure;

    // Defences.
    long framesReceived;
    int rapidResets;
    int peerStreamsInWindow;
    int emptyDataFrames;
    int queuedDataBytes;

    public Engine(Role role, Http2Config config) {
        this.role = role;
        this.config = config;
        this.encoder = new HpackEncoder(4096, config.useHuffman());
        // Until our SETTINGS are acknowledged the peer may use the default table size (RFC 9113 §6.5.3).
        this.decoder = new HpackDecoder(Math.max(4096, config.headerTableSize()), config.maxHeaderListSize(),
                config.maxHeaderListSize());
        this.out = new Outbound(config.maxQueuedControlFrames(), encoder);
        this.data = new DataSender(this);
        this.nextLocalId = role == Role.CLIENT ? 1 : 2;
        // Until acknowledged, accept the larger of the default and our setting (RFC 9113 §6.9.2).
        this.recvInitialWindow = Math.max(DEFAULT_WINDOW, config.initialWindowSize());
    }

    /** Queues our preface: the client magic, our SETTINGS, and the connection window opening. */
    public void queuePreface() {
        if (role == Role.CLIENT) {
            out.raw(Preface.MAGIC);
        }
        out.settings(localSettings());
        int extra = config.connectionWindowSize() - DEFAULT_WINDOW;
        if (extra > 0) {
            out.windowUpdate(0, extra);
            connRecvWindow += extra;
        }
    }

    private SettingsFrame localSettings() {
        List<Setting> s = new ArrayList<>(7);
        if (config.headerTableSize() != 4096) {
            s.add(new Setting(Setting.HEADER_TABLE_SIZE, config.headerTableSize()));
        }
        if (role == Role.CLIENT) {
            s.add(new Setting(Setting.ENABLE_PUSH, 0));
        }
        s.add(new Setting(Setting.MAX_CONCURRENT_STREAMS, config.maxConcurrentStreams()));
        if (config.initialWindowSize() != DEFAULT_WINDOW) {
            s.add(new Setting(Setting.INITIAL_WINDOW_SIZE, config.initialWindowSize()));
        }
        if (config.maxFrameSize() != 16384) {
            s.add(new Setting(Setting.MAX_FRAME_SIZE, config.maxFrameSize()));
        }
        s.add(new Setting(Setting.MAX_HEADER_LIST_SIZE, config.maxHeaderListSize()));
        if (config.enableConnectProtocol()) {
            s.add(new Setting(Setting.ENABLE_CONNECT_PROTOCOL, 1));
        }
        return new SettingsFrame(false, s);
    }

    /** Our SETTINGS were acknowledged: apply what we deferred (RFC 9113 §6.5.3). */
    void onLocalSettingsAck() throws Http2Exception {
        if (localSettingsAcked) {
            return;
        }
        localSettingsAcked = true;
        decoder.setMaxTableSize(config.headerTableSize());
        int delta = config.initialWindowSize() - recvInitialWindow;
        recvInitialWindow = config.initialWindowSize();
        if (delta != 0) {
            H2Stream[] slots = streams.slots();
            for (H2Stream s : slots) {
                if (s != null) {
                    s.recvWindow = (int) Math.max(0, (long) s.recvWindow + delta);
                }
            }
        }
    }

    public boolean isPeerInitiated(int id) {
        return (id & 1) == (role == Role.CLIENT ? 0 : 1);
    }

    /** The state of a stream that is not registered: idle above the highest id used, else closed. */
    public StreamState virtualState(int id) {
        if (isPeerInitiated(id)) {
            return id > lastPeerStreamId ? StreamState.IDLE : StreamState.CLOSED;
        }
        return id >= nextLocalId ? StreamState.IDLE : StreamState.CLOSED;
    }

    /** The state of any stream id. */
    public StreamState stateOf(int id) {
        H2Stream s = streams.get(id);
        return s != null ? s.state : virtualState(id);
    }

    /**
     * Applies a received event to a registered stream through the table.
     *
     * @throws Http2Exception the typed error the table gives for the pair
     */
    void applyRecv(H2Stream s, StreamEvent e, Http2Listener l) throws Http2Exception {
        Transition t = StreamStateTable.lookup(s.state, e);
        if (!t.allowed()) {
            throw new Http2Exception(t.error(), t.scope(), s.id,
                    "received " + e.frameName() + " in state " + s.state, null);
        }
        move(s, t.next(), e, l);
    }

    /**
     * Applies an event we cause through the table.
     *
     * @throws IllegalStateException if the table forbids it (host misuse), naming the state
     */
    void applySend(H2Stream s, StreamEvent e, Http2Listener l) {
        checkSend(s.state, e);
        move(s, StreamStateTable.lookup(s.state, e).next(), e, l);
    }

    /**
     * Checks that the host may send {@code ev} on {@code s}.
     *
     * @throws IllegalStateException naming the state, if not
     */
    public static void checkSendAllowed(H2Stream s, StreamEvent ev) {
        checkSend(s.state, ev);
        if ((ev == StreamEvent.SEND_DATA || ev == StreamEvent.SEND_HEADERS)
                && (s.queuedEnd || s.pendingTrailers != null)) {
            throw new IllegalStateException("send " + ev.frameName() + " after END_STREAM was queued in state "
                    + s.state);
        }
    }

    /** Sends GOAWAY with the highest peer stream id seen; an error code closes the connection. */
    public void sendGoAway(ErrorCode code) {
        goAwaySent = true;
        goAwaySentLastId = lastPeerStreamId;
        out.goAway(lastPeerStreamId, code, null);
        if (code != ErrorCode.NO_ERROR) {
            closed = true;
        }
    }

    /** Sends a PING. */
    public void sendPing(long opaque) {
        out.ping(false, opaque);
    }

    static void checkSend(StreamState state, StreamEvent e) {
        if (!StreamStateTable.lookup(state, e).allowed()) {
            throw new IllegalStateException("send " + e.frameName() + " in state " + state);
        }
    }

    private void move(H2Stream s, StreamState next, StreamEvent e, Http2Listener l) {
        s.state = next;
        if (next == StreamState.CLOSED) {
            ClosedHow how = e == StreamEvent.SEND_RST_STREAM ? ClosedHow.RESET_SENT
                    : e == StreamEvent.RECV_RST_STREAM ? ClosedHow.RESET_RECEIVED : ClosedHow.END_STREAM_RECEIVED;
            close(s, how, l);
        }
    }

    void close(H2Stream s, ClosedHow how, Http2Listener l) {
        s.state = StreamState.CLOSED;
        queuedDataBytes -= s.queuedBytes();
        s.queue = null;
        s.pendingTrailers = null;
        streams.remove(s, how);
        if (l != null) {
            l.onStreamClosed(s.id);
        }
    }

    public H2Stream register(int id, boolean local, StreamState state) {
        H2Stream s = new H2Stream(id, local, state, peerInitialWindow, recvInitialWindow);
        streams.put(s);
        return s;
    }

    /**
     * Resets a stream after a stream error or at the host's request: queues RST_STREAM, closes it if
     * registered and reports it.
     */
    public void resetStream(int id, ErrorCode code, Http2Listener l, boolean owed) throws Http2Exception {
        if (owed) {
            out.owe();
        }
        out.rstStream(id, code);
        H2Stream s = streams.get(id);
        if (s != null) {
            if (l != null) {
                l.onStreamReset(id, code, false);
            }
            close(s, ClosedHow.RESET_SENT, l);
        } else {
            streams.remember(id, ClosedHow.RESET_SENT);
        }
    }

    /**
     * Fails the connection: GOAWAY queued, CLOSED; the first failure wins. The GOAWAY's debug data is
     * the codec's own description of a protocol error, and nothing for an unexpected failure (its
     * exception's text stays with the host, never on the wire).
     */
    public Http2Exception fail(Http2Exception e) {
        if (!closed) {
            closed = true;
            failure = e;
            out.goAway(lastPeerStreamId, e.errorCode(), e.getCause() == null ? e.getMessage() : null);
            goAwaySent = true;
        }
        return failure;
    }

    /** Returns consumed bytes to the peer's windows with WINDOW_UPDATE, in halves to batch them. */
    public void consumed(int id, int bytes) {
        if (bytes <= 0 || closed) {
            return;
        }
        connRecvUnacked += bytes;
        if (connRecvUnacked >= config.connectionWindowSize() / 2) {
            out.windowUpdate(0, connRecvUnacked);
            connRecvWindow += connRecvUnacked;
            connRecvUnacked = 0;
        }
        H2Stream s = id == 0 ? null : streams.get(id);
        // No WINDOW_UPDATE once the peer ended its side: it can send nothing more (RFC 9113 §6.9).
        if (s != null && s.state != StreamState.HALF_CLOSED_REMOTE) {
            s.recvUnacked += bytes;
            if (s.recvUnacked >= Math.max(1, recvInitialWindow / 2)) {
                out.windowUpdate(id, s.recvUnacked);
                s.recvWindow += s.recvUnacked;
                s.recvUnacked = 0;
            }
        }
    }

    /** True while bytes are queued and a window we need is closed. */
    public boolean sendStalled() {
        return queuedDataBytes > 0;
    }

    public int queuedDataBytes() {
        return queuedDataBytes;
    }

    public int connSendWindow() {
        return connSendWindow;
    }

    public int connRecvWindow() {
        return connRecvWindow;
    }

    public DataSender data() {
        return data;
    }
}
