package dev.tether.examples;

import dev.tether.examples.load.BlockingWebSocketClient.Event;
import dev.tether.examples.load.WebSocketInbox;
import dev.tether.examples.websocket.WebSocketEncoder;
import dev.tether.examples.websocket.WebSocketException;
import dev.tether.examples.websocket.WebSocketProtocol;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Header;
import dev.tether.http2.Http2Config;
import dev.tether.http2.Http2Connection;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.Http2Listener;
import dev.tether.http2.Role;
import dev.tether.http2.StreamState;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw h2c WebSocket client (RFC 8441) for the tests, since no packaged client speaks it: prior
 * knowledge, waits for the server's SETTINGS_ENABLE_CONNECT_PROTOCOL, then opens WebSocket streams
 * with {@code :method CONNECT} + {@code :protocol websocket} and carries RFC 6455 frames in DATA.
 * Several streams can share the connection.
 *
 * <p>Invariants: one thread; every read waits at most the socket timeout.
 *
 * <p>Thread safety: test thread only.
 */
final class H2WebSocketClient implements AutoCloseable, Http2Listener {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Http2Connection h2 = new Http2Connection(Role.CLIENT, Http2Config.defaults());
    private final java.util.Map<Integer, Stream> streams = new java.util.HashMap<>();
    private final byte[] readBuf = new byte[64 * 1024];

    H2WebSocketClient(InetSocketAddress address, int timeoutMillis) throws IOException, Http2Exception {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        flush();
        while (!h2.peerSettingsReceived()) {
            readOnce();
        }
    }

    /** True if the server allows extended CONNECT. */
    boolean extendedConnect() {
        return h2.peerEnablesConnectProtocol();
    }

    /**
     * Opens a WebSocket stream and waits for the answer's head.
     *
     * @param path the path
     * @return the stream (its {@link Stream#status} is the answer's status)
     */
    Stream open(String path) throws IOException, Http2Exception {
        int id = h2.newStream(List.of(Header.of(":method", "CONNECT"), Header.of(":protocol", "websocket"),
                Header.of(":scheme", "http"), Header.of(":path", path), Header.of(":authority", "localhost"),
                Header.of("sec-websocket-version", "13")), false);
        Stream s = new Stream(id);
        streams.put(id, s);
        flush();
        while (s.status == 0 && !s.reset) {
            readOnce();
        }
        return s;
    }

    /**
     * Sends a plain CONNECT (RFC 9113 §8.5) and waits for the answer's head.
     *
     * @param authority host:port
     * @return the status
     */
    int plainConnect(String authority) throws IOException, Http2Exception {
        int id = h2.newStream(List.of(Header.of(":method", "CONNECT"), Header.of(":authority", authority)), false);
        Stream s = new Stream(id);
        streams.put(id, s);
        flush();
        while (s.status == 0 && !s.reset) {
            readOnce();
        }
        return s.status;
    }

    private void readOnce() throws IOException, Http2Exception {
        int n = in.read(readBuf);
        if (n < 0) {
            throw new java.io.EOFException("connection closed");
        }
        h2.onBytes(ByteBuffer.wrap(readBuf, 0, n), this);
        flush();
    }

    private void flush() throws IOException {
        while (h2.pendingOutbound() > 0) {
            ByteBuffer b = ByteBuffer.allocate(Math.max(16 * 1024, h2.pendingOutbound()));
            h2.pollOutbound(b);
            out.write(b.array(), 0, b.position());
        }
    }

    @Override
    public void onHeaders(int streamId, List<Header> headers, boolean endStream) {
        Stream s = streams.get(streamId);
        for (Header h : headers) {
            if (h.name().equals(":status")) {
                s.status = Integer.parseInt(h.value());
            }
        }
        s.headers = headers;
        s.ended |= endStream;
    }

    @Override
    public void onData(int streamId, ByteBuffer data, boolean endStream) {
        Stream s = streams.get(streamId);
        s.take(data);
        s.ended |= endStream;
    }

    @Override
    public void onStreamReset(int streamId, ErrorCode errorCode, boolean byPeer) {
        Stream s = streams.get(streamId);
        if (s != null) {
            s.reset = true;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }

    /**
     * One WebSocket on the connection.
     *
     * <p>Thread safety: test thread only.
     */
    final class Stream {
        final int id;
        int status;
        List<Header> headers = List.of();
        boolean ended;
        boolean reset;
        private final WebSocketEncoder encoder = new WebSocketEncoder(true);
        private final WebSocketInbox inbox = new WebSocketInbox(64 << 20, ping -> { });
        private String failure;

        Stream(int id) {
            this.id = id;
        }

        void send(int opcode, boolean fin, byte[] payload) throws IOException, Http2Exception {
            write(encoder.frame(opcode, fin, ByteBuffer.wrap(payload)));
        }

        void sendText(String text) throws IOException, Http2Exception {
            send(WebSocketProtocol.TEXT, true, text.getBytes(StandardCharsets.UTF_8));
        }

        void sendClose(int code, String reason) throws IOException, Http2Exception {
            write(encoder.close(code, reason));
        }

        /** END_STREAM: the client's half-close of the tunnel (RFC 8441 §5). */
        void end() throws IOException, Http2Exception {
            h2.sendData(id, ByteBuffer.allocate(0), true);
            flush();
        }

        void resetStream() throws IOException, Http2Exception {
            h2.reset(id, ErrorCode.CANCEL);
            flush();
        }

        private void write(ByteBuffer frame) throws IOException, Http2Exception {
            while (frame.hasRemaining()) {
                h2.sendData(id, frame, false);
                flush();
                if (frame.hasRemaining()) {
                    readOnce(); // wait for WINDOW_UPDATEs
                }
            }
        }

        /** The next message, pong or close frame; pings are answered. */
        Event receive() throws IOException, Http2Exception {
            Event e;
            while ((e = inbox.poll()) == null) {
                if (failure != null) {
                    throw new IOException(failure);
                }
                if (ended || reset) {
                    throw new java.io.EOFException("stream ended" + (reset ? " by a reset" : ""));
                }
                readOnce();
            }
            return e;
        }

        /** Reads until the stream closed (both END_STREAMs) or was reset; true if it closed. */
        boolean awaitClosed() throws IOException, Http2Exception {
            while (!reset && h2.streamState(id) != StreamState.CLOSED) {
                readOnce();
            }
            return !reset;
        }

        void take(ByteBuffer data) {
            try {
                inbox.take(data);
            } catch (WebSocketException e) {
                failure = e.getMessage();
            }
        }
    }

    /** Names of the answer's regular fields, for assertions. */
    static List<String> names(List<Header> headers) {
        List<String> n = new ArrayList<>();
        headers.forEach(h -> n.add(h.name()));
        return n;
    }
}
