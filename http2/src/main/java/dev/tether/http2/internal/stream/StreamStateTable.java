package dev.tether.http2.internal.stream;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Http2Exception.Scope;
import dev.tether.http2.StreamState;

import static dev.tether.http2.StreamState.CLOSED;
import static dev.tether.http2.StreamState.HALF_CLOSED_LOCAL;
import static dev.tether.http2.StreamState.HALF_CLOSED_REMOTE;
import static dev.tether.http2.StreamState.IDLE;
import static dev.tether.http2.StreamState.OPEN;
import static dev.tether.http2.StreamState.RESERVED_LOCAL;
import static dev.tether.http2.StreamState.RESERVED_REMOTE;
import static dev.tether.http2.internal.stream.StreamEvent.RECV_END_STREAM;
import static dev.tether.http2.internal.stream.StreamEvent.RECV_HEADERS;
import static dev.tether.http2.internal.stream.StreamEvent.RECV_PRIORITY;
import static dev.tether.http2.internal.stream.StreamEvent.RECV_PUSH_PROMISE;
import static dev.tether.http2.internal.stream.StreamEvent.RECV_RST_STREAM;
import static dev.tether.http2.internal.stream.StreamEvent.RECV_WINDOW_UPDATE;
import static dev.tether.http2.internal.stream.StreamEvent.SEND_END_STREAM;
import static dev.tether.http2.internal.stream.StreamEvent.SEND_HEADERS;
import static dev.tether.http2.internal.stream.StreamEvent.SEND_PRIORITY;
import static dev.tether.http2.internal.stream.StreamEvent.SEND_PUSH_PROMISE;
import static dev.tether.http2.internal.stream.StreamEvent.SEND_RST_STREAM;
import static dev.tether.http2.internal.stream.StreamEvent.SEND_WINDOW_UPDATE;

/**
 * The stream state machine of RFC 9113 §5.1 as a table indexed by (state, event).
 *
 * <p>Invariants: the table lists every allowed pair with its next state. Every pair not listed
 * yields its default: a send is host misuse; a receive is a connection PROTOCOL_ERROR in the idle and
 * reserved states (§5.1: "any frame other than ..."), a stream error STREAM_CLOSED in half-closed
 * (remote) (§5.1), and a stream error STREAM_CLOSED in closed (§5.1, §6.1; the connection refines
 * closed streams by how they closed, see {@code ClosedStreams}). PUSH_PROMISE events concern the
 * promised stream: receiving one for a stream that is not idle is a connection PROTOCOL_ERROR.
 *
 * <p>Thread safety: immutable after class initialisation.
 */
@ThreadSafe
public final class StreamStateTable {
    private static final Transition[][] TABLE = build();

    private StreamStateTable() {
    }

    /**
     * Looks up a pair.
     *
     * @param state the current state
     * @param event the event
     * @return the cell, never {@code null}
     */
    public static Transition lookup(StreamState state, StreamEvent event) {
        return TABLE[state.ordinal()][event.ordinal()];
    }

    private static Transition[][] build() {
        Transition[][] t = new Transition[StreamState.values().length][StreamEvent.values().length];
        // idle
        allow(t, IDLE, SEND_HEADERS, OPEN);
        allow(t, IDLE, RECV_HEADERS, OPEN);
        allow(t, IDLE, SEND_PUSH_PROMISE, RESERVED_LOCAL);
        allow(t, IDLE, RECV_PUSH_PROMISE, RESERVED_REMOTE);
        allow(t, IDLE, SEND_PRIORITY, IDLE);
        allow(t, IDLE, RECV_PRIORITY, IDLE);
        // reserved (local)
        allow(t, RESERVED_LOCAL, SEND_HEADERS, HALF_CLOSED_REMOTE);
        allow(t, RESERVED_LOCAL, SEND_RST_STREAM, CLOSED);
        allow(t, RESERVED_LOCAL, RECV_RST_STREAM, CLOSED);
        allow(t, RESERVED_LOCAL, SEND_PRIORITY, RESERVED_LOCAL);
        allow(t, RESERVED_LOCAL, RECV_PRIORITY, RESERVED_LOCAL);
        allow(t, RESERVED_LOCAL, RECV_WINDOW_UPDATE, RESERVED_LOCAL);
        // reserved (remote)
        allow(t, RESERVED_REMOTE, RECV_HEADERS, HALF_CLOSED_LOCAL);
        allow(t, RESERVED_REMOTE, SEND_RST_STREAM, CLOSED);
        allow(t, RESERVED_REMOTE, RECV_RST_STREAM, CLOSED);
        allow(t, RESERVED_REMOTE, SEND_PRIORITY, RESERVED_REMOTE);
        allow(t, RESERVED_REMOTE, RECV_PRIORITY, RESERVED_REMOTE);
        allow(t, RESERVED_REMOTE, SEND_WINDOW_UPDATE, RESERVED_REMOTE);
        buildActive(t);
        fillDefaults(t);
        return t;
    }

    /** Rows of open, half-closed and closed streams. */
    private static void buildActive(Transition[][] t) {
        // open: everything; END_STREAM half-closes
        for (StreamEvent e : StreamEvent.values()) {
            if (!isPush(e)) {
                allow(t, OPEN, e, OPEN);
            }
        }
        allow(t, OPEN, SEND_END_STREAM, HALF_CLOSED_LOCAL);
        allow(t, OPEN, RECV_END_STREAM, HALF_CLOSED_REMOTE);
        allow(t, OPEN, SEND_RST_STREAM, CLOSED);
        allow(t, OPEN, RECV_RST_STREAM, CLOSED);
        // half-closed (local): we may only send WINDOW_UPDATE, PRIORITY, RST_STREAM
        for (StreamEvent e : StreamEvent.values()) {
            if (!e.sending() && !isPush(e)) {
                allow(t, HALF_CLOSED_LOCAL, e, HALF_CLOSED_LOCAL);
            }
        }
        allow(t, HALF_CLOSED_LOCAL, RECV_END_STREAM, CLOSED);
        allow(t, HALF_CLOSED_LOCAL, RECV_RST_STREAM, CLOSED);
        allow(t, HALF_CLOSED_LOCAL, SEND_RST_STREAM, CLOSED);
        allow(t, HALF_CLOSED_LOCAL, SEND_WINDOW_UPDATE, HALF_CLOSED_LOCAL);
        allow(t, HALF_CLOSED_LOCAL, SEND_PRIORITY, HALF_CLOSED_LOCAL);
        // half-closed (remote): the peer may only send WINDOW_UPDATE, PRIORITY, RST_STREAM
        for (StreamEvent e : StreamEvent.values()) {
            if (e.sending() && !isPush(e)) {
                allow(t, HALF_CLOSED_REMOTE, e, HALF_CLOSED_REMOTE);
            }
        }
        allow(t, HALF_CLOSED_REMOTE, SEND_END_STREAM, CLOSED);
        allow(t, HALF_CLOSED_REMOTE, SEND_RST_STREAM, CLOSED);
        allow(t, HALF_CLOSED_REMOTE, RECV_RST_STREAM, CLOSED);
        allow(t, HALF_CLOSED_REMOTE, RECV_WINDOW_UPDATE, HALF_CLOSED_REMOTE);
        allow(t, HALF_CLOSED_REMOTE, RECV_PRIORITY, HALF_CLOSED_REMOTE);
        // closed: PRIORITY always; WINDOW_UPDATE and RST_STREAM tolerated (§5.1 "short period")
        allow(t, CLOSED, SEND_PRIORITY, CLOSED);
        allow(t, CLOSED, RECV_PRIORITY, CLOSED);
        allow(t, CLOSED, RECV_WINDOW_UPDATE, CLOSED);
        allow(t, CLOSED, RECV_RST_STREAM, CLOSED);
    }

    private static boolean isPush(StreamEvent e) {
        return e == SEND_PUSH_PROMISE || e == RECV_PUSH_PROMISE;
    }

    private static void allow(Transition[][] t, StreamState s, StreamEvent e, StreamState next) {
        t[s.ordinal()][e.ordinal()] = Transition.to(next);
    }

    private static void fillDefaults(Transition[][] t) {
        for (StreamState s : StreamState.values()) {
            for (StreamEvent e : StreamEvent.values()) {
                if (t[s.ordinal()][e.ordinal()] == null) {
                    t[s.ordinal()][e.ordinal()] = defaultFor(s, e);
                }
            }
        }
    }

    private static Transition defaultFor(StreamState s, StreamEvent e) {
        if (e.sending()) {
            return Transition.hostMisuse();
        }
        if (e == RECV_PUSH_PROMISE) {
            // RFC 9113 §6.6: a promised stream that is not idle is a connection error PROTOCOL_ERROR.
            return Transition.fail(ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
        }
        return switch (s) {
            // RFC 9113 §5.1 idle/reserved: any other frame is a connection error PROTOCOL_ERROR.
            case IDLE, RESERVED_LOCAL, RESERVED_REMOTE -> Transition.fail(ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
            // RFC 9113 §5.1 half-closed (remote) and closed: a stream error STREAM_CLOSED.
            case HALF_CLOSED_REMOTE, CLOSED -> Transition.fail(ErrorCode.STREAM_CLOSED, Scope.STREAM);
            default -> throw new IllegalStateException("no default for " + s + " " + e);
        };
    }
}
