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
import java.util.List;

/**
 * An HTTP/1.1 client connection of the proxy: one {@link Session} (docs/behaviour.md: the session is
 * the frontend connection), one exchange at a time; its first request is {@code FIRST} (R69).
 * Request bodies are read no faster than the backend takes them; responses are written as fast as
 * the client reads. A response after which the connection closes says {@code Connection: close}
 * (the codec adds it, RFC 9112 §9.6), and the close follows the last byte at once.
 *
 * <p>What an idle connection holds: its endpoint (no buffer while nothing is in flight), its
 * session and its idle timer ({@link ClientWait}: made only once the connection had to wait). The
 * codec and its caches ({@link FrontendCodec}) are borrowed from the loop's pool when request bytes
 * arrive and given back when the exchange is over, with the exchange when it ended cleanly: the next
 * request of a connection that borrows the codec reuses it.
 *
 * <p>Invariants: {@code exchange} is the request in progress or {@code null}; {@code work} is
 * non-null while bytes of a request are being parsed or its response written; the next request is
 * parsed only when the previous response was fully written (the codec guarantees it, reading is
 * paused meanwhile); the session is closed exactly once, after the exchange was cancelled; once
 * closed, the connection is referenced by nothing of the loop (its timers are cancelled, its codec
 * given back).
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
    private final FrontendCodecPool codecs;
    /** The codec while a request is in progress, lent by {@code codecs}; else {@code null}. */
    private FrontendCodec work;
    /** The client's address for {@code X-Forwarded-For}; computed at the first request. */
    private String clientIp;
    private ProxyExchange exchange;
    private boolean startPending;
    /** The request asked for {@code 100 Continue} (RFC 9110 §10.1.1); the proxy answers it itself. */
    private boolean expectContinue;
    private boolean endPending;
    private boolean exchangeDone;
    /** The client closed its side after a complete request: answer it, then close. Once true, always. */
    private boolean clientDone;
    /** The request in progress is the client's last ({@code Connection: close}, or HTTP/1.0). */
    private boolean lastRequest;
    private int requests;
    private boolean draining;
    /**
     * Close after this response (Connection: close is sent): a CONNECT was refused, and the client may
     * already send tunnel bytes; or a 408, the request's body never ended. Once true, always true.
     */
    private boolean closeAfter;
    /** The idle and request header timeouts, while no request is in progress. */
    private final ClientWait wait;
    /** The exchanges' response timeout (one exchange at a time); made at the first request, re-armed. */
    private EventLoop.Timer responseTimer;

    H1Frontend(ProxyContext ctx, EventLoop loop, Endpoint socket, Session session) {
        this.ctx = ctx;
        this.loop = loop;
        this.socket = socket;
        this.session = session;
        this.codecs = ctx.codecs(loop.index());
        this.wait = new ClientWait(loop, socket, ctx.config); // armed by the first onRead, which follows at once
    }

    @Override
    public void onRead(ByteBuffer in) {
        boolean headBegins = exchange == null && in.hasRemaining() && wait.headBegins();
        parse(in);
        if (headBegins && wait.headStarted() && exchange == null && !socket.isClosed()) {
            wait.armHead(); // slowloris: the head began in this read and did not end in it
        }
    }

    private void parse(ByteBuffer in) {
        while (in.hasRemaining() && !socket.isClosed()) {
            if (exchange != null && !exchangeDone && exchange.requestSpace() < in.remaining()) {
                socket.pauseReading(); // backpressure: the backend is slower than the client
                return;
            }
            int before = in.position();
            if (work == null) {
                work = codecs.acquire(); // request bytes: the codec is needed from now on
            }
            try {
                work.codec.onBytes(in, this);
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
                work.codec.startResponse(100, "Continue", Http1Fields.EMPTY); // the client may send its body now
                flushCodec();
            }
            exchange.start();
        }
        if (endPending && exchange != null) {
            endPending = false;
            if (exchange.head().protocol() == null) {
                exchange.requestEnded(); // an upgrade offer's end is not the end of the client's bytes
                if (lastRequest) {
                    socket.pauseReading(); // it sends nothing more: not watched until answered and closed
                }
            }
            if (exchangeDone) {
                checkNext(); // answered before the body ended: the codec is idle only now
            }
        }
    }

    @Override
    public void onHead(Http1Head head) {
        wait.cancel();
        endPending = false; // a request answered before its end was reported left it set
        boolean hasBody = head.chunked() || head.contentLength() > 0;
        closeAfter |= "CONNECT".equals(head.method());
        lastRequest = !head.keepAlive();
        expectContinue = hasBody && "100-continue".equalsIgnoreCase(head.value("expect"));
        exchange = work.exchange(head, ctx, loop, session, this, clientIp(), requests++ == 0); // R69
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
        Http1ServerCodec codec = work.codec;
        work.startResponse(status, fields, noBody, draining || clientDone || closeAfter); // close: say so
        codec.pollOutbound(socket.out());
        if (codec.hasOutbound()) {
            flushCodec(); // a head larger than the buffer: write now to make room
        } else {
            socket.flushLater(); // the body, if any, usually follows in this loop iteration: one write
        }
    }

    @Override
    public void body(ByteBuffer src) {
        work.codec.encodeBody(src, socket.out());
        socket.flush();
        if (src.hasRemaining()) {
            socket.needWritable(); // the exchange keeps the rest until the client reads
        }
    }

    @Override
    public void end() {
        work.codec.endResponse();
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
        closeAfter |= status == 408; // the request's body never ended: nothing after it can be read
        work.error(status, reason, draining || clientDone || closeAfter, socket.out());
        flushCodec();
    }

    /** The backend accepted the upgrade: answers 101, then the tunnel takes the socket over (D11). */
    @Override
    public Downstream switched(String protocol, List<String> fields) {
        wait.cancel();
        if (responseTimer != null) {
            responseTimer.cancel();
        }
        List<String> f = TunnelHeads.http1(exchange.head(), protocol, fields);
        Http1ServerCodec codec = work.codec;
        codec.startResponse(101, StatusText.reason(101), Http1Fields.of(f.toArray(new String[0])));
        codec.endResponse();
        codec.pollOutbound(socket.out());
        boolean tooLarge = codec.hasOutbound();
        giveBackCodec(); // raw bytes from now on
        if (tooLarge) {
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
        if (exchange == null || !exchangeDone || work.codec.hasOutbound()) {
            return;
        }
        Http1CodecState s = work.codec.state();
        if (closeAfter) {
            work.keep(exchange);
            exchange = null;
            giveBackCodec();
            socket.closeAfterFlush();
            return;
        }
        if (s == Http1CodecState.BUSY) {
            return; // the request body is still arriving: keep reading and discarding it
        }
        boolean clientCloses = work.codec.clientCloses();
        work.keep(exchange); // the next request of whichever connection borrows the codec may reuse it
        exchange = null;
        giveBackCodec(); // IDLE, or CLOSED (the last response was staged): not needed any more
        if (clientDone || clientCloses) {
            socket.closeAfterFlushPeerDone(); // it said it sends nothing more: no read to look for more
            return;
        }
        if (s != Http1CodecState.IDLE || draining) {
            socket.closeAfterFlush(); // at once with a FIN, unless the client is still sending
            return;
        }
        wait.armIdle();
        socket.resumeReading();
    }

    private void flushCodec() {
        if (work == null) {
            return;
        }
        work.codec.pollOutbound(socket.out());
        socket.flush();
        if (exchangeDone) {
            checkNext();
        }
    }

    private void giveBackCodec() {
        if (work != null) {
            codecs.release(work);
            work = null;
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
        if (exchange != null && work.codec.requestComplete()) {
            clientDone = true; // a half-close after the request (RFC 9112 §9.6): answer, then close
            return;
        }
        socket.close();
    }

    @Override
    public void onClosed() {
        if (exchange != null) {
            exchange.cancel(); // may end it, and an ended exchange arms the idle wait (checkNext)
            exchange = null;
        }
        wait.cancel(); // then nothing stays armed: a timer would hold this connection until it fires
        if (responseTimer != null) {
            responseTimer.cancel();
        }
        giveBackCodec();
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

    @Override
    public EventLoop.Timer responseTimer() {
        if (responseTimer == null) {
            responseTimer = loop.timer(this::responseTimedOut);
        }
        return responseTimer;
    }

    private String clientIp() {
        if (clientIp == null) {
            java.net.InetSocketAddress remote = socket.remoteAddress();
            clientIp = remote == null ? "unknown" : remote.getAddress().getHostAddress();
        }
        return clientIp;
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
}
