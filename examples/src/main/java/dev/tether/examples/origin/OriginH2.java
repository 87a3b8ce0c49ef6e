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
    private final Http2Connection h2 = new Http2Connection(Role.SERVER, Http2Config.defaults());
    /** Per open request stream: path, via, forwarded-for, method, index on the connection. */
    private final Map<Integer, String[]> requests = new HashMap<>();
    private final Map<Integer, Long> requestBytes = new HashMap<>();
    /** Response body bytes still to queue, per stream. */
    private final Map<Integer, Long> bodies = new HashMap<>();
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
        flushOut();
    }

    @Override
    public void onHeaders(int streamId, List<Header> headers, boolean endStream) {
        String path = "/";
        String method = "GET";
        String via = null;
        String xff = null;
        for (Header h : headers) {
            switch (h.name()) {
                case ":path": path = h.value(); break;
                case ":method": method = h.value(); break;
                case "via": via = h.value(); break;
                case "x-forwarded-for": xff = h.value(); break;
                default: break;
            }
        }
        conn.busy();
        inFlight++;
        int n = ++conn.requestIndex;
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

    @Override
    public void onData(int streamId, ByteBuffer data, boolean endStream) {
        requestBytes.merge(streamId, (long) data.remaining(), Long::sum);
        if (endStream) {
            requestEnded(streamId);
        }
    }

    private void requestEnded(int streamId) {
        String[] r = requests.get(streamId);
        if (r == null) {
            return;
        }
        long got = requestBytes.getOrDefault(streamId, 0L);
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
        long body = "HEAD".equals(method) ? 0 : r.bodyLength;
        try {
            h2.sendHeaders(streamId, head, body == 0);
        } catch (Http2Exception | IllegalStateException e) {
            return; // the stream was reset meanwhile
        }
        conn.server.requests.incrementAndGet();
        if (body > 0) {
            bodies.put(streamId, body);
            pumpBodies();
        }
    }

    private void pumpBodies() {
        Iterator<Map.Entry<Integer, Long>> it = bodies.entrySet().iterator();
        while (it.hasNext() && h2.queuedDataBytes() < h2.config().maxQueuedDataBytes()) {
            Map.Entry<Integer, Long> e = it.next();
            long left = e.getValue();
            ByteBuffer src = OriginServer.PATTERN.duplicate();
            src.limit((int) Math.min(src.capacity(), left));
            int before = src.position();
            try {
                h2.sendData(e.getKey(), src, left == src.remaining());
            } catch (Http2Exception | IllegalStateException ex) {
                it.remove();
                continue;
            }
            left -= src.position() - before;
            if (left == 0) {
                it.remove();
            } else {
                e.setValue(left);
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
        if (requests.remove(streamId) != null) {
            inFlight--;
        }
        requestBytes.remove(streamId);
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
    }

    @Override
    public void onWritable() {
        pumpBodies();
        flushOut();
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
