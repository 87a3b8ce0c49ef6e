package dev.tether.http2;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http2.internal.conn.Engine;
import dev.tether.http2.internal.conn.H2Stream;
import dev.tether.http2.internal.conn.HostOps;
import dev.tether.http2.internal.conn.Inbound;
import dev.tether.http2.internal.conn.Preface;
import dev.tether.http2.internal.parser.FrameParser;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One sans-IO HTTP/2 connection (RFC 9113), client or server role: bytes in through
 * {@link #onBytes}, events out to an {@link Http2Listener}, bytes out through {@link #pollOutbound}.
 * No sockets, threads or clocks.
 *
 * <p>Flow control: the peer's windows are never exceeded; {@link #sendData} frames what fits and
 * queues the rest (up to {@link Http2Config#maxQueuedDataBytes()}), which leaves as WINDOW_UPDATEs
 * arrive. Our receive windows are replenished automatically after each {@code onData} callback when
 * {@link Http2Config#autoWindowUpdate()} is true (the default), else when the host calls
 * {@link #consumed(int, int)}.
 *
 * <p>Extended CONNECT (RFC 8441): with {@link Http2Config#enableConnectProtocol()} a server advertises
 * SETTINGS_ENABLE_CONNECT_PROTOCOL and accepts {@code CONNECT} requests carrying {@code :protocol},
 * {@code :scheme} and {@code :path}; a client may send one once {@link #peerEnablesConnectProtocol()}.
 * The stream is then a tunnel: DATA carries its bytes both ways, END_STREAM half-closes it and
 * RST_STREAM aborts it.
 *
 * <p>Invariants: the preface (client magic and SETTINGS) is queued at construction; streams move only
 * through the RFC 9113 §5.1 state table; a connection error leaves the connection {@link State#CLOSED}
 * with its GOAWAY queued before the {@link Http2Exception} reaches the caller; a stream error becomes
 * a queued RST_STREAM and an {@code onStreamReset} event; no exception but {@link Http2Exception}
 * leaves {@link #onBytes} whatever the input (an unexpected one becomes INTERNAL_ERROR with its cause).
 * Host misuse, such as sending on a closed stream, throws {@link IllegalStateException} naming the
 * state. Events caused by the host's own calls (a stream closed by {@link #reset} or by sending
 * END_STREAM) are not reported; those caused by input are.
 *
 * <p>Thread safety: not thread-safe; confined to the thread that drives its transport.
 */
@NotThreadSafe
public final class Http2Connection {
    /** The life of a connection. */
    public enum State {
        /** Streams may be opened. */
        OPEN,
        /** GOAWAY was sent or received: existing streams finish, no new one starts. */
        DRAINING,
        /** Failed, or drained with no stream left: nothing more is read. */
        CLOSED
    }

    private final Engine e;
    private final Inbound inbound;
    private final FrameParser parser;
    private final Preface preface;
    private final HostOps ops;

    /**
     * Creates a connection and queues its preface.
     *
     * @param role client or server
     * @param config the settings and limits
     */
    public Http2Connection(Role role, Http2Config config) {
        if (role == null || config == null) {
            throw new IllegalArgumentException("role and config must not be null");
        }
        this.e = new Engine(role, config);
        this.inbound = new Inbound(e);
        this.parser = new FrameParser(config.maxFrameSize());
        this.preface = role == Role.SERVER ? new Preface() : null;
        this.ops = new HostOps(e);
        e.queuePreface();
    }

    /** {@return this endpoint's role} */
    public Role role() {
        return e.role;
    }

    /** {@return the configuration} */
    public Http2Config config() {
        return e.config;
    }

    /** {@return the current state} */
    public State state() {
        if (e.closed) {
            return State.CLOSED;
        }
        if (e.goAwaySent || e.goAwayReceived) {
            return e.streams.size() == 0 ? State.CLOSED : State.DRAINING;
        }
        return State.OPEN;
    }

    /**
     * Reads input and reports what it means to {@code listener}. Input after a connection error is
     * discarded.
     *
     * @param in the bytes received; consumed entirely
     * @param listener receives the events
     * @throws Http2Exception a connection error; the connection is then CLOSED and its GOAWAY queued
     */
    public void onBytes(ByteBuffer in, Http2Listener listener) throws Http2Exception {
        if (e.closed) {
            in.position(in.limit());
            return;
        }
        inbound.listener(listener);
        try {
            if (preface != null && !preface.done()) {
                preface.read(in);
                if (!preface.done()) {
                    return;
                }
            }
            parseAll(in, listener);
        } catch (Http2Exception ex) {
            in.position(in.limit());
            throw e.fail(ex);
        } catch (RuntimeException ex) {
            in.position(in.limit());
            throw e.fail(HostOps.internal(ex));
        }
    }

    private void parseAll(ByteBuffer in, Http2Listener listener) throws Http2Exception {
        while (true) {
            try {
                parser.parse(in, inbound);
                return;
            } catch (Http2Exception ex) {
                if (ex.scope() != Http2Exception.Scope.STREAM || e.closed) {
                    throw ex;
                }
                // RFC 9113 §5.4.2: a stream error resets the stream; the connection goes on.
                e.resetStream(ex.streamId(), ex.errorCode(), listener, true);
            }
        }
    }

    /**
     * Moves queued outbound bytes into {@code out}.
     *
     * @param out the host's buffer; filled from its position
     * @return the number of bytes written, 0 if nothing is pending or {@code out} is full
     */
    public int pollOutbound(ByteBuffer out) {
        return e.out.drainTo(out);
    }

    /** {@return the number of outbound bytes waiting for {@link #pollOutbound}} */
    public int pendingOutbound() {
        return e.out.pendingBytes();
    }

    /**
     * Opens a new stream with a request head (client role).
     *
     * @param headers the request fields, pseudo-fields first
     * @param endStream true if the request has no body
     * @return the new stream's id (odd)
     * @throws IllegalStateException if not a client, after GOAWAY or a failure, when ids are exhausted,
     *     at the peer's SETTINGS_MAX_CONCURRENT_STREAMS, or for an extended CONNECT ({@code :protocol})
     *     before {@link #peerEnablesConnectProtocol()}
     * @throws IllegalArgumentException if a name or value has a char above 0xFF
     * @throws Http2Exception INTERNAL_ERROR if an unexpected failure broke the connection
     */
    public int newStream(List<Header> headers, boolean endStream) throws Http2Exception {
        return ops.newStream(headers, endStream);
    }

    /**
     * Sends a header section on an existing stream: a response head (server role), an informational
     * head, or a head that ends the stream.
     *
     * @param streamId the stream
     * @param headers the fields
     * @param endStream true to end our side
     * @throws IllegalStateException if the state forbids sending HEADERS, or body bytes are queued
     * @throws IllegalArgumentException if a name or value has a char above 0xFF
     * @throws Http2Exception INTERNAL_ERROR if an unexpected failure broke the connection
     */
    public void sendHeaders(int streamId, List<Header> headers, boolean endStream) throws Http2Exception {
        ops.sendHeaders(streamId, headers, endStream);
    }

    /**
     * Sends body bytes within the peer's windows and queues what does not fit, up to
     * {@link Http2Config#maxQueuedDataBytes()} over all streams; what exceeds that stays in
     * {@code data} (then wait for {@link Http2Listener#onWindowUpdate}). END_STREAM is sent only once
     * all of {@code data} was accepted.
     *
     * @param streamId the stream
     * @param data the bytes; its position advances over every byte accepted (framed or queued)
     * @param endStream end our side after these bytes
     * @return the number of bytes that fitted in the windows and were framed at once
     * @throws IllegalStateException if the state forbids sending DATA (e.g. HALF_CLOSED_LOCAL)
     * @throws Http2Exception INTERNAL_ERROR if an unexpected failure broke the connection
     */
    public int sendData(int streamId, ByteBuffer data, boolean endStream) throws Http2Exception {
        return ops.sendData(streamId, data, endStream);
    }

    /**
     * Ends a stream with a trailer section, after any queued body bytes.
     *
     * @param streamId the stream
     * @param trailers the fields (no pseudo-fields)
     * @throws IllegalStateException if the state forbids sending HEADERS
     * @throws Http2Exception INTERNAL_ERROR if an unexpected failure broke the connection
     */
    public void sendTrailers(int streamId, List<Header> trailers) throws Http2Exception {
        ops.sendTrailers(streamId, trailers);
    }

    /**
     * Resets a stream with RST_STREAM. Does nothing if the stream is already closed (its close may
     * have raced with the call) or the connection failed.
     *
     * @param streamId the stream
     * @param code the reason
     * @throws IllegalStateException if the stream is idle
     * @throws Http2Exception INTERNAL_ERROR if an unexpected failure broke the connection
     */
    public void reset(int streamId, ErrorCode code) throws Http2Exception {
        ops.reset(streamId, code);
    }

    /**
     * Sends GOAWAY with the highest peer stream id seen. With {@link ErrorCode#NO_ERROR} this is a
     * graceful shutdown: existing streams finish; otherwise the connection is CLOSED at once. A second
     * call does nothing.
     *
     * @param code the reason
     */
    public void goAway(ErrorCode code) {
        if (e.goAwaySent || e.closed) {
            return;
        }
        e.sendGoAway(code);
    }

    /**
     * Sends a PING; the answer arrives as {@link Http2Listener#onPingAck}.
     *
     * @param opaqueData the 8 octets to echo
     */
    public void ping(long opaqueData) {
        HostOps.requireUsable(e, "ping");
        e.sendPing(opaqueData);
    }

    /**
     * Reports body bytes the application has used, so that the windows are replenished (only needed
     * when {@link Http2Config#autoWindowUpdate()} is false; harmless otherwise for streams gone).
     *
     * @param streamId the stream the bytes came from
     * @param bytes how many
     */
    public void consumed(int streamId, int bytes) {
        e.consumed(streamId, bytes);
    }

    /**
     * The state of any stream id: registered streams by their state, others idle or closed by id.
     *
     * @param streamId the stream
     * @return the state
     */
    public StreamState streamState(int streamId) {
        return e.stateOf(streamId);
    }

    /** {@return true once the peer's first SETTINGS arrived} */
    public boolean peerSettingsReceived() {
        return e.peerSettingsReceived;
    }

    /** {@return true once the peer sent SETTINGS_ENABLE_CONNECT_PROTOCOL = 1: requests may carry :protocol (RFC 8441)} */
    public boolean peerEnablesConnectProtocol() {
        return e.peerEnablesConnectProtocol;
    }

    /** {@return the peer's SETTINGS_MAX_CONCURRENT_STREAMS, {@code Long.MAX_VALUE} until set} */
    public long peerMaxConcurrentStreams() {
        return e.peerMaxConcurrentStreams;
    }

    /** {@return the peer's SETTINGS_MAX_FRAME_SIZE} */
    public int peerMaxFrameSize() {
        return e.peerMaxFrameSize;
    }

    /** {@return open streams (not idle, not closed) that we initiated} */
    public int localStreams() {
        return e.streams.localCount();
    }

    /** {@return open streams (not idle, not closed) that the peer initiated} */
    public int remoteStreams() {
        return e.streams.remoteCount();
    }

    /**
     * The ids we may still initiate: our parity up to 2^31−1 exactly (RFC 9113 §5.1.1).
     *
     * @return how many new streams the id space still allows, 0 once 2^31−1 was used
     */
    public int streamsLeft() {
        return ops.streamsLeft();
    }

    /** {@return the id the next locally initiated stream gets} */
    public long nextStreamId() {
        return e.nextLocalId;
    }

    /** Test hook: sets the next id we initiate (must be of our parity and not lower). */
    void nextStreamId(long id) {
        if (id < e.nextLocalId || (id & 1) != (e.nextLocalId & 1)) {
            throw new IllegalArgumentException("next stream id " + id);
        }
        e.nextLocalId = id;
    }

    /** {@return true once we sent GOAWAY} */
    public boolean goAwaySent() {
        return e.goAwaySent;
    }

    /** {@return true once the peer sent GOAWAY} */
    public boolean goAwayReceived() {
        return e.goAwayReceived;
    }

    /** {@return the last-stream-id of the received GOAWAY, 2^31−1 if none} */
    public int goAwayLastStreamId() {
        return e.goAwayReceivedLastId;
    }

    /** {@return the highest stream id the peer initiated} */
    public int lastPeerStreamId() {
        return e.lastPeerStreamId;
    }

    /** {@return the connection error that closed the connection, or {@code null}} */
    public Http2Exception failure() {
        return e.failure;
    }

    /** {@return true while DATA bytes are queued waiting for the peer to open a window} */
    public boolean sendStalled() {
        return e.sendStalled();
    }

    /** {@return DATA bytes queued over all streams} */
    public int queuedDataBytes() {
        return e.queuedDataBytes();
    }

    /** {@return the bytes we may send on the connection before the peer's next WINDOW_UPDATE} */
    public int connectionSendWindow() {
        return e.connSendWindow();
    }

    /**
     * The peer's send window for one of our streams.
     *
     * @param streamId the stream
     * @return the window, or 0 if the stream is not open
     */
    public int streamSendWindow(int streamId) {
        H2Stream s = e.streams.get(streamId);
        return s == null ? 0 : s.sendWindow();
    }

    /**
     * What the peer may still send on a stream.
     *
     * @param streamId the stream
     * @return the window, or 0 if the stream is not open
     */
    public int streamReceiveWindow(int streamId) {
        H2Stream s = e.streams.get(streamId);
        return s == null ? 0 : s.recvWindow();
    }

    @Override
    public String toString() {
        return "Http2Connection{" + e.role + "," + state() + ",local=" + localStreams() + ",remote="
                + remoteStreams() + ",next=" + e.nextLocalId + ",pending=" + pendingOutbound() + "}";
    }
}
