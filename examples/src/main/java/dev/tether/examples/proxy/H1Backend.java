package dev.tether.examples.proxy;

import dev.tether.core.Connection;
import dev.tether.core.Lease;
import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.EventLoop;
import dev.tether.examples.nio.EventLoopGroup;
import dev.tether.examples.websocket.WebSocketProtocol;
import dev.tether.http1.Http1Exception;
import dev.tether.http1.Http1Exchange;
import dev.tether.http1.Http1Head;
import dev.tether.http1.Http1Listener;
import dev.tether.http1.Http1Mux;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP/1.1 backend connection: one exchange at a time through an {@link Http1Mux}. The response
 * is read no faster than the exchange can pass it on: input is fed to the mux only when the
 * exchange has room for all of it, else reading pauses until the exchange drains.
 *
 * <p>Tunnels: a tunnel request goes out as an upgrade offer (with a fresh {@code Sec-WebSocket-Key}
 * for a client that came by RFC 8441); a 101 whose {@code Sec-WebSocket-Accept} is right turns the
 * connection into a byte tunnel for its exchange, and each end of input is a half-close passed on.
 * The connection is never reused afterwards (R11, D11): the mux reports it unusable.
 *
 * <p>An exchange whose client went away once its request was all sent leaves its lease to the
 * connection, which reads the rest of the response and drops it ({@link ResponseDrain}, D13).
 *
 * <p>Invariants: the mux's exchange is held by the lease of {@code current}, or of the drain, or by
 * none; never both; the mux sees every received byte (unsolicited bytes make it unusable, R63).
 *
 * <p>Thread safety: confined to the home loop.
 */
@ThreadConfined("home loop")
final class H1Backend extends BackendConnection implements Http1Listener {
    private Http1Mux mux;
    private ProxyExchange current;
    private Http1Exchange hx;
    private boolean complete;
    /** The response's framing is refused ({@link #onHead}); the connection closes after this read. */
    private boolean badFraming;
    /** The request of {@code current} was ended (its body fully framed). */
    private boolean endedRequest;
    /** The accept value a WebSocket upgrade's 101 must carry, or {@code null}. */
    private String expectedAccept;
    /** The 101 arrived with a wrong {@code Sec-WebSocket-Accept}: failed once {@code onBytes} returned. */
    private boolean badAccept;
    /** The connection is a tunnel (a 101 was accepted); once true, always true. */
    private boolean tunnel;
    /** In a tunnel: the backend's end of input, and our half-close towards it. */
    private boolean inputEnded;
    private boolean outputShut;
    /** The strings of the responses' fields, reused while they repeat. */
    private final FieldStrings responseStrings = new FieldStrings();
    /** The response fields handed to the exchange; refilled for every head (the downstream copies). */
    private final List<String> responseFields = new ArrayList<>();
    /** The request heads sent on this connection, reused while they repeat. */
    private final Http1FieldsCache requestFields = new Http1FieldsCache();
    /** The response of an abandoned exchange, read to its end; made at the first. */
    private ResponseDrain drain;

    H1Backend(Connection connection, EventLoop loop, ProxyContext ctx) {
        super(connection, loop, ctx);
    }

    @Override
    void installMux(EventLoopGroup loops) {
        mux = new Http1Mux(connection);
        install(mux, loops);
    }

    @Override
    boolean idleForMove() {
        return current == null && !closed && !tunnel && !badFraming && mux.availableStreams() == 1;
    }

    @Override
    void connected() {
        mux.transportConnected(); // reports READY itself
        if (current != null) {
            pumpRequest(current);
        }
    }

    @Override
    void begin(ProxyExchange ex, Lease lease) {
        if (closed) {
            current = ex;
            loop.execute(() -> failAll(closeReason));
            return;
        }
        current = ex;
        hx = lease.stream(Http1Exchange.class);
        complete = false;
        hx.listener(this);
        RequestHead h = ex.head();
        if (h.protocol != null) {
            String key = h.webSocket() && h.webSocketKey() == null ? WebSocketProtocol.newKey() : null;
            String sent = key != null ? key : h.webSocketKey();
            expectedAccept = h.webSocket() && sent != null ? WebSocketProtocol.accept(sent.trim()) : null;
            hx.sendRequest(h.http1Method(), h.path, h.toHttp1Upgrade(key));
        } else {
            hx.sendRequest(h.method, h.path, h.toHttp1(requestFields));
        }
        if (!h.hasBody) {
            hx.endRequest();
        }
        pumpRequest(ex);
    }

    @Override
    void pumpRequest(ProxyExchange ex) {
        if (ex != current || closed || !socket.isConnected()) {
            return; // nothing is staged before connecting: a failed connect leaves the body replayable (D10)
        }
        ByteBuffer out = socket.out();
        hx.pollOutbound(out);
        RequestBody body = ex.body;
        if (tunnel) {
            pumpTunnel(ex, out);
            return;
        }
        if (ex.head().hasBody && !endedRequest) {
            ByteBuffer src = body.unsent();
            int start = src.position();
            while (src.hasRemaining() && out.remaining() > 32) {
                int before = src.position();
                hx.encodeBody(src, out);
                if (src.position() == before) {
                    break;
                }
            }
            if (src.hasRemaining()) {
                socket.needWritable();
            }
            int n = src.position() - start;
            body.markSent(n);
            ex.requestBodySent(n);
            if (body.allSent() && !hx.hasOutbound() && !endedRequest) {
                endedRequest = true;
                hx.endRequest();
                hx.pollOutbound(out);
            }
        }
        socket.flush();
    }

    /** Client bytes of the tunnel, raw; the client's half-close becomes ours once all were written. */
    private void pumpTunnel(ProxyExchange ex, ByteBuffer out) {
        RequestBody body = ex.body;
        ByteBuffer src = body.unsent();
        int start = src.position();
        hx.encodeBody(src, out);
        int n = src.position() - start;
        body.markSent(n);
        ex.requestBodySent(n);
        if (src.hasRemaining()) {
            socket.flush();
            socket.needWritable();
        } else if (body.allSent() && !outputShut) {
            outputShut = true;
            socket.shutdownOutput(); // writes what is pending, then the FIN
        } else {
            socket.flush();
        }
    }

    @Override
    public void onWritable() {
        if (current != null) {
            pumpRequest(current);
        }
    }

    @Override
    public void onRead(ByteBuffer in) {
        ProxyExchange ex = current;
        if (ex != null && ex.responseSpace() < in.remaining()) {
            socket.pauseReading(); // backpressure: the client is slower than the backend
            ctx.backendReadPauses.incrementAndGet();
            return;
        }
        try {
            mux.onBytes(in);
        } catch (Http1Exception e) {
            closeForProtocolError("backend-bad-response", false);
            return;
        }
        if (badFraming) {
            closeForProtocolError("backend-bad-framing", false);
            return;
        }
        if (badAccept) {
            socket.close(); // the exchange fails when the socket's close is reported
            return;
        }
        if (tunnel && ex != null && current == ex) {
            pumpRequest(ex); // what the client sent before the switch
        } else if (ex != null && complete && current == ex) {
            ex.responseEnd();
        } else if (draining() && complete && !closed) {
            drain.completed(); // parks the connection (a drain over its bounds closed it: it fails instead)
        }
        if (in.hasRemaining()) {
            in.position(in.limit()); // unsolicited: the mux made the connection unusable
        }
    }

    @Override
    public void onEndOfInput() {
        ProxyExchange ex = current;
        if (tunnel) {
            inputEnded = true; // a half-close: the socket closes by itself once ours followed
            try {
                mux.onEndOfInput(); // records PEER_CLOSED without reporting it (D11)
            } catch (Http1Exception e) {
                // never in a tunnel: no response to cut short
            }
            if (ex != null) {
                ex.responseEnd();
            }
            return;
        }
        try {
            mux.onEndOfInput();
        } catch (Http1Exception e) {
            // Cut short: the exchange fails below.
        }
        if (ex != null && complete && current == ex) {
            ex.responseEnd();
        }
        socket.close();
    }

    @Override
    void transportClosed() {
        if (mux.unusableReason() != dev.tether.core.CloseReason.PEER_CLOSED) {
            mux.onTransportError(); // reports ERROR; a peer close was reported already
        }
    }

    @Override
    void failAll(String reason) {
        if (draining()) {
            drain.failed();
        }
        ProxyExchange ex = current;
        if (ex == null) {
            return;
        }
        if (tunnel && inputEnded && outputShut) {
            ex.tunnel.backendClosed(); // both directions ended: the tunnel finished cleanly
            ex.responseEnd();
        } else {
            ex.backendFailed(badAccept ? "backend-bad-accept" : reason);
        }
    }

    @Override
    void responseSpaceFreed(ProxyExchange ex, int n) {
        if (ex == current && !closed) {
            socket.resumeReading();
        }
    }

    @Override
    boolean drainAbandoned(ProxyExchange ex, long lease, String target) {
        if (ex != current || closed || tunnel || badFraming || ex.head().protocol != null) {
            return false; // an upgrade offer's connection is never reused (D11)
        }
        if (ctx.stopping || !mux.reusable()) {
            return false; // closed whatever the response: the proxy stops, or the backend said it closes
        }
        if ((ex.head().hasBody && !endedRequest) || !socket.isConnected() || hx.hasOutbound()) {
            return false; // the request is not all sent: what the backend got cannot be ended
        }
        if (drain == null) {
            drain = new ResponseDrain(ctx);
        }
        drain.start(lease, target, loop, socket::close); // overdue: the close fails the drain
        dropExchange();
        return true;
    }

    private boolean draining() {
        return drain != null && drain.active();
    }

    @Override
    void forget(ProxyExchange ex, Lease lease) {
        if (current == ex) {
            dropExchange();
        }
    }

    /** No exchange rides the connection any more (its lease is released, or the drain's): read on. */
    private void dropExchange() {
        current = null;
        hx = null;
        endedRequest = false;
        if (!closed) {
            socket.resumeReading();
        }
    }

    @Override
    public void onHead(Http1Head head) {
        if (!head.chunked() && head.value("transfer-encoding") != null) {
            // RFC 9112 §6.3 would read it to the close; a proxy refuses it, as nginx does: a coding it
            // cannot frame is a desync risk on a connection meant for reuse.
            badFraming = true;
            return;
        }
        if (current == null) {
            return;
        }
        List<String> fields = responseFields;
        fields.clear();
        String connection = null; // its options name more hop-by-hop fields (RFC 9110 §7.6.1)
        for (int i = 0; i < head.fieldCount(); i++) {
            if ("connection".equals(responseStrings.name(head, i))) {
                String v = responseStrings.value(head, i);
                connection = connection == null ? v : connection + "," + v;
            }
        }
        for (int i = 0; i < head.fieldCount(); i++) {
            String name = responseStrings.name(head, i);
            if (!HopByHop.is(name) && (connection == null || !HopByHop.listed(connection, name))) {
                fields.add(name);
                fields.add(responseStrings.value(head, i));
            }
        }
        fields.add("via");
        fields.add(RequestHead.VIA);
        int s = head.status();
        if (s == 101) {
            // RFC 6455 §4.1: a client fails a WebSocket upgrade whose accept value is not the key's.
            badAccept = expectedAccept != null && !expectedAccept.equals(trim(head.value("sec-websocket-accept")));
            if (!badAccept) {
                tunnel = true;
                current.responseHead(s, fields, false, head.value("upgrade").trim());
            }
            return;
        }
        boolean noBody = s == 204 || s == 304 || head.contentLength() == 0;
        current.responseHead(s, fields, noBody, null);
    }

    @Override
    public void onBody(ByteBuffer data) {
        if (current != null && !badFraming) {
            current.responseBody(data);
            return;
        }
        if (draining() && !drain.dropped(data.remaining())) {
            socket.close(); // more than a drain reads: the close fails it
        }
        data.position(data.limit());
    }

    @Override
    public void onMessageComplete() {
        complete = true;
    }

    @Override
    public void onTunnelData(ByteBuffer data) {
        if (current != null && tunnel) {
            current.responseBody(data);
        } else {
            data.position(data.limit()); // after a refused switch: dropped, the connection is closing
        }
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    @Override
    public String toString() {
        return "H1Backend{" + connection.id() + "," + socket + "," + mux + "}";
    }
}
