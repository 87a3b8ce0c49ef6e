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
import java.util.Iterator;
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
    /** Per open request stream: path, via, forwarded-for, method, index on the connection. */
    private final Map<Integer, String[]> requests = new HashMap<>();
    private final Map<Integer, ReceivedBody> requestBodies = new HashMap<>();
    /** Response body bytes still to queue, per stream. */
    private final Map<Integer, OutgoingBody> bodies = new HashMap<>();
    /** The streams carrying {@code /ws/echo} (RFC 8441), until they close. */
    private final Map<Integer, OriginH2WebSocket> webSockets = new HashMap<>();
    private int inFlight;
    private boolean goingAway;

    OriginH2(OriginConnection conn, Endpoint socket) {
        this.conn = conn;
        this.socket = socket;
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
        for (Header h : headers) {
            switch (h.name()) {
                case ":path": path = h.value(); break;
                case ":method": method = h.value(); break;
                case ":protocol": protocol = h.value(); break;
                case "via": via = h.value(); break;
                case "x-forwarded-for": xff = h.value(); break;
                default: break;
            }
        }
        conn.busy();
        inFlight++;
        int n = ++conn.requestIndex;
        if ("CONNECT".equals(method)) {
            connect(streamId, protocol, path, n);
            return;
        }
        requests.put(streamId, new String[] {path, via, xff, method, Integer.toString(n)});
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
                r[0], r[1], r[2], got);
        conn.authenticated |= fin.authenticates;
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
        head.add(Header.of("content-length", Long.toString(r.bodyLength)));
        OutgoingBody body = new OutgoingBody(r, "HEAD".equals(method));
        try {
            h2.sendHeaders(streamId, head, body.left() == 0);
        } catch (Http2Exception | IllegalStateException e) {
            return; // the stream was reset meanwhile
        }
        conn.server.requests.incrementAndGet();
        if (body.left() > 0) {
            bodies.put(streamId, body);
            pumpBodies();
        }
    }

    private void pumpBodies() {
        Iterator<Map.Entry<Integer, OutgoingBody>> it = bodies.entrySet().iterator();
        while (it.hasNext() && h2.queuedDataBytes() < h2.config().maxQueuedDataBytes()) {
            Map.Entry<Integer, OutgoingBody> e = it.next();
            OutgoingBody body = e.getValue();
            ByteBuffer src = body.next(Integer.MAX_VALUE);
            int before = src.position();
            try {
                h2.sendData(e.getKey(), src, body.left() == src.remaining());
            } catch (Http2Exception | IllegalStateException ex) {
                it.remove();
                continue;
            }
            body.sent(src.position() - before);
            if (body.left() == 0) {
                it.remove();
            }
        }
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
            pumpBodies();
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
        pumpBodies();
        pumpWebSockets();
    }

    @Override
    public void onWritable() {
        pumpBodies();
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
