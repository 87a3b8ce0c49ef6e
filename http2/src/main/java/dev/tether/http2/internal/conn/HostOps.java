package dev.tether.http2.internal.conn;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Header;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.Role;
import dev.tether.http2.StreamState;
import dev.tether.http2.frame.Frame;
import dev.tether.http2.internal.stream.StreamEvent;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The stream operations the host calls on a connection: argument and state checks (host misuse is an
 * {@link IllegalStateException} naming the state), then the send, behind a backstop that turns an
 * unexpected RuntimeException into an INTERNAL_ERROR connection failure.
 *
 * <p>Invariants: every check runs before any state changes, so a rejected call leaves the connection
 * as it was; header chars above 0xFF are rejected before the HPACK encoder sees them.
 *
 * <p>Thread safety: confined to its connection's thread.
 */
@NotThreadSafe
public final class HostOps {
    private final Engine e;

    public HostOps(Engine e) {
        this.e = e;
    }

    public int newStream(List<Header> headers, boolean endStream) throws Http2Exception {
        if (e.role != Role.CLIENT) {
            throw new IllegalStateException("newStream in role SERVER");
        }
        requireUsable(e, "newStream");
        if (e.goAwaySent || e.goAwayReceived) {
            throw new IllegalStateException("newStream after GOAWAY");
        }
        if (streamsLeft() == 0) {
            throw new IllegalStateException("newStream with stream ids exhausted");
        }
        if (e.streams.localCount() >= e.peerMaxConcurrentStreams) {
            throw new IllegalStateException("newStream at peer SETTINGS_MAX_CONCURRENT_STREAMS "
                    + e.peerMaxConcurrentStreams);
        }
        checkChars(headers);
        if (!e.peerEnablesConnectProtocol && hasProtocol(headers)) {
            // RFC 8441 §3: extended CONNECT only once the peer's SETTINGS enabled it.
            throw new IllegalStateException("newStream with :protocol before SETTINGS_ENABLE_CONNECT_PROTOCOL = 1");
        }
        try {
            int id = (int) e.nextLocalId;
            e.nextLocalId += 2;
            H2Stream s = e.register(id, true, StreamState.IDLE);
            s.headRequest = isHead(headers);
            e.data.headers(s, headers, endStream, null);
            return id;
        } catch (RuntimeException ex) {
            throw e.fail(internal(ex));
        }
    }

    public void sendHeaders(int streamId, List<Header> headers, boolean endStream) throws Http2Exception {
        H2Stream s = requireStream(streamId, StreamEvent.SEND_HEADERS);
        if (s.queuedBytes() > 0) {
            throw new IllegalStateException("send HEADERS while DATA is queued in state " + s.state);
        }
        checkChars(headers);
        try {
            e.data.headers(s, headers, endStream, null);
        } catch (RuntimeException ex) {
            throw e.fail(internal(ex));
        }
    }

    public int sendData(int streamId, ByteBuffer data, boolean endStream) throws Http2Exception {
        H2Stream s = requireStream(streamId, StreamEvent.SEND_DATA);
        try {
            return e.data.send(s, data, endStream, null);
        } catch (RuntimeException ex) {
            throw e.fail(internal(ex));
        }
    }

    public void sendTrailers(int streamId, List<Header> trailers) throws Http2Exception {
        H2Stream s = requireStream(streamId, StreamEvent.SEND_HEADERS);
        checkChars(trailers);
        try {
            e.data.trailers(s, trailers, null);
        } catch (RuntimeException ex) {
            throw e.fail(internal(ex));
        }
    }

    public void reset(int streamId, ErrorCode code) throws Http2Exception {
        if (e.closed || e.streams.get(streamId) == null) {
            if (!e.closed && e.virtualState(streamId) == StreamState.IDLE) {
                throw new IllegalStateException("send RST_STREAM in state IDLE");
            }
            return;
        }
        try {
            e.resetStream(streamId, code, null, false);
        } catch (RuntimeException ex) {
            throw e.fail(internal(ex));
        }
    }

    /** {@return the ids of our parity still unused up to 2^31−1 (RFC 9113 §5.1.1)} */
    public int streamsLeft() {
        long next = e.nextLocalId;
        return next > Frame.MAX_STREAM_ID ? 0 : (int) ((Frame.MAX_STREAM_ID - next) / 2 + 1);
    }

    private static boolean isHead(List<Header> headers) {
        for (int i = 0; i < headers.size(); i++) {
            Header h = headers.get(i);
            if (h.name().equals(":method")) {
                return h.value().equals("HEAD");
            }
        }
        return false;
    }

    /** Wraps an unexpected exception as an INTERNAL_ERROR connection error with its cause. */
    public static Http2Exception internal(RuntimeException ex) {
        return new Http2Exception(ErrorCode.INTERNAL_ERROR, Http2Exception.Scope.CONNECTION, 0,
                "unexpected " + ex, ex);
    }

    public static void requireUsable(Engine e, String what) {
        if (e.closed) {
            throw new IllegalStateException(what + " in state CLOSED");
        }
    }

    private H2Stream requireStream(int id, StreamEvent ev) {
        if (e.closed) { // the message is made only when it is thrown: a send is on every request's path
            requireUsable(e, "send " + ev.frameName());
        }
        H2Stream s = e.streams.get(id);
        if (s == null) {
            throw new IllegalStateException("send " + ev.frameName() + " in state " + e.virtualState(id));
        }
        Engine.checkSendAllowed(s, ev);
        return s;
    }

    private static boolean hasProtocol(List<Header> headers) {
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).name().equals(":protocol")) {
                return true;
            }
        }
        return false;
    }

    private static void checkChars(List<Header> headers) {
        for (int i = 0; i < headers.size(); i++) {
            Header h = headers.get(i);
            checkOctets(h.name());
            checkOctets(h.value());
        }
    }

    private static void checkOctets(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) {
                throw new IllegalArgumentException("field char above 0xFF at index " + i);
            }
        }
    }
}
