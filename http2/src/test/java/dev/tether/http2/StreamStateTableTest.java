package dev.tether.http2;

import dev.tether.http2.frame.PriorityFrame;
import dev.tether.http2.frame.Priority;
import dev.tether.http2.frame.RstStreamFrame;
import dev.tether.http2.frame.WindowUpdateFrame;
import dev.tether.http2.internal.stream.StreamEvent;
import dev.tether.http2.internal.stream.StreamStateTable;
import dev.tether.http2.internal.stream.Transition;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exhaustive (state, event) test: for every state and event the expected outcome is computed
 * from {@link StreamStateTable} and checked against a real connection driven by real frames
 * (receive events, server role) or by the send API (send events, client role).
 */
class StreamStateTableTest {
    /** What a connection did with one event: the new state, an error, or host misuse. */
    record Outcome(StreamState state, ErrorCode error, Http2Exception.Scope scope, boolean misuse) {
    }

    static final StreamState[] REACHABLE = {StreamState.IDLE, StreamState.OPEN, StreamState.HALF_CLOSED_LOCAL,
            StreamState.HALF_CLOSED_REMOTE, StreamState.CLOSED};

    /** Folds the table over the events one frame or call carries. */
    static Outcome expected(StreamState s, StreamEvent... events) {
        for (StreamEvent ev : events) {
            Transition t = StreamStateTable.lookup(s, ev);
            if (t.misuse()) {
                return new Outcome(null, null, null, true);
            }
            if (!t.allowed()) {
                return new Outcome(null, t.error(), t.scope(), false);
            }
            s = t.next();
        }
        return new Outcome(s, null, null, false);
    }

    @Test
    void everyTableCellIsDefined() {
        for (StreamState s : StreamState.values()) {
            for (StreamEvent ev : StreamEvent.values()) {
                Transition t = StreamStateTable.lookup(s, ev);
                int kinds = (t.allowed() ? 1 : 0) + (t.error() != null ? 1 : 0) + (t.misuse() ? 1 : 0);
                assertThat(kinds).as("%s %s", s, ev).isEqualTo(1);
                assertThat(t.misuse()).as("%s %s", s, ev).isEqualTo(ev.sending() && !t.allowed());
            }
        }
        // Reserved states are reached only through push, which this implementation neither sends nor
        // accepts; their rows are checked here against RFC 9113 §5.1 directly.
        assertThat(StreamStateTable.lookup(StreamState.RESERVED_LOCAL, StreamEvent.SEND_HEADERS).next())
                .isEqualTo(StreamState.HALF_CLOSED_REMOTE);
        assertThat(StreamStateTable.lookup(StreamState.RESERVED_REMOTE, StreamEvent.RECV_HEADERS).next())
                .isEqualTo(StreamState.HALF_CLOSED_LOCAL);
        assertThat(StreamStateTable.lookup(StreamState.RESERVED_REMOTE, StreamEvent.RECV_DATA).scope())
                .isEqualTo(Http2Exception.Scope.CONNECTION);
        assertThat(StreamStateTable.lookup(StreamState.RESERVED_LOCAL, StreamEvent.RECV_RST_STREAM).next())
                .isEqualTo(StreamState.CLOSED);
    }

    @Test
    void everyReceiveEventInEveryReachableStateBehavesAsTheTableSays() throws Exception {
        List<String> checked = new ArrayList<>();
        for (StreamState s : REACHABLE) {
            for (StreamEvent ev : StreamEvent.values()) {
                if (ev.sending() || ev == StreamEvent.RECV_PUSH_PROMISE) {
                    continue;
                }
                Outcome want = expected(s, recvEvents(s, ev));
                Outcome got = driveReceive(s, ev);
                assertThat(got).as("%s + %s", s, ev).isEqualTo(want);
                checked.add(s + "+" + ev);
            }
        }
        assertThat(checked).hasSize(REACHABLE.length * 6);
    }

    @Test
    void pushPromiseIsAlwaysAConnectionProtocolErrorBecausePushIsNeverEnabled() throws Exception {
        for (StreamState s : REACHABLE) {
            Http2Connection server = serverIn(s);
            Outcome got = receive(server, new Wire().raw(0x5, 0x4, 1, new byte[] {0, 0, 0, 2}).take());
            assertThat(got).as("%s", s).isEqualTo(new Outcome(null, ErrorCode.PROTOCOL_ERROR,
                    Http2Exception.Scope.CONNECTION, false));
        }
    }

    @Test
    void everySendEventInEveryReachableStateBehavesAsTheTableSays() throws Exception {
        for (StreamState s : REACHABLE) {
            for (StreamEvent ev : new StreamEvent[] {StreamEvent.SEND_HEADERS, StreamEvent.SEND_DATA,
                    StreamEvent.SEND_END_STREAM, StreamEvent.SEND_RST_STREAM}) {
                Outcome want = expected(s, sendEvents(ev));
                if (ev == StreamEvent.SEND_RST_STREAM && s == StreamState.CLOSED) {
                    // Documented leniency: resetting a closed stream is a no-op (its close may race).
                    want = new Outcome(StreamState.CLOSED, null, null, false);
                }
                Outcome got = driveSend(s, ev);
                assertThat(got).as("%s + %s", s, ev).isEqualTo(want);
            }
        }
    }

    static StreamEvent[] recvEvents(StreamState s, StreamEvent ev) {
        return switch (ev) {
            case RECV_HEADERS -> s == StreamState.IDLE ? new StreamEvent[] {ev}
                    : new StreamEvent[] {ev, StreamEvent.RECV_END_STREAM};
            case RECV_END_STREAM -> new StreamEvent[] {StreamEvent.RECV_DATA, ev};
            default -> new StreamEvent[] {ev};
        };
    }

    static StreamEvent[] sendEvents(StreamEvent ev) {
        return ev == StreamEvent.SEND_END_STREAM ? new StreamEvent[] {StreamEvent.SEND_DATA, ev}
                : new StreamEvent[] {ev};
    }

    /** A server whose stream 1 is in state {@code s}, reached by real frames. */
    static Http2Connection serverIn(StreamState s) throws Exception {
        Http2Connection server = new Http2Connection(Role.SERVER, Http2Config.defaults());
        Wire w = new Wire().magic().settings().settingsAck();
        switch (s) {
            case OPEN, HALF_CLOSED_LOCAL -> w.headers(1, Wire.REQUEST, false);
            case HALF_CLOSED_REMOTE -> w.headers(1, Wire.REQUEST, true);
            case CLOSED -> w.headers(1, Wire.REQUEST, false).frame(new RstStreamFrame(1, 8));
            default -> { }
        }
        w.to(server, new RecordingListener());
        if (s == StreamState.HALF_CLOSED_LOCAL) {
            server.sendHeaders(1, Wire.RESPONSE, true);
        }
        assertThat(server.streamState(1)).isEqualTo(s);
        Wire.sent(server);
        serverWires.put(server, w);
        return server;
    }

    static final java.util.Map<Http2Connection, Wire> serverWires = new java.util.IdentityHashMap<>();

    static Outcome driveReceive(StreamState s, StreamEvent ev) throws Exception {
        Http2Connection server = serverIn(s);
        Wire w = serverWires.remove(server);
        switch (ev) {
            case RECV_HEADERS -> w.headers(1, s == StreamState.IDLE ? Wire.REQUEST : Wire.TRAILERS, s != StreamState.IDLE);
            case RECV_DATA -> w.data(1, "x", false);
            case RECV_END_STREAM -> w.data(1, "", true);
            case RECV_RST_STREAM -> w.frame(new RstStreamFrame(1, 8));
            case RECV_PRIORITY -> w.frame(new PriorityFrame(1, new Priority(0, false, 16)));
            case RECV_WINDOW_UPDATE -> w.frame(new WindowUpdateFrame(1, 1));
            default -> throw new AssertionError(ev);
        }
        return receive(server, w.take());
    }

    static Outcome receive(Http2Connection c, ByteBuffer in) throws Exception {
        try {
            c.onBytes(in, new RecordingListener());
        } catch (Http2Exception e) {
            assertThat(c.state()).isEqualTo(Http2Connection.State.CLOSED);
            return new Outcome(null, e.errorCode(), e.scope(), false);
        }
        // A stream error shows as the RST_STREAM the connection queued.
        for (dev.tether.http2.frame.Frame f : Wire.sent(c)) {
            if (f instanceof RstStreamFrame r && r.streamId() == 1) {
                return new Outcome(null, r.error(), Http2Exception.Scope.STREAM, false);
            }
        }
        return new Outcome(c.streamState(1), null, null, false);
    }


    /** A client whose first stream is in state {@code s}; returns its id through {@link #clientStream}. */
    static Pair clientIn(StreamState s) throws Exception {
        Pair p = new Pair().pump();
        clientStream = (int) p.client.nextStreamId();
        switch (s) {
            case OPEN -> p.client.newStream(Wire.REQUEST, false);
            case HALF_CLOSED_LOCAL -> p.client.newStream(Wire.REQUEST, true);
            case HALF_CLOSED_REMOTE, CLOSED -> {
                p.client.newStream(Wire.REQUEST, s == StreamState.CLOSED);
                p.pump();
                p.server.sendHeaders(clientStream, Wire.RESPONSE, true);
            }
            default -> { }
        }
        p.pump();
        assertThat(p.client.streamState(clientStream)).isEqualTo(s);
        return p;
    }

    static int clientStream;

    static Outcome driveSend(StreamState s, StreamEvent ev) throws Exception {
        Pair p = clientIn(s);
        int id = clientStream;
        try {
            switch (ev) {
                case SEND_HEADERS -> {
                    if (s == StreamState.IDLE) {
                        p.client.newStream(Wire.REQUEST, false);
                    } else {
                        p.client.sendHeaders(id, Wire.TRAILERS, false);
                    }
                }
                case SEND_DATA -> p.client.sendData(id, ByteBuffer.wrap(new byte[] {1}), false);
                case SEND_END_STREAM -> p.client.sendData(id, ByteBuffer.allocate(0), true);
                case SEND_RST_STREAM -> p.client.reset(id, ErrorCode.CANCEL);
                default -> throw new AssertionError(ev);
            }
        } catch (IllegalStateException e) {
            assertThat(e.getMessage()).contains("in state " + s);
            return new Outcome(null, null, null, true);
        }
        return new Outcome(p.client.streamState(id), null, null, false);
    }
}
