package dev.tether.examples.proxy;

import dev.tether.core.Connection;
import dev.tether.core.Lease;
import dev.tether.core.MuxEvent;
import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.EventLoop;
import dev.tether.examples.nio.EventLoopGroup;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Header;
import dev.tether.http2.Http2Config;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.Http2Listener;
import dev.tether.http2.Http2Mux;
import dev.tether.http2.Http2Stream;
import dev.tether.http2.StreamState;
import dev.tether.http2.StreamBudget;
import dev.tether.http2.frame.SettingsFrame;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An h2c backend connection: many exchanges at once through an {@link Http2Mux}. Response bodies are
 * held by HTTP/2 flow control: automatic WINDOW_UPDATE is off, and a stream's window is credited only
 * as its exchange passes bytes on to its client, so one slow client never stalls the others.
 *
 * <p>Tunnels: a tunnel request goes out as an extended CONNECT (RFC 8441) once the backend's SETTINGS
 * allowed it (else 502 {@code backend-no-extended-connect}); a 2xx makes the stream the tunnel, its
 * DATA flow-controlled both ways, END_STREAM a half-close. The connection stays shared: only the
 * stream belongs to the tunnel (D11).
 *
 * <p>Invariants: {@code byStream} maps the id of every stream whose exchange still holds its lease;
 * {@code pending} holds exchanges whose head waits for a stream id; completions found while the
 * mux parses are handled after {@link Http2Mux#onBytes} returns, never inside it.
 *
 * <p>Thread safety: confined to the home loop.
 */
@ThreadConfined("home loop")
final class H2Backend extends BackendConnection implements Http2Listener {
    /** Backend streams' receive window; below {@link ResponseBuffer#CAPACITY}. */
    static final Http2Config CONFIG = Http2Config.builder().autoWindowUpdate(false).initialWindowSize(64 * 1024 - 1)
            .build();

    private Http2Mux mux;
    /** What this target's connections really take (D12). */
    private final StreamBudget budget;
    private final Map<Integer, ProxyExchange> byStream = new HashMap<>();
    /** Streams whose response ended in the read being handled; swapped with {@code told} to be told. */
    private List<ProxyExchange> ended = new ArrayList<>();
    /** The other list of {@code ended}'s pair, empty between reads (no list is made per read). */
    private List<ProxyExchange> told = new ArrayList<>();
    /** The response fields handed to the exchange; refilled for every head (the downstream copies). */
    private final List<String> responseFields = new ArrayList<>();
    private final List<Object[]> failed = new ArrayList<>();
    /** Tunnel requests waiting for the backend's first SETTINGS (RFC 8441 §3). */
    private final Map<ProxyExchange, Lease> awaitingSettings = new LinkedHashMap<>();

    H2Backend(Connection connection, EventLoop loop, ProxyContext ctx, StreamBudget budget) {
        super(connection, loop, ctx);
        this.budget = budget;
    }

    @Override
    void installMux(EventLoopGroup loops) {
        mux = new Http2Mux(connection, CONFIG, budget);
        mux.setListener(this);
        install(mux, loops);
    }

    @Override
    boolean idleForMove() {
        return !closed && byStream.isEmpty() && ended.isEmpty() && failed.isEmpty() && awaitingSettings.isEmpty()
                && mux.usedStreams() == 0 && mux.reusable() && mux.connection().pendingOutbound() == 0;
    }

    @Override
    void connected() {
        for (ProxyExchange ex : new ArrayList<>(byStream.values())) {
            pumpRequest(ex);
        }
        flushOut();
    }

    @Override
    void begin(ProxyExchange ex, Lease lease) {
        Http2Stream s = lease.stream(Http2Stream.class);
        RequestHead h = ex.head();
        if (h.protocol != null && !closed && !mux.connection().peerSettingsReceived()) {
            awaitingSettings.put(ex, lease);
            return;
        }
        if (h.protocol != null && !mux.connection().peerEnablesConnectProtocol()) {
            loop.execute(() -> ex.backendFailed("backend-no-extended-connect"));
            return;
        }
        try {
            if (closed) {
                throw new IllegalStateException("connection closed");
            }
            s.sendHeaders(h.toHttp2(), !h.hasBody && h.protocol == null);
        } catch (Http2Exception | IllegalStateException e) {
            String reason = closed ? closeReason : "backend-refused";
            loop.execute(() -> ex.backendFailed(reason));
            return;
        }
        byStream.put(s.id(), ex);
        pumpRequest(ex);
        flushOut();
    }

    @Override
    void pumpRequest(ProxyExchange ex) {
        Http2Stream s = ex.stream(Http2Stream.class);
        boolean sends = ex.head().hasBody || ex.tunnel.open();
        if (closed || !socket.isConnected() || s == null || s.id() == 0 || !sends || s.closed()) {
            return; // no body is staged before connecting: a failed connect leaves it replayable (D10)
        }
        RequestBody body = ex.body;
        ByteBuffer src = body.unsent();
        int start = src.position();
        try {
            if (src.hasRemaining() || body.ended()) {
                s.sendData(src, body.ended());
            }
        } catch (Http2Exception | IllegalStateException e) {
            return; // the stream or connection ended; its exchange hears about it
        }
        int n = src.position() - start;
        body.markSent(n);
        ex.requestBodySent(n);
        flushOut();
        tunnelMaybeClosed(ex);
    }

    /** A tunnel's stream closed by its two END_STREAMs: the tunnel finished cleanly. */
    private void tunnelMaybeClosed(ProxyExchange ex) {
        Http2Stream s = ex.stream(Http2Stream.class);
        if (ex.tunnel.open() && s != null && mux.connection().streamState(s.id()) == StreamState.CLOSED) {
            ex.tunnel.backendClosed();
            ex.responseEnd();
        }
    }

    @Override
    public void onRead(ByteBuffer in) {
        mux.onBytes(in);
        if (!ended.isEmpty()) {
            List<ProxyExchange> done = ended;
            ended = told; // what ends (or is forgotten) while these are told is in the other list
            for (int i = 0; i < done.size(); i++) {
                ProxyExchange ex = done.get(i);
                ex.responseEnd();
                tunnelMaybeClosed(ex);
            }
            done.clear();
            told = done;
        }
        if (!failed.isEmpty()) {
            List<Object[]> bad = new ArrayList<>(failed);
            failed.clear();
            for (Object[] f : bad) {
                ((ProxyExchange) f[0]).backendFailed((String) f[1]);
            }
        }
        flushOut();
        if (mux.connection().failure() != null && !closed) {
            // Connection error: its GOAWAY is queued; the exchanges fail on close.
            closeForProtocolError("backend-protocol-error", true);
        }
    }

    /** Writes what the connection queued, as far as the socket takes it. */
    void flushOut() {
        if (closed || !socket.isConnected()) {
            return;
        }
        while (mux.connection().pendingOutbound() > 0 && socket.outSpace() > 0) {
            mux.pollOutbound(socket.out());
            if (mux.connection().pendingOutbound() == 0) {
                break; // all of it is in the socket's buffer
            }
            socket.flush(); // more than the buffer holds: write now to make room
            if (socket.isClosed() || socket.outPending() > 0) {
                break;
            }
        }
        socket.flushLater(); // every frame of this loop iteration leaves in one write
    }

    @Override
    public void onWritable() {
        flushOut();
    }

    @Override
    public void onEndOfInput() {
        mux.onEndOfInput();
        socket.close();
    }

    @Override
    void transportClosed() {
        if (mux.unusableReason() == null) {
            connection.onMuxEvent(MuxEvent.ERROR);
        }
    }

    @Override
    void failAll(String reason) {
        List<ProxyExchange> all = new ArrayList<>(byStream.values());
        all.addAll(awaitingSettings.keySet());
        byStream.clear();
        awaitingSettings.clear();
        for (ProxyExchange ex : all) {
            ex.backendFailed(reason);
        }
    }

    @Override
    void responseSpaceFreed(ProxyExchange ex, int n) {
        Http2Stream s = ex.stream(Http2Stream.class);
        if (!closed && s != null) {
            mux.connection().consumed(s.id(), n);
            flushOut();
        }
    }

    @Override
    void forget(ProxyExchange ex, Lease lease) {
        Http2Stream s = lease.stream(Http2Stream.class);
        if (s != null && s.id() != 0) {
            byStream.remove(s.id());
        }
        ended.remove(ex);
        awaitingSettings.remove(ex);
    }

    @Override
    public void onHeaders(int streamId, List<Header> headers, boolean endStream) {
        ProxyExchange ex = byStream.get(streamId);
        if (ex == null) {
            return;
        }
        int status = 0;
        List<String> fields = responseFields;
        fields.clear();
        for (int i = 0; i < headers.size(); i++) {
            Header h = headers.get(i);
            if (":status".equals(h.name())) {
                status = Integer.parseInt(h.value());
            } else if (!h.name().startsWith(":") && !HopByHop.is(h.name())) {
                fields.add(h.name());
                fields.add(h.value());
            }
        }
        if (status < 200) {
            return; // informational: not forwarded
        }
        fields.add("via");
        fields.add(RequestHead.VIA);
        if (ex.head().protocol != null && status / 100 == 2 && !endStream) {
            ex.responseHead(status, fields, false, ex.head().protocol); // RFC 8441 §5: a 2xx opens the tunnel
            return;
        }
        ex.responseHead(status, fields, endStream, null);
        if (endStream) {
            ended.add(ex);
        }
    }

    @Override
    public void onData(int streamId, ByteBuffer data, boolean endStream) {
        ProxyExchange ex = byStream.get(streamId);
        if (ex == null) {
            mux.connection().consumed(streamId, data.remaining()); // keep the connection window open
            return;
        }
        ex.responseBody(data);
        if (endStream) {
            ended.add(ex);
        }
    }

    @Override
    public void onTrailers(int streamId, List<Header> trailers) {
        ProxyExchange ex = byStream.get(streamId);
        if (ex != null) {
            ended.add(ex);
        }
    }

    @Override
    public void onStreamReset(int streamId, ErrorCode errorCode, boolean byPeer) {
        ProxyExchange ex = byStream.get(streamId);
        if (ex != null) {
            failed.add(new Object[] {ex, errorCode == ErrorCode.REFUSED_STREAM ? "backend-refused" : "backend-reset"});
        }
    }

    @Override
    public void onSettings(SettingsFrame settings) {
        if (awaitingSettings.isEmpty()) {
            return;
        }
        Map<ProxyExchange, Lease> ready = new LinkedHashMap<>(awaitingSettings);
        awaitingSettings.clear();
        ready.forEach((ex, lease) -> loop.execute(() -> {
            if (ex.stream(Http2Stream.class) != null) { // still leased
                begin(ex, lease);
            }
        }));
    }

    @Override
    public void onWindowUpdate(int streamId, int increment) {
        if (streamId == 0) {
            for (ProxyExchange ex : new ArrayList<>(byStream.values())) {
                pumpRequest(ex);
            }
        } else {
            ProxyExchange ex = byStream.get(streamId);
            if (ex != null) {
                pumpRequest(ex);
            }
        }
    }

    @Override
    public String toString() {
        return "H2Backend{" + connection.id() + ",streams=" + byStream.size() + "," + socket + "}";
    }
}
