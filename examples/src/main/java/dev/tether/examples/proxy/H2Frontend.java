package dev.tether.examples.proxy;

import dev.tether.core.Session;
import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.EventLoop;
import dev.tether.examples.nio.Endpoint;
import dev.tether.examples.nio.SocketHandler;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Header;
import dev.tether.http2.Http2Connection;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.Http2Listener;
import dev.tether.http2.Role;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An h2c client connection of the proxy (prior knowledge): one {@link Session}, one
 * {@link ProxyExchange} per stream, none of them first (R69). Request bodies are held by flow
 * control: a stream's window is credited only as its exchange forwards the bytes. It advertises RFC
 * 8441: an extended CONNECT (e.g. {@code :protocol websocket}) is a tunnel request, whose stream
 * carries the tunnel's bytes in DATA once the backend accepted it (200); a plain CONNECT is 405.
 *
 * <p>Invariants: {@code streams} maps every client stream whose exchange has not finished; after
 * GOAWAY (graceful shutdown) the connection closes once {@code streams} is empty.
 *
 * <p>Thread safety: confined to its loop, except {@link #shutdownGracefully()} and
 * {@link #closeNow()}.
 */
@ThreadConfined("event loop")
final class H2Frontend implements SocketHandler, Http2Listener, Frontend {
    private final ProxyContext ctx;
    private final EventLoop loop;
    private final Endpoint socket;
    private final Session session;
    private final String clientIp;
    private final Http2Connection h2;
    /** The empty DATA of a response's end; read only, confined to the loop. */
    private final ByteBuffer noBytes = ByteBuffer.allocate(0);
    private final Map<Integer, StreamDown> streams = new HashMap<>();
    /**
     * Streams opened during the current read, started once it was parsed: a stream the client resets
     * in the same read (rapid reset, CVE-2023-44487) never reaches a backend.
     */
    private final List<StreamDown> opened = new ArrayList<>();
    private boolean draining;
    /** Armed while no stream is open; one per connection, re-armed whenever the last stream ends. */
    private final EventLoop.Timer idleTimer;

    H2Frontend(ProxyContext ctx, EventLoop loop, Endpoint socket, Session session) {
        this.ctx = ctx;
        this.loop = loop;
        this.socket = socket;
        this.session = session;
        this.h2 = new Http2Connection(Role.SERVER, ctx.clientH2);
        java.net.InetSocketAddress remote = socket.remoteAddress();
        this.clientIp = remote == null ? "unknown" : remote.getAddress().getHostAddress();
        this.idleTimer = loop.timer(this::idleTimedOut);
        armIdle();
    }

    @Override
    public void onRead(ByteBuffer in) {
        try {
            h2.onBytes(in, this);
        } catch (Http2Exception e) {
            opened.clear(); // the connection is closing: its streams are cancelled on close
            flushOut();
            socket.closeAfterFlush(); // its GOAWAY was queued
            return;
        }
        for (int i = 0; i < opened.size(); i++) {
            StreamDown sd = opened.get(i);
            if (!sd.exchange.isDone()) {
                sd.exchange.start();
            }
            if (sd.endsAtStart && !sd.exchange.isDone()) {
                sd.exchange.requestEnded();
            }
        }
        opened.clear();
        flushOut();
    }

    @Override
    public void onHeaders(int streamId, List<Header> headers, boolean endStream) {
        if (streams.containsKey(streamId)) {
            return; // trailers arrive through onTrailers; nothing else is expected
        }
        cancelIdle();
        String method = "GET";
        String path = "/";
        String authority = null;
        String protocol = null;
        long length = -1;
        List<String> fields = new ArrayList<>(headers.size() * 2);
        for (Header h : headers) {
            switch (h.name()) {
                case ":method": method = h.value(); break;
                case ":path": path = h.value(); break;
                case ":authority": authority = h.value(); break;
                case ":protocol": protocol = h.value(); break;
                case "content-length": length = parseLength(h.value()); break;
                default:
                    if (!h.name().startsWith(":")) {
                        fields.add(h.name());
                        fields.add(h.value());
                    }
            }
        }
        RequestHead rh = protocol != null ? RequestHead.tunnel(method, authority, path, fields, protocol, clientIp)
                : RequestHead.forward(method, authority, path, fields, endStream ? -1 : length, !endStream, clientIp);
        StreamDown sd = new StreamDown(streamId);
        streams.put(streamId, sd);
        sd.exchange = new ProxyExchange(ctx, session, loop, sd, rh, false); // R69: h2 streams are never first
        // RFC 8441 §5: a tunnel's END_STREAM is the client's half-close, even this early.
        sd.endsAtStart = endStream && protocol != null;
        opened.add(sd); // started once this read was parsed
    }

    @Override
    public void onData(int streamId, ByteBuffer data, boolean endStream) {
        StreamDown sd = streams.get(streamId);
        if (sd == null) {
            h2.consumed(streamId, data.remaining());
            return;
        }
        sd.exchange.requestBody(data);
        if (data.hasRemaining()) {
            data.position(data.limit()); // cannot happen within the window; never block the parser
        }
        if (endStream) {
            sd.exchange.requestEnded();
        }
    }

    @Override
    public void onTrailers(int streamId, List<Header> trailers) {
        StreamDown sd = streams.get(streamId);
        if (sd != null) {
            sd.exchange.requestEnded();
        }
    }

    @Override
    public void onStreamReset(int streamId, ErrorCode errorCode, boolean byPeer) {
        StreamDown sd = streams.remove(streamId);
        if (sd != null) {
            sd.exchange.cancel();
        }
    }

    @Override
    public void onWindowUpdate(int streamId, int increment) {
        resumeAll();
    }

    @Override
    public void onWritable() {
        flushOut();
        resumeAll();
    }

    private void resumeAll() {
        if (streams.isEmpty()) {
            return;
        }
        for (StreamDown sd : new ArrayList<>(streams.values())) {
            sd.exchange.downstreamWritable();
        }
        flushOut();
    }

    void flushOut() {
        while (h2.pendingOutbound() > 0 && socket.outSpace() > 0 && !socket.isClosed()) {
            h2.pollOutbound(socket.out());
            if (h2.pendingOutbound() == 0) {
                break; // all of it is in the socket's buffer
            }
            socket.flush(); // more than the buffer holds: write now to make room
            if (socket.outPending() > 0) {
                break;
            }
        }
        socket.flushLater(); // every frame of this loop iteration leaves in one write
    }

    @Override
    public void onEndOfInput() {
        socket.close();
    }

    @Override
    public void onClosed() {
        cancelIdle();
        List<StreamDown> all = new ArrayList<>(streams.values());
        streams.clear();
        for (StreamDown sd : all) {
            sd.exchange.cancel();
        }
        ctx.engine.closeSession(session);
        ctx.frontendClosed(this);
    }

    private void streamDone(int id) {
        streams.remove(id);
        if (streams.isEmpty()) {
            if (draining) {
                flushOut();
                socket.closeAfterFlush();
            } else {
                armIdle();
            }
        }
    }

    private void armIdle() {
        idleTimer.arm(TimeUnit.MILLISECONDS.toNanos(ctx.config.idleTimeoutMs()));
    }

    private void idleTimedOut() {
        h2.goAway(ErrorCode.NO_ERROR);
        flushOut();
        socket.closeAfterFlush();
    }

    private void cancelIdle() {
        idleTimer.cancel();
    }

    @Override
    public void shutdownGracefully() {
        loop.execute(() -> {
            draining = true;
            h2.goAway(ErrorCode.NO_ERROR); // RFC 9113 §6.8: streams in progress still finish
            flushOut();
            if (streams.isEmpty()) {
                socket.closeAfterFlush();
            }
        });
    }

    @Override
    public void closeNow() {
        socket.closeFromAnyThread();
    }

    private static long parseLength(String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The {@link Downstream} of one client stream.
     *
     * <p>Invariants: {@code ended} is set once our side of the stream was ended.
     *
     * <p>Thread safety: confined to the frontend's loop.
     */
    @ThreadConfined("event loop")
    private final class StreamDown implements Downstream {
        final int id;
        ProxyExchange exchange;
        boolean ended;
        /** A tunnel whose client half-closed with its head: its request ends as soon as it started. */
        boolean endsAtStart;

        StreamDown(int id) {
            this.id = id;
        }

        @Override
        public void head(int status, List<String> fields, boolean noBody) {
            List<Header> h = new ArrayList<>(fields.size() / 2 + 1);
            h.add(Header.of(":status", Integer.toString(status)));
            for (int i = 0; i < fields.size(); i += 2) {
                h.add(Header.of(fields.get(i), fields.get(i + 1)));
            }
            send(() -> h2.sendHeaders(id, h, noBody));
            ended = noBody;
        }

        @Override
        public void body(ByteBuffer src) {
            if (ended) {
                src.position(src.limit());
                return;
            }
            sendData(src, false);
            if (src.hasRemaining() && h2.pendingOutbound() > 0) {
                socket.needWritable(); // the connection's queue is full: resume when it drained
            }
        }

        @Override
        public void end() {
            if (!ended) {
                ended = true;
                sendData(noBytes, true);
            }
        }

        @Override
        public void abort() {
            ended = true;
            send(() -> h2.reset(id, ErrorCode.INTERNAL_ERROR));
        }

        @Override
        public void refuse() {
            ended = true;
            // R72 and RFC 9113 §8.7: REFUSED_STREAM tells the client nothing was processed.
            send(() -> h2.reset(id, ErrorCode.REFUSED_STREAM));
        }

        @Override
        public void error(int status, String reason) {
            byte[] text = StatusText.errorBody(status, reason);
            List<Header> h = List.of(Header.of(":status", Integer.toString(status)), Header.of("x-tether-error", reason),
                    Header.of("content-type", "text/plain"), Header.of("content-length", Integer.toString(text.length)),
                    Header.of("via", RequestHead.VIA));
            ended = true;
            send(() -> {
                h2.sendHeaders(id, h, false);
                h2.sendData(id, ByteBuffer.wrap(text), true);
            });
        }

        @Override
        public Downstream switched(String protocol, List<String> fields) {
            List<Header> h = TunnelHeads.http2(fields);
            send(() -> h2.sendHeaders(id, h, false)); // RFC 8441 §5: 200, then DATA both ways
            return this;
        }

        @Override
        public void requestBodyConsumed(int n) {
            h2.consumed(id, n);
            flushOut();
        }

        @Override
        public void exchangeDone() {
            streamDone(id);
        }

        /** Sends body bytes, as {@link #send} would, with no task made: on every response's path. */
        private void sendData(ByteBuffer src, boolean endStream) {
            try {
                h2.sendData(id, src, endStream);
            } catch (Http2Exception | IllegalStateException e) {
                ended = true; // the client reset the stream or the connection failed meanwhile
            }
            flushOut();
        }

        private void send(H2Action a) {
            try {
                a.run();
            } catch (Http2Exception | IllegalStateException e) {
                ended = true; // the client reset the stream or the connection failed meanwhile
            }
            flushOut();
        }
    }

    /**
     * A send on the connection that may fail.
     *
     * <p>Thread safety: run on the frontend's loop.
     */
    @ThreadConfined("event loop")
    @FunctionalInterface
    private interface H2Action {
        void run() throws Http2Exception;
    }
}
