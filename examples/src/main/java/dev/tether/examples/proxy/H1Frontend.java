package dev.tether.examples.proxy;

import dev.tether.core.Session;
import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.EventLoop;
import dev.tether.examples.nio.Endpoint;
import dev.tether.examples.nio.SocketHandler;
import dev.tether.http1.Http1CodecState;
import dev.tether.http1.Http1Exception;
import dev.tether.http1.Http1Fields;
import dev.tether.http1.Http1Head;
import dev.tether.http1.Http1Listener;
import dev.tether.http1.Http1ServerCodec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 client connection of the proxy: one {@link Session} (REUSE-RULES.md: the session is
 * the frontend connection), one exchange at a time; its first request is {@code FIRST} (R69).
 * Request bodies are read no faster than the backend takes them; responses are written as fast as
 * the client reads.
 *
 * <p>Invariants: {@code exchange} is the request in progress or {@code null}; the next request is
 * parsed only when the previous response was fully written (the codec guarantees it, reading is
 * paused meanwhile); the session is closed exactly once, after the exchange was cancelled.
 *
 * <p>Thread safety: confined to its loop, except {@link #shutdownGracefully()} and
 * {@link #closeNow()}.
 */
@ThreadConfined("event loop")
final class H1Frontend implements SocketHandler, Http1Listener, Downstream, Frontend {
    private final ProxyContext ctx;
    private final EventLoop loop;
    private final Endpoint socket;
    private final Session session;
    private final String clientIp;
    private final Http1ServerCodec codec;
    /** The idle timer waits for the end of a request head that began ({@code requestHeaderTimeoutMs}). */
    private boolean headStarted;
    private ProxyExchange exchange;
    private boolean startPending;
    /** The request asked for {@code 100 Continue} (RFC 9110 §10.1.1); the proxy answers it itself. */
    private boolean expectContinue;
    private boolean endPending;
    private boolean exchangeDone;
    private int requests;
    private boolean draining;
    /**
     * Close after this response (Connection: close is sent): a CONNECT was refused, and the client may
     * already send tunnel bytes; or a 408, the request's body never ended. Once true, always true.
     */
    private boolean closeAfter;
    /** Armed while no request is in progress; one per connection, re-armed per request. */
    private final EventLoop.Timer idleTimer;
    /** The exchanges' response timeout (one exchange at a time); one per connection, re-armed per request. */
    private final EventLoop.Timer responseTimer;
    /** The strings of the requests' fields, reused while they repeat. */
    private final FieldStrings requestStrings = new FieldStrings();
    /** The received request fields, refilled for every head ({@link RequestHead#forward} copies them). */
    private final List<String> requestFields = new ArrayList<>();
    /** The response heads sent on this connection, reused while they repeat. */
    private final Http1FieldsCache responseFields = new Http1FieldsCache();

    H1Frontend(ProxyContext ctx, EventLoop loop, Endpoint socket, Session session) {
        this.ctx = ctx;
        this.loop = loop;
        this.socket = socket;
        this.session = session;
        this.codec = new Http1ServerCodec(ctx.clientH1);
        java.net.InetSocketAddress remote = socket.remoteAddress();
        this.clientIp = remote == null ? "unknown" : remote.getAddress().getHostAddress();
        this.idleTimer = loop.timer(socket::close);
        this.responseTimer = loop.timer(this::responseTimedOut);
        armIdle();
    }

    @Override
    public void onRead(ByteBuffer in) {
        if (exchange == null && !headStarted && in.hasRemaining()) {
            headStarted = true; // slowloris: the head must end within the request header timeout
            idleTimer.arm(TimeUnit.MILLISECONDS.toNanos(ctx.config.clientLimits().requestHeaderTimeoutMs()));
        }
        while (in.hasRemaining() && !socket.isClosed()) {
            if (exchange != null && !exchangeDone && exchange.requestSpace() < in.remaining()) {
                socket.pauseReading(); // backpressure: the backend is slower than the client
                return;
            }
            int before = in.position();
            try {
                codec.onBytes(in, this);
            } catch (Http1Exception e) {
                badRequest();
                return;
            }
            runPending();
            if (in.position() == before) {
                if (exchange != null) {
                    socket.pauseReading(); // a pipelined request waits for this response
                }
                return;
            }
        }
    }

    private void runPending() {
        if (startPending) {
            startPending = false;
            if (expectContinue) {
                expectContinue = false;
                codec.startResponse(100, "Continue", Http1Fields.EMPTY); // the client may send its body now
                flushCodec();
            }
            exchange.start();
        }
        if (endPending && exchange != null) {
            endPending = false;
            if (exchange.head().protocol() == null) {
                exchange.requestEnded(); // an upgrade offer's end is not the end of the client's bytes
            }
            if (exchangeDone) {
                checkNext(); // answered before the body ended: the codec is idle only now
            }
        }
    }

    @Override
    public void onHead(Http1Head head) {
        cancelIdle();
        List<String> fields = requestFields;
        fields.clear();
        String host = null;
        for (int i = 0; i < head.fieldCount(); i++) {
            String name = requestStrings.name(head, i);
            String value = requestStrings.value(head, i);
            host = host == null && "host".equals(name) ? value : host; // the first Host line
            fields.add(name);
            fields.add(value);
        }
        boolean hasBody = head.chunked() || head.contentLength() > 0;
        String upgrade = head.upgrade() && !hasBody ? head.value("upgrade").trim() : null;
        // h2c is not tunnelled: clients reach h2c backends through the h2c front (prior knowledge).
        RequestHead rh = upgrade != null && !upgrade.toLowerCase(java.util.Locale.ROOT).contains("h2c")
                ? RequestHead.tunnel(head.method(), host, head.target(), fields, upgrade, clientIp)
                : RequestHead.forward(head.method(), host, head.target(), fields,
                head.chunked() ? -1 : Math.max(head.contentLength(), hasBody ? 0 : -1), hasBody, clientIp);
        closeAfter |= "CONNECT".equals(head.method());
        expectContinue = hasBody && "100-continue".equalsIgnoreCase(head.value("expect"));
        exchange = new ProxyExchange(ctx, session, loop, this, rh, requests++ == 0); // R69
        exchangeDone = false;
        startPending = true;
    }

    @Override
    public void onBody(ByteBuffer data) {
        // Buffered until the exchange starts, right after this onBytes call (never inside it: an
        // answer the proxy gives itself can only be staged once the codec returned).
        exchange.requestBody(data);
    }

    @Override
    public void onMessageComplete() {
        endPending = true;
    }

    @Override
    public void head(int status, List<String> fields, boolean noBody) {
        List<String> b = responseFields.start();
        boolean length = false;
        for (int i = 0; i < fields.size(); i += 2) {
            length |= "content-length".equals(fields.get(i));
            b.add(fields.get(i));
            b.add(fields.get(i + 1));
        }
        if (!length && status != 204 && status != 304) {
            b.add(noBody ? "content-length" : "transfer-encoding");
            b.add(noBody ? "0" : "chunked");
        }
        if (draining || closeAfter) {
            b.add("connection");
            b.add("close");
        }
        codec.startResponse(status, reason(status), responseFields.build());
        codec.pollOutbound(socket.out());
        if (codec.hasOutbound()) {
            flushCodec(); // a head larger than the buffer: write now to make room
        } else {
            socket.flushLater(); // the body, if any, usually follows in this loop iteration: one write
        }
    }

    @Override
    public void body(ByteBuffer src) {
        codec.encodeBody(src, socket.out());
        socket.flush();
        if (src.hasRemaining()) {
            socket.needWritable(); // the exchange keeps the rest until the client reads
        }
    }

    @Override
    public void end() {
        codec.endResponse();
        flushCodec();
    }

    @Override
    public void abort() {
        socket.close();
    }

    @Override
    public void refuse() {
        socket.close(); // R72: no response; the client sees the connection end and may replay
    }

    @Override
    public void error(int status, String reason) {
        byte[] text = (status + " " + reason(status) + ": " + reason + "\n").getBytes(StandardCharsets.US_ASCII);
        Http1Fields.Builder f = Http1Fields.builder().add("x-tether-error", reason).add("content-type", "text/plain")
                .add("content-length", Integer.toString(text.length)).add("via", RequestHead.VIA);
        closeAfter |= status == 408; // the request's body never ended: nothing after it can be read
        if (draining || closeAfter) {
            f.add("connection", "close");
        }
        codec.startResponse(status, reason(status), f.build());
        codec.pollOutbound(socket.out());
        ByteBuffer body = ByteBuffer.wrap(text);
        codec.encodeBody(body, socket.out());
        if (!body.hasRemaining()) {
            codec.endResponse();
        }
        flushCodec();
    }

    /** The backend accepted the upgrade: answers 101, then the tunnel takes the socket over (D11). */
    @Override
    public Downstream switched(String protocol, List<String> fields) {
        cancelIdle();
        responseTimer.cancel();
        List<String> f = TunnelHeads.http1(exchange.head(), protocol, fields);
        codec.startResponse(101, reason(101), Http1Fields.of(f.toArray(new String[0])));
        codec.endResponse();
        codec.pollOutbound(socket.out());
        if (codec.hasOutbound()) {
            socket.close(); // a 101 head larger than the whole output buffer: nothing sane to send
        }
        return new H1ClientTunnel(socket, exchange, this);
    }

    @Override
    public void requestBodyConsumed(int n) {
        socket.resumeReading();
    }

    @Override
    public void exchangeDone() {
        exchangeDone = true;
        checkNext();
    }

    /** When the response was fully handed to the socket: next request, or close. */
    private void checkNext() {
        if (exchange == null || !exchangeDone || codec.hasOutbound()) {
            return;
        }
        Http1CodecState s = codec.state();
        if (closeAfter) {
            exchange = null;
            socket.closeAfterFlush();
            return;
        }
        if (s == Http1CodecState.BUSY) {
            return; // the request body is still arriving: keep reading and discarding it
        }
        exchange = null;
        if (s != Http1CodecState.IDLE || draining) {
            socket.closeAfterFlush();
            return;
        }
        armIdle();
        socket.resumeReading();
    }

    private void flushCodec() {
        codec.pollOutbound(socket.out());
        socket.flush();
        if (exchangeDone) {
            checkNext();
        }
    }

    @Override
    public void onWritable() {
        flushCodec();
        if (exchange != null && !exchangeDone) {
            exchange.downstreamWritable();
        }
    }

    @Override
    public void onEndOfInput() {
        socket.close();
    }

    @Override
    public void onClosed() {
        cancelIdle();
        responseTimer.cancel();
        if (exchange != null) {
            exchange.cancel();
            exchange = null;
        }
        ctx.engine.closeSession(session);
        ctx.frontendClosed(this);
    }

    /**
     * RFC 9112 §11.2: a request the codec rejected is answered 400 (unless a response was already
     * started) and the connection closes: nothing after it can be framed safely. A request whose body
     * was still held never reached a backend; one already forwarded is cancelled.
     */
    private void badRequest() {
        byte[] text = "400 Bad Request\n".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = socket.out();
        ProxyExchange ex = exchange;
        boolean answering = ex != null && (ex.responding() || exchangeDone);
        if (!answering && out.remaining() > 200) {
            out.put(("HTTP/1.1 400 Bad Request\r\ncontent-length: " + text.length
                    + "\r\nconnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII)).put(text);
        }
        exchange = null;
        if (ex != null) {
            ex.cancel();
        }
        socket.closeAfterFlush();
    }

    private void armIdle() {
        headStarted = false;
        idleTimer.arm(TimeUnit.MILLISECONDS.toNanos(ctx.config.idleTimeoutMs()));
    }

    private void cancelIdle() {
        idleTimer.cancel();
    }

    @Override
    public EventLoop.Timer responseTimer() {
        return responseTimer;
    }

    private void responseTimedOut() {
        if (exchange != null) {
            exchange.timedOut();
        }
    }

    @Override
    public void shutdownGracefully() {
        loop.execute(() -> {
            draining = true;
            if (exchange == null) {
                socket.close();
            }
        });
    }

    @Override
    public void closeNow() {
        socket.closeFromAnyThread();
    }

    static String reason(int status) {
        switch (status) {
            case 101: return "Switching Protocols";
            case 200: return "OK";
            case 204: return "No Content";
            case 304: return "Not Modified";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 408: return "Request Timeout";
            case 426: return "Upgrade Required";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return "";
        }
    }
}
