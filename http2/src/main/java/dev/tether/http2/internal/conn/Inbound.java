package dev.tether.http2.internal.conn;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Header;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.Http2Listener;
import dev.tether.http2.Role;
import dev.tether.http2.StreamState;
import dev.tether.http2.frame.ContinuationFrame;
import dev.tether.http2.frame.DataFrame;
import dev.tether.http2.frame.GoAwayFrame;
import dev.tether.http2.frame.HeadersFrame;
import dev.tether.http2.frame.PingFrame;
import dev.tether.http2.frame.PriorityFrame;
import dev.tether.http2.frame.PushPromiseFrame;
import dev.tether.http2.frame.RstStreamFrame;
import dev.tether.http2.frame.SettingsFrame;
import dev.tether.http2.frame.UnknownFrame;
import dev.tether.http2.frame.WindowUpdateFrame;
import dev.tether.http2.internal.conn.StreamRegistry.ClosedHow;
import dev.tether.http2.internal.parser.FrameListener;
import dev.tether.http2.internal.stream.StreamEvent;
import dev.tether.http2.internal.stream.StreamStateTable;
import dev.tether.http2.internal.stream.Transition;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Applies each received frame to the connection (RFC 9113 §5, §6) and reports events.
 *
 * <p>Invariants: a header block in progress admits only CONTINUATION frames of its stream (§6.10);
 * the first frame from the peer is a SETTINGS frame (§3.4); every frame on a stream goes through the
 * state table, for registered streams and for idle or closed ones alike; flow-controlled bytes of
 * frames that are dropped are returned to the connection window at once.
 *
 * <p>Thread safety: confined to its connection's thread.
 */
@NotThreadSafe
public final class Inbound implements FrameListener {
    private final Engine e;
    private final HeaderBlockReader blocks;
    private final SettingsHandler settings;
    private Http2Listener l;

    public Inbound(Engine e) {
        this.e = e;
        this.blocks = new HeaderBlockReader(e.decoder, e.config);
        this.settings = new SettingsHandler(e);
    }

    /** Sets the listener of the current {@code onBytes} call. */
    public void listener(Http2Listener listener) {
        this.l = listener;
    }

    private void frameArrived(int type) throws Http2Exception {
        e.framesReceived++;
        if (blocks.inProgress() && type != 0x9) {
            // RFC 9113 §6.10: any other frame inside a header block is a connection PROTOCOL_ERROR.
            throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, blocks.streamId(), "header block interrupted");
        }
        if (!e.peerSettingsReceived && type != 0x4) {
            // RFC 9113 §3.4: the peer's preface is a SETTINGS frame.
            throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "first frame is not SETTINGS");
        }
    }

    @Override
    public void onHeaders(HeadersFrame f) throws Http2Exception {
        frameArrived(0x1);
        if (f.priority() != null && f.priority().streamDependency() == f.streamId()) {
            // RFC 9113 §5.3.1: a stream cannot depend on itself. Decode the block first (HPACK sync).
            blocks.begin(f.streamId(), f.endStream(), f.fragment());
            blocks.finish();
            throw Http2Exception.stream(ErrorCode.PROTOCOL_ERROR, f.streamId(), "stream depends on itself");
        }
        blocks.begin(f.streamId(), f.endStream(), f.fragment());
        if (f.endHeaders()) {
            headerBlockDone();
        }
    }

    @Override
    public void onContinuation(ContinuationFrame f) throws Http2Exception {
        frameArrived(0x9);
        blocks.continueWith(f.streamId(), f.fragment());
        if (f.endHeaders()) {
            headerBlockDone();
        }
    }

    private void headerBlockDone() throws Http2Exception {
        int id = blocks.streamId();
        boolean endStream = blocks.endStream();
        List<Header> fields = blocks.finish();
        H2Stream s = e.streams.get(id);
        if (s == null) {
            s = openByPeer(id);
            if (s == null) {
                return;
            }
        } else {
            e.applyRecv(s, StreamEvent.RECV_HEADERS, l);
        }
        deliverHead(s, fields, endStream);
    }

    /** A header block for a stream that is not registered: a new peer stream, or idle/closed rules. */
    private H2Stream openByPeer(int id) throws Http2Exception {
        StreamState v = e.virtualState(id);
        if (v == StreamState.CLOSED) {
            closedStreamFrame(id, StreamEvent.RECV_HEADERS, 0);
            return null;
        }
        if (!e.isPeerInitiated(id) || e.role == Role.CLIENT) {
            // RFC 9113 §5.1.1, §8.4: a server opens no stream with HEADERS; nobody opens ours.
            throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, id, "HEADERS opening stream " + id);
        }
        e.lastPeerStreamId = id;
        if (e.goAwaySent && id > e.goAwaySentLastId) {
            return null; // RFC 9113 §6.8: streams above our GOAWAY's last id are ignored.
        }
        if (e.streams.remoteCount() >= e.config.maxConcurrentStreams()) {
            // RFC 9113 §5.1.2: beyond our SETTINGS_MAX_CONCURRENT_STREAMS: refused.
            e.streams.remember(id, ClosedHow.RESET_SENT);
            throw Http2Exception.stream(ErrorCode.REFUSED_STREAM, id, "concurrent stream limit "
                    + e.config.maxConcurrentStreams());
        }
        if (++e.peerStreamsInWindow > e.config.rapidResetStreamWindow()) {
            e.peerStreamsInWindow = 1;
            e.rapidResets = 0;
        }
        H2Stream s = e.register(id, false, StreamState.IDLE);
        s.openedAtFrame = e.framesReceived;
        e.applyRecv(s, StreamEvent.RECV_HEADERS, l);
        return s;
    }

    private void deliverHead(H2Stream s, List<Header> fields, boolean endStream) throws Http2Exception {
        boolean request = e.role == Role.SERVER;
        boolean trailers = request ? s.anyHeadReceived : s.finalHeadReceived;
        if (trailers && !endStream) {
            // RFC 9113 §8.1: a trailer section must end the stream.
            throw Http2Exception.stream(ErrorCode.PROTOCOL_ERROR, s.id, "trailers without END_STREAM");
        }
        int status = HeaderValidator.validate(fields, request, trailers, s.id, e.config.enableConnectProtocol());
        boolean informational = status >= 100 && status < 200;
        if (!request && !trailers) {
            if (informational && endStream) {
                throw Http2Exception.stream(ErrorCode.PROTOCOL_ERROR, s.id, "1xx with END_STREAM");
            }
            s.finalHeadReceived = !informational;
        }
        if (trailers) {
            ContentLength.end(s);
        } else if (!informational) {
            ContentLength.declare(s, fields, status, endStream);
        }
        s.anyHeadReceived = true;
        if (trailers) {
            l.onTrailers(s.id, fields);
        } else {
            l.onHeaders(s.id, fields, endStream);
        }
        if (endStream && s.state != StreamState.CLOSED) {
            e.applyRecv(s, StreamEvent.RECV_END_STREAM, l);
        }
    }

    /**
     * A frame for a stream that is idle or closed and not registered. Applies the table to the
     * virtual state, then refines closed streams by how they closed (RFC 9113 §5.1).
     *
     * @param returnBytes flow-controlled bytes to give back to the connection window
     */
    private void closedStreamFrame(int id, StreamEvent ev, int returnBytes) throws Http2Exception {
        e.consumed(0, returnBytes);
        StreamState v = e.virtualState(id);
        Transition t = StreamStateTable.lookup(v, ev);
        if (t.allowed()) {
            return;
        }
        if (v == StreamState.IDLE) {
            throw new Http2Exception(t.error(), t.scope(), id, "received " + ev.frameName() + " on idle stream", null);
        }
        switch (e.streams.closedHow(id)) {
            case RESET_SENT:
                return; // §5.1: frames in flight after our RST_STREAM are ignored.
            case END_STREAM_RECEIVED:
                throw Http2Exception.connection(ErrorCode.STREAM_CLOSED, id,
                        "received " + ev.frameName() + " after END_STREAM");
            case RESET_RECEIVED:
                throw Http2Exception.stream(ErrorCode.STREAM_CLOSED, id, "received " + ev.frameName() + " after RST_STREAM");
            default:
                if (ev == StreamEvent.RECV_HEADERS && e.isPeerInitiated(id)) {
                    // RFC 9113 §5.1.1: a new stream id lower than one already used.
                    throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, id, "stream id " + id + " reused");
                }
                throw Http2Exception.stream(ErrorCode.STREAM_CLOSED, id, "received " + ev.frameName() + " on closed stream");
        }
    }

    @Override
    public void onData(DataFrame f) throws Http2Exception {
        frameArrived(0x0);
        int len = f.flowControlledLength();
        if (len > e.connRecvWindow) {
            // RFC 9113 §6.9.1: exceeding the connection window is a connection FLOW_CONTROL_ERROR.
            throw Http2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR, f.streamId(), "connection window exceeded");
        }
        e.connRecvWindow -= len;
        checkEmptyData(f);
        H2Stream s = e.streams.get(f.streamId());
        if (s == null) {
            closedStreamFrame(f.streamId(), StreamEvent.RECV_DATA, len);
            return;
        }
        Transition t = StreamStateTable.lookup(s.state, StreamEvent.RECV_DATA);
        if (!t.allowed() || len > s.recvWindow) {
            e.consumed(0, len);
            if (!t.allowed()) {
                e.applyRecv(s, StreamEvent.RECV_DATA, l);
            }
            throw Http2Exception.stream(ErrorCode.FLOW_CONTROL_ERROR, s.id, "stream window exceeded");
        }
        s.recvWindow -= len;
        try {
            ContentLength.data(s, f.dataLength(), f.endStream());
        } catch (Http2Exception malformed) {
            e.consumed(0, len); // dropped: its bytes go back to the connection window
            throw malformed;
        }
        int padding = len - f.dataLength();
        ByteBuffer data = f.data();
        l.onData(s.id, data, f.endStream());
        if (f.endStream() && s.state != StreamState.CLOSED) {
            e.applyRecv(s, StreamEvent.RECV_END_STREAM, l);
        }
        // Padding is never seen by the application: return it at once.
        e.consumed(s.id, e.config.autoWindowUpdate() ? len : padding);
    }

    private void checkEmptyData(DataFrame f) throws Http2Exception {
        if (f.flowControlledLength() == 0 && !f.endStream()) {
            if (++e.emptyDataFrames > e.config.maxEmptyDataFrames()) {
                throw Http2Exception.connection(ErrorCode.ENHANCE_YOUR_CALM, f.streamId(),
                        "more than " + e.config.maxEmptyDataFrames() + " empty DATA frames");
            }
        } else {
            e.emptyDataFrames = 0;
        }
    }

    @Override
    public void onPriority(PriorityFrame f) throws Http2Exception {
        frameArrived(0x2);
        if (f.priority().streamDependency() == f.streamId()) {
            // RFC 9113 §5.3.1: self-dependency is a stream error PROTOCOL_ERROR.
            throw Http2Exception.stream(ErrorCode.PROTOCOL_ERROR, f.streamId(), "stream depends on itself");
        }
        // RFC 9113 §5.3.2: priority signals are read and ignored; allowed in every state.
    }

    @Override
    public void onRstStream(RstStreamFrame f) throws Http2Exception {
        frameArrived(0x3);
        H2Stream s = e.streams.get(f.streamId());
        if (s == null) {
            closedStreamFrame(f.streamId(), StreamEvent.RECV_RST_STREAM, 0);
            return;
        }
        if (!s.local) {
            countRapidReset(s);
        }
        ErrorCode code = f.error();
        l.onStreamReset(s.id, code, true);
        e.applyRecv(s, StreamEvent.RECV_RST_STREAM, l);
    }

    private void countRapidReset(H2Stream s) throws Http2Exception {
        // Rapid reset (CVE-2023-44487): a reset soon after the stream's HEADERS, before our answer.
        if (!s.headSent || e.framesReceived - s.openedAtFrame <= e.config.rapidResetFrameWindow()) {
            if (++e.rapidResets > e.config.maxRapidResets()) {
                throw Http2Exception.connection(ErrorCode.ENHANCE_YOUR_CALM, s.id,
                        "more than " + e.config.maxRapidResets() + " streams reset right after opening");
            }
        }
    }

    @Override
    public void onSettings(SettingsFrame f) throws Http2Exception {
        frameArrived(0x4);
        settings.apply(f, l);
    }

    @Override
    public void onPushPromise(PushPromiseFrame f) throws Http2Exception {
        frameArrived(0x5);
        // RFC 9113 §6.6, §8.4: our client disables push; a server never receives PUSH_PROMISE.
        throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, f.streamId(), "PUSH_PROMISE received");
    }

    @Override
    public void onPing(PingFrame f) throws Http2Exception {
        frameArrived(0x6);
        if (f.ack()) {
            l.onPingAck(f.opaqueData());
            return;
        }
        e.out.owe();
        e.out.ping(true, f.opaqueData());
    }

    @Override
    public void onGoAway(GoAwayFrame f) throws Http2Exception {
        frameArrived(0x7);
        new GoAwayHandler(e).apply(f, l);
    }

    @Override
    public void onWindowUpdate(WindowUpdateFrame f) throws Http2Exception {
        frameArrived(0x8);
        int inc = f.increment();
        if (f.streamId() == 0) {
            if ((long) e.connSendWindow + inc > Integer.MAX_VALUE) {
                // RFC 9113 §6.9.1: a window above 2^31-1 is a connection FLOW_CONTROL_ERROR.
                throw Http2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR, "connection window overflow");
            }
            e.connSendWindow += inc;
        } else {
            H2Stream s = e.streams.get(f.streamId());
            if (s == null) {
                closedStreamFrame(f.streamId(), StreamEvent.RECV_WINDOW_UPDATE, 0);
                return;
            }
            e.applyRecv(s, StreamEvent.RECV_WINDOW_UPDATE, l);
            if ((long) s.sendWindow + inc > Integer.MAX_VALUE) {
                // RFC 9113 §6.9.1: on a stream, a stream FLOW_CONTROL_ERROR.
                throw Http2Exception.stream(ErrorCode.FLOW_CONTROL_ERROR, s.id, "stream window overflow");
            }
            s.sendWindow += inc;
        }
        l.onWindowUpdate(f.streamId(), inc);
        e.data.flushAll(l);
    }

    @Override
    public void onUnknown(UnknownFrame f) throws Http2Exception {
        // RFC 9113 §4.1, §5.5: unknown types are ignored (but not inside a header block).
        frameArrived(f.type());
    }
}
