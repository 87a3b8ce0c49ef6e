package dev.tether.examples.origin;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.Endpoint;
import dev.tether.examples.nio.SocketHandler;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Header;
import dev.tether.http2.Http2Config;
import dev.tether.http2.Http2Connection;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.Http2Listener;
import dev.tether.http2.Role;
import dev.tether.http2.StreamState;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The h2c side of the origin: the server role of {@link Http2Connection}; streams are answered as
 * their requests end, bodies are generated within the flow-control windows as the peer opens them.
 * With {@code goawayAfter} or {@code closeAfter} it sends GOAWAY after that many streams and closes
 * once the streams it accepted are answered (nginx's {@code keepalive_requests}).
 *
 * <p>Invariants: {@code bodies} holds exactly the streams whose response body is not fully queued;
 * after GOAWAY no new stream is answered beyond the last-stream-id the codec announced.
 *
 * <p>Thread safety: confined to its loop.
 */
@ThreadConfined("event loop")
final class OriginH2 implements SocketHandler, Http2Listener {
    private final OriginConnection conn;
    private final Endpoint socket;
    /** Advertises RFC 8441 so that {@code /ws/echo} is reachable by extended CONNECT. */
    static final Http2Config CONFIG = Http2Config.builder().enableConnectProtocol(true).build();

    private final Http2Connection h2 = new Http2Connection(Role.SERVER, CONFIG);
    /** Per open request stream: path, via, forwarded-for, method, index on the connection, request id. */
    private final Map<Integer, String[]> requests = new HashMap<>();
    private final Map<Integer, ReceivedBody> requestBodies = new HashMap<>();
    /** Response bodies still to queue. */
    private final OriginH2Bodies bodies;
    /** The streams carrying {@code /ws/echo} (RFC 8441), until they close. */
    private final Map<Integer, OriginH2WebSocket> webSockets = new HashMap<>();
    private int inFlight;
    private boolean goingAway;
    /** {@link Fault#GOAWAY_LOW}: streams above this id are never answered; −1 until then. */
    private int lowLastId = -1;

    OriginH2(OriginConnection conn, Endpoint socket) {
        this.conn = conn;
        this.socket = socket;
        this.bodies = new OriginH2Bodies(h2, conn.loop, conn.config().faults().dripMs(), this::flushOut,
                id -> reset(id, ErrorCode.INTERNAL_ERROR)); // RESET_MID_BODY
    }

    @Override
    public void onRead(ByteBuffer in) {
        try {
            h2.onBytes(in, this);
        } catch (Http2Exception e) {
            // The codec queued its GOAWAY: write it, then close.
            flushOut();
            socket.closeAfterFlush();
            return;
        }
        sweepWebSockets();
        flushOut();
    }

    @Override
    public void onHeaders(int streamId, List<Header> headers, boolean endStream) {
        String path = "/";
        String method = "GET";
        String via = null;
        String xff = null;
        String protocol = null;
        String id = null;
        for (Header h : headers) {
            switch (h.name()) {
                case ":path": path = h.value(); break;
                case ":method": method = h.value(); break;
                case ":protocol": protocol = h.value(); break;
                case "via": via = h.value(); break;
                case "x-forwarded-for": xff = h.value(); break;
                case "x-request-id": id = h.value(); break;
                default: break;
            }
        }
        if (lowLastId >= 0 && streamId > lowLastId) {
            return; // above our GOAWAY's last-stream-id: not processed, the client sends it elsewhere
        }
        conn.busy();
        inFlight++;
        int n = ++conn.requestIndex;
        if ("CONNECT".equals(method)) {
            connect(streamId, protocol, path, n);
            return;
        }
        requests.put(streamId, new String[] {path, via, xff, method, Integer.toString(n), id});
        int limit = conn.config().goawayAfter() > 0 ? conn.config().goawayAfter() : conn.config().closeAfter();
        if (limit > 0 && n >= limit && !goingAway) {
            goingAway = true;
            h2.goAway(ErrorCode.NO_ERROR); // RFC 9113 §6.8: streams up to this one are still answered
        }
        if (endStream) {
            requestEnded(streamId);
        }
    }

    /**
     * An extended CONNECT for {@code websocket} on {@code /ws/echo} opens the echo (200, RFC 8441 §5);
     * another protocol or path is 404, a plain CONNECT 405: the origin is no forward proxy.
     */
    private void connect(int streamId, String protocol, String path, int index) {
        boolean echo = "websocket".equals(protocol) && path.startsWith(WebSocketUpgrade.PATH);
        String status = echo ? "200" : protocol == null ? "405" : "404";
        List<Header> head = List.of(Header.of(":status", status), Header.of("x-conn-id", Long.toString(conn.id)),
                Header.of("x-conn-request", Integer.toString(index)));
        try {
            h2.sendHeaders(streamId, head, !echo);
        } catch (Http2Exception | IllegalStateException e) {
            return; // reset meanwhile
        }
        conn.server.requests.incrementAndGet();
        if (echo) {
            conn.server.webSockets.incrementAndGet();
            webSockets.put(streamId, new OriginH2WebSocket(h2, streamId));
        } else {
            inFlight--;
            try {
                h2.reset(streamId, ErrorCode.NO_ERROR); // RFC 9113 §8.1: the request is not read any further
            } catch (Http2Exception | IllegalStateException ignored) {
                // closed already
            }
        }
    }

    @Override
    public void onData(int streamId, ByteBuffer data, boolean endStream) {
        OriginH2WebSocket ws = webSockets.get(streamId);
        if (ws != null) {
            ws.onData(data, endStream);
            return;
        }
        String[] r = requests.get(streamId);
        if (r != null) {
            requestBodies.computeIfAbsent(streamId, id -> new ReceivedBody(r[0])).add(data);
        }
        if (endStream) {
            requestEnded(streamId);
        }
    }

    private void requestEnded(int streamId) {
        String[] r = requests.get(streamId);
        if (r == null) {
            return;
        }
        ReceivedBody got = requestBodies.computeIfAbsent(streamId, id -> new ReceivedBody(r[0]));
        OriginReply fin = OriginReply.decide(conn.config(), conn.id, Integer.parseInt(r[4]), conn.authenticated,
                r[0], r[1], r[2], got, r[5], r[5] == null ? null : conn.drawFault());
        conn.authenticated |= fin.authenticates;
        if (fin.fault == Fault.GOAWAY_LOW) {
            goAwayBelow(streamId);
            return;
        }
        if (fin.fault == Fault.REFUSED_STREAM || fin.fault == Fault.INTERNAL_ERROR) {
            reset(streamId, fin.fault == Fault.REFUSED_STREAM ? ErrorCode.REFUSED_STREAM : ErrorCode.INTERNAL_ERROR);
            return;
        }
        if (fin.delayMs > 0) {
            conn.loop.schedule(TimeUnit.MILLISECONDS.toNanos(fin.delayMs), () -> {
                respond(streamId, fin, r[3]);
                flushOut();
            });
        } else {
            respond(streamId, fin, r[3]);
        }
    }

    private void respond(int streamId, OriginReply r, String method) {
        if (socket.isClosed() || !requests.containsKey(streamId)) {
            return;
        }
        List<Header> head = new ArrayList<>(r.fields.size() / 2 + 2);
        head.add(Header.of(":status", Integer.toString(r.status)));
        for (int i = 0; i < r.fields.size(); i += 2) {
            head.add(Header.of(r.fields.get(i), r.fields.get(i + 1)));
        }
        long declared = r.bodyLength + (r.fault == Fault.WRONG_LENGTH ? 100 : 0);
        head.add(Header.of("content-length", Long.toString(declared)));
        OutgoingBody body = new OutgoingBody(r, "HEAD".equals(method));
        try {
            h2.sendHeaders(streamId, head, body.left() == 0);
        } catch (Http2Exception | IllegalStateException e) {
            return; // the stream was reset meanwhile
        }
        conn.server.requests.incrementAndGet();
        if (r.fault == Fault.CLOSE_AFTER_HEADERS) {
            flushOut();
            socket.closeAfterFlush(); // the whole connection, as a crashing server would
            return;
        }
        if (body.left() > 0) {
            bodies.start(streamId, body);
        }
    }

    /** Resets one stream (a fault), with its state. */
    private void reset(int streamId, ErrorCode code) {
        try {
            h2.reset(streamId, code);
        } catch (Http2Exception | IllegalStateException e) {
            // Closed meanwhile.
        }
        bodies.remove(streamId);
        if (requests.remove(streamId) != null) {
            inFlight--;
        }
        flushOut();
        idleOrClose();
    }

    /**
     * {@link Fault#GOAWAY_LOW}: GOAWAY whose last-stream-id is below {@code streamId} (RFC 9113 §6.8: the
     * streams above were not processed and may be retried); they are dropped unanswered, the ones below
     * finish, then the connection closes. Written as a raw frame after what the codec queued: the codec
     * itself only announces the highest stream it saw.
     */
    private void goAwayBelow(int streamId) {
        lowLastId = Math.max(0, streamId - 2);
        goingAway = true;
        requests.keySet().removeIf(id -> {
            boolean drop = id > lowLastId;
            inFlight -= drop ? 1 : 0;
            return drop;
        });
        bodies.removeAbove(lowLastId);
        writeLowGoAway();
        idleOrClose();
    }

    /** Writes the raw GOAWAY once every frame the codec queued before it is out (frames never interleave). */
    private void writeLowGoAway() {
        flushOut();
        if (socket.isClosed()) {
            return;
        }
        if (h2.pendingOutbound() > 0 || socket.outSpace() < 17) {
            conn.loop.schedule(TimeUnit.MILLISECONDS.toNanos(1), this::writeLowGoAway);
            return;
        }
        socket.out().put(new byte[] {0, 0, 8, 7, 0, 0, 0, 0, 0}).putInt(lowLastId).putInt(0); // NO_ERROR
        socket.flush();
    }

    /**
     * Writes queued frames to the socket; when the queue drained and bodies wait only for queue room,
     * queues more (bounded rounds). Bodies held by closed windows resume on WINDOW_UPDATE; frames
     * held by a full socket resume on OP_WRITE.
     */
    private void flushOut() {
        for (int round = 0; round < 64; round++) {
            while (h2.pendingOutbound() > 0 && socket.outSpace() > 0 && !socket.isClosed()) {
                h2.pollOutbound(socket.out());
                socket.flush();
                if (socket.outPending() > 0) {
                    break;
                }
            }
            socket.flush();
            if (socket.isClosed() || socket.outPending() > 0 || bodies.isEmpty() || h2.queuedDataBytes() > 0) {
                return;
            }
            bodies.pump();
            if (h2.pendingOutbound() == 0) {
                return;
            }
        }
    }

    @Override
    public void onStreamClosed(int streamId) {
        if (requests.remove(streamId) != null || webSockets.remove(streamId) != null) {
            inFlight--;
        }
        requestBodies.remove(streamId);
        bodies.remove(streamId);
        idleOrClose();
    }

    /** With no stream in flight: close after a GOAWAY, else wait as an idle connection. */
    private void idleOrClose() {
        if (inFlight == 0) {
            if (goingAway) {
                flushOut();
                socket.closeAfterFlush();
                return;
            }
            conn.armIdle();
        }
    }

    @Override
    public void onWindowUpdate(int streamId, int increment) {
        bodies.pump();
        pumpWebSockets();
    }

    @Override
    public void onWritable() {
        bodies.pump();
        pumpWebSockets();
        flushOut();
    }

    private void pumpWebSockets() {
        for (OriginH2WebSocket ws : new ArrayList<>(webSockets.values())) {
            ws.pump();
        }
        sweepWebSockets();
    }

    /** Echo streams our own END_STREAM closed: the codec reports no event for those. */
    private void sweepWebSockets() {
        for (Integer id : new ArrayList<>(webSockets.keySet())) {
            if (h2.streamState(id) == StreamState.CLOSED) {
                onStreamClosed(id);
            }
        }
    }

    @Override
    public void onEndOfInput() {
        socket.close();
    }

    @Override
    public void onClosed() {
        conn.closed();
    }
}
