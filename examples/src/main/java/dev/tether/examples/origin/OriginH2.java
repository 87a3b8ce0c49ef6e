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
    /** Per open request stream: path, via, forwarded-for, method, index on the connection, request id. */
    private final Map<Integer, String[]> requests = new HashMap<>();
    private final Map<Integer, Long> requestBytes = new HashMap<>();
    /** Response bodies still to queue, per stream. */
    private final Map<Integer, StreamBody> bodies = new HashMap<>();
    private int inFlight;
    private boolean goingAway;
    /** {@link Fault#GOAWAY_LOW}: streams above this id are never answered; −1 until then. */
    private int lowLastId = -1;

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
        String id = null;
        for (Header h : headers) {
            switch (h.name()) {
                case ":path": path = h.value(); break;
                case ":method": method = h.value(); break;
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
        head.add(Header.of("content-length", Long.toString(r.bodyLength + (r.fault == Fault.WRONG_LENGTH ? 100 : 0))));
        long body = "HEAD".equals(method) ? 0 : r.bodyLength;
        try {
            h2.sendHeaders(streamId, head, body == 0);
        } catch (Http2Exception | IllegalStateException e) {
            return; // the stream was reset meanwhile
        }
        conn.server.requests.incrementAndGet();
        if (r.fault == Fault.CLOSE_AFTER_HEADERS) {
            flushOut();
            socket.closeAfterFlush(); // the whole connection, as a crashing server would
            return;
        }
        if (body > 0) {
            StreamBody b = new StreamBody(r, body);
            bodies.put(streamId, b);
            if (b.drip > 0) {
                drip(streamId, b);
            } else {
                pumpBodies();
            }
        }
    }

    /** {@link Fault#SLOW_DRIP}: one byte now, the next in {@code dripMs}, then the rest at once. */
    private void drip(int streamId, StreamBody b) {
        if (socket.isClosed() || bodies.get(streamId) != b) {
            return;
        }
        if (b.drip == 0) {
            pumpBodies();
            flushOut();
            return;
        }
        try {
            h2.sendData(streamId, b.next(1), b.left == 1);
        } catch (Http2Exception | IllegalStateException e) {
            bodies.remove(streamId);
            return;
        }
        b.queued(1);
        b.drip--;
        if (b.left == 0) {
            bodies.remove(streamId);
        }
        flushOut();
        conn.loop.schedule(TimeUnit.MILLISECONDS.toNanos(conn.config().faults().dripMs()), () -> drip(streamId, b));
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
        bodies.keySet().removeIf(id -> id > lowLastId);
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

    private void pumpBodies() {
        Iterator<Map.Entry<Integer, StreamBody>> it = bodies.entrySet().iterator();
        List<Integer> resets = null;
        while (it.hasNext() && h2.queuedDataBytes() < h2.config().maxQueuedDataBytes()) {
            Map.Entry<Integer, StreamBody> e = it.next();
            StreamBody b = e.getValue();
            if (b.drip > 0) {
                continue; // its timer sends it
            }
            ByteBuffer src = b.next(16 * 1024);
            int before = src.position();
            try {
                h2.sendData(e.getKey(), src, b.left == src.remaining() && b.resetAt < 0);
            } catch (Http2Exception | IllegalStateException ex) {
                it.remove();
                continue;
            }
            b.queued(src.position() - before);
            if (b.resetDue()) {
                resets = resets == null ? new ArrayList<>() : resets;
                resets.add(e.getKey());
            } else if (b.left == 0) {
                it.remove();
            }
        }
        if (resets != null) {
            for (int id : resets) {
                reset(id, ErrorCode.INTERNAL_ERROR); // RESET_MID_BODY
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
