package dev.tether.examples.origin;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.Endpoint;
import dev.tether.examples.nio.SocketHandler;
import dev.tether.http1.Http1CodecState;
import dev.tether.http1.Http1Exception;
import dev.tether.http1.Http1Fields;
import dev.tether.http1.Http1Head;
import dev.tether.http1.Http1Listener;
import dev.tether.http1.Http1ServerCodec;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/1.1 side of the origin: one request at a time through an {@link Http1ServerCodec}; the
 * request's {@link Fault}, if one was drawn, is injected (h2-only faults become a close, or a reset,
 * with no answer);
 * response bodies are generated as the socket drains, never buffered whole.
 *
 * <p>Invariants: reading is paused from a request's end until its response was fully written;
 * {@code body} is the response being written, {@code null} between responses.
 *
 * <p>Thread safety: confined to its loop.
 */
@ThreadConfined("event loop")
final class OriginH1 implements SocketHandler, Http1Listener {
    private final OriginConnection conn;
    private final Endpoint socket;
    private final Http1ServerCodec codec = new Http1ServerCodec();
    private String method;
    private String path;
    private String via;
    private String forwardedFor;
    private String requestId;
    /** The request's WebSocket opening handshake (RFC 6455 §4.2.1), or {@code null} if it is none. */
    private WebSocketUpgrade webSocket;
    private ReceivedBody requestBody;
    /** The body of a {@code POST /ws/posted}, kept up to {@link WebSocketPage#MAX_POSTED} bytes. */
    private java.io.ByteArrayOutputStream posted;
    /** The response body being written; {@code null} while no response is being written. */
    private OutgoingBody body;
    /** {@link Fault#WRONG_LENGTH}: the connection closes after a body shorter than declared. */
    private boolean wrongLength;
    /** True from a request's end until its response was fully written. */
    private boolean answering;
    private boolean ended;
    /** A request ended during the last {@code onBytes}; it is answered once that call returned. */
    private boolean requestDone;

    OriginH1(OriginConnection conn, Endpoint socket) {
        this.conn = conn;
        this.socket = socket;
    }

    @Override
    public void onRead(ByteBuffer in) {
        try {
            while (in.hasRemaining() && !answering && codec.state() != Http1CodecState.CLOSED) {
                int before = in.position();
                codec.onBytes(in, this);
                if (requestDone) {
                    requestDone = false;
                    answer(); // after onBytes: the codec accepts a response only once it returned
                }
                if (in.position() == before) {
                    break;
                }
            }
        } catch (Http1Exception e) {
            socket.close();
        }
    }

    @Override
    public void onHead(Http1Head head) {
        conn.busy();
        method = head.method();
        path = head.target();
        via = head.value("via");
        forwardedFor = head.value("x-forwarded-for");
        requestId = head.value("x-request-id");
        webSocket = WebSocketUpgrade.of(head);
        posted = path.equals(WebSocketPage.POSTED) ? new java.io.ByteArrayOutputStream() : null;
        requestBody = new ReceivedBody(path);
    }

    @Override
    public void onBody(ByteBuffer data) {
        requestBody.add(data);
        if (posted != null && posted.size() + data.remaining() <= WebSocketPage.MAX_POSTED) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            posted.writeBytes(b);
        }
        data.position(data.limit());
    }

    @Override
    public void onMessageComplete() {
        requestDone = true;
    }

    private void answer() {
        if (path.startsWith(WebSocketUpgrade.PATH)) {
            answerWebSocket();
            return;
        }
        if (path.equals(WebSocketPage.PATH) || posted != null) {
            answerPage();
            return;
        }
        int index = ++conn.requestIndex;
        OriginReply r = OriginReply.decide(conn.config(), conn.id, index, conn.authenticated, path, via,
                forwardedFor, requestBody, requestId, requestId == null ? null : conn.drawFault());
        conn.authenticated |= r.authenticates;
        if (r.fault == Fault.GOAWAY_LOW || r.fault == Fault.REFUSED_STREAM) {
            socket.close(); // no answer: the request was read and dropped
            return;
        }
        if (r.fault == Fault.INTERNAL_ERROR) {
            conn.reset();
            return;
        }
        socket.pauseReading();
        answering = true;
        if (r.delayMs > 0) {
            conn.loop.schedule(TimeUnit.MILLISECONDS.toNanos(r.delayMs), () -> respond(r));
        } else {
            respond(r);
        }
    }

    private void respond(OriginReply r) {
        if (socket.isClosed()) {
            return;
        }
        Http1Fields.Builder f = Http1Fields.builder();
        for (int i = 0; i < r.fields.size(); i += 2) {
            f.add(r.fields.get(i), r.fields.get(i + 1));
        }
        f.add("content-length", Long.toString(r.bodyLength + (r.fault == Fault.WRONG_LENGTH ? 100 : 0)));
        if (r.close) {
            f.add("connection", "close");
        }
        codec.startResponse(r.status, r.status == 200 ? "OK" : "Unauthorized", f.build());
        conn.server.requests.incrementAndGet();
        if (r.fault == Fault.CLOSE_AFTER_HEADERS) {
            codec.pollOutbound(socket.out());
            socket.closeAfterFlush();
            return;
        }
        body = new OutgoingBody(r, "HEAD".equals(method));
        wrongLength = r.fault == Fault.WRONG_LENGTH;
        ended = false;
        pump();
    }

    /** {@link Fault#SLOW_DRIP}: one body byte now, the next in {@code dripMs}, then the rest at once. */
    private void drip() {
        if (socket.isClosed() || body == null) {
            return;
        }
        ByteBuffer out = socket.out();
        codec.pollOutbound(out);
        ByteBuffer src = body.next(1);
        codec.encodeBody(src, out);
        body.sent(1);
        body.drip--;
        socket.flush();
        conn.loop.schedule(TimeUnit.MILLISECONDS.toNanos(conn.config().faults().dripMs()), this::pump);
    }

    /**
     * {@code /ws/echo}: a valid opening handshake switches the socket to the echo (101); anything else
     * is answered 426 (RFC 6455 §4.2.2), and the connection stays HTTP.
     */
    private void answerWebSocket() {
        int index = ++conn.requestIndex;
        conn.server.requests.incrementAndGet();
        String accept = webSocket == null ? null : webSocket.accept();
        Http1Fields.Builder f = Http1Fields.builder().add("x-conn-id", Long.toString(conn.id))
                .add("x-conn-request", Integer.toString(index)).add("upgrade", "websocket").add("connection", "upgrade");
        if (accept == null) {
            byte[] text = "426 a WebSocket handshake is required\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            answerBytes(426, "Upgrade Required", f.add("sec-websocket-version", "13"), text);
            return;
        }
        codec.startResponse(101, "Switching Protocols", f.add("sec-websocket-accept", accept).build());
        codec.endResponse();
        codec.pollOutbound(socket.out());
        conn.server.webSockets.incrementAndGet();
        answering = true; // this handler reads no more
        socket.pauseReading();
        socket.handler(new OriginWebSocket(conn, socket));
        socket.flush();
        socket.resumeReading(); // frames the client sent right after its handshake go to the echo
    }

    /** {@code GET /ws/page} serves the browser page; {@code POST /ws/posted} keeps what it posted (204). */
    private void answerPage() {
        int index = ++conn.requestIndex;
        conn.server.requests.incrementAndGet();
        Http1Fields.Builder f = Http1Fields.builder().add("x-conn-id", Long.toString(conn.id))
                .add("x-conn-request", Integer.toString(index)).add("cache-control", "no-store");
        if (posted != null) {
            conn.server.posted.add(posted.toString(java.nio.charset.StandardCharsets.UTF_8));
            answerBytes(204, "No Content", f, new byte[0]);
        } else {
            answerBytes(200, "OK", f.add("content-type", "text/html; charset=utf-8"), WebSocketPage.HTML);
        }
    }

    /** Answers with a small body that fits the socket's buffer, then reads the next request. */
    private void answerBytes(int status, String reason, Http1Fields.Builder f, byte[] body) {
        if (status != 204) {
            f.add("content-length", Integer.toString(body.length));
        }
        codec.startResponse(status, reason, f.build());
        ended = true;
        ByteBuffer out = socket.out();
        codec.pollOutbound(out);
        if (body.length > 0) {
            codec.encodeBody(ByteBuffer.wrap(body), out);
        }
        codec.endResponse();
        codec.pollOutbound(out);
        socket.flush();
        answering = true;
        finished();
    }

    /** Writes head and body as far as the socket's buffer allows. */
    private void pump() {
        if (socket.isClosed() || body == null) {
            return;
        }
        if (body.drip > 0) {
            drip();
            return;
        }
        ByteBuffer out = socket.out();
        codec.pollOutbound(out);
        while (body.left() > 0 && out.remaining() > 64) {
            ByteBuffer src = body.next(out.remaining() - 32);
            int before = src.position();
            codec.encodeBody(src, out);
            body.sent(src.position() - before);
            if (body.resetDue()) {
                socket.flush();
                conn.reset(); // RESET_MID_BODY
                return;
            }
            if (src.position() == before) {
                break;
            }
        }
        if (body.left() == 0 && wrongLength) {
            socket.closeAfterFlush(); // the declared length was never reached
            return;
        }
        if (body.left() == 0 && !ended) {
            ended = true;
            codec.endResponse();
            codec.pollOutbound(out);
        }
        socket.flush();
        if (body.left() > 0) {
            socket.needWritable();
        }
        if (ended && !codec.hasOutbound()) {
            finished();
        }
    }

    private void finished() {
        body = null;
        answering = false;
        if (codec.state() == Http1CodecState.CLOSED) {
            socket.closeAfterFlush();
            return;
        }
        conn.armIdle();
        socket.resumeReading();
    }

    @Override
    public void onWritable() {
        if (body != null && answering && !socket.isClosed()) {
            pump();
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
