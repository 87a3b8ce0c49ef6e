package dev.tether.examples.load;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.websocket.WebSocketEncoder;
import dev.tether.examples.websocket.WebSocketException;
import dev.tether.examples.websocket.WebSocketProtocol;
import dev.tether.http1.Http1ClientCodec;
import dev.tether.http1.Http1CodecState;
import dev.tether.http1.Http1Exception;
import dev.tether.http1.Http1Fields;
import dev.tether.http1.Http1Head;
import dev.tether.http1.Http1Listener;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client on one blocking socket (RFC 6455), built on Tether's HTTP/1.1 codec for the
 * opening handshake and on the examples' frame codec: the client of {@code demo --websocket} and of
 * the end-to-end tests. It checks the server's {@code Sec-WebSocket-Accept}, masks what it sends, and
 * hands every received message, pong and close frame to the caller in order.
 *
 * <p>Invariants: every read waits at most the timeout; once the handshake succeeded, bytes after the
 * 101 head are WebSocket frames; after a close frame arrived, nothing more is read.
 *
 * <p>Thread safety: not thread-safe; one client per thread.
 */
@NotThreadSafe
public final class BlockingWebSocketClient implements AutoCloseable {
    /**
     * One thing the server sent: a message, a pong, or its close frame.
     *
     * <p>Thread safety: immutable.
     *
     * @param opcode {@link WebSocketProtocol#TEXT}, {@code BINARY}, {@code PONG} or {@code CLOSE}
     * @param data the payload (a close frame's reason for {@code CLOSE})
     * @param closeCode the close code for {@code CLOSE}, else 0
     */
    @ThreadSafe
    public record Event(int opcode, byte[] data, int closeCode) {
        /** The payload as UTF-8 text. */
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final WebSocketEncoder encoder = new WebSocketEncoder(true);
    private final WebSocketInbox inbox = new WebSocketInbox(64 << 20, this::pong);
    private final byte[] readBuf = new byte[64 * 1024];
    private final Http1Fields answer;

    private BlockingWebSocketClient(Socket socket, Http1Fields answer, ByteBuffer rest) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.answer = answer;
        decode(rest);
    }

    /**
     * Connects and performs the opening handshake (RFC 6455 §4.1).
     *
     * @param address the server (or the proxy)
     * @param path the request-target, e.g. {@code /ws/echo}
     * @param timeoutMillis connect and read timeout
     * @return the open client
     * @throws IOException if the connection fails or the server does not switch (the message names the
     *     status), or its accept value is wrong
     */
    public static BlockingWebSocketClient open(InetSocketAddress address, String path, int timeoutMillis)
            throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            String key = WebSocketProtocol.newKey();
            Http1ClientCodec codec = new Http1ClientCodec();
            codec.startRequest("GET", path, Http1Fields.of("Host", address.getHostString() + ":" + address.getPort(),
                    "Upgrade", "websocket", "Connection", "Upgrade", "Sec-WebSocket-Key", key,
                    "Sec-WebSocket-Version", "13"));
            codec.endRequest();
            ByteBuffer request = ByteBuffer.allocate(1024);
            codec.pollOutbound(request);
            s.getOutputStream().write(request.array(), 0, request.position());
            Head head = new Head();
            ByteBuffer rest = readHead(s.getInputStream(), codec, head);
            if (head.status != 101 || codec.state() != Http1CodecState.TUNNEL) {
                throw new IOException("no switch: status " + head.status + " " + head.fields);
            }
            if (!WebSocketProtocol.accept(key).equals(head.fields.get("sec-websocket-accept"))) {
                throw new IOException("wrong Sec-WebSocket-Accept: " + head.fields.get("sec-websocket-accept"));
            }
            return new BlockingWebSocketClient(s, head.fields, rest);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static ByteBuffer readHead(InputStream in, Http1ClientCodec codec, Head head) throws IOException {
        byte[] b = new byte[16 * 1024];
        try {
            while (head.status == 0 || (codec.state() == Http1CodecState.BUSY && !codec.responseComplete())) {
                int n = in.read(b);
                if (n < 0) {
                    throw new IOException("closed during the handshake");
                }
                ByteBuffer buf = ByteBuffer.wrap(b, 0, n);
                codec.onBytes(buf, head);
                if (codec.state() == Http1CodecState.TUNNEL) {
                    codec.onBytes(buf, head); // frames that came with the 101
                    return ByteBuffer.wrap(head.tunnel.toByteArray());
                }
            }
        } catch (Http1Exception e) {
            throw new IOException("bad handshake answer: " + e.getMessage(), e);
        }
        return ByteBuffer.allocate(0);
    }

    /** The fields of the server's 101 (e.g. {@code x-conn-id} from the examples' origin). */
    public Http1Fields answer() {
        return answer;
    }

    /**
     * Sends one frame, masked.
     *
     * @param opcode the opcode
     * @param fin true for the last frame of a message
     * @param payload the payload (not moved)
     * @throws IOException on a write failure
     */
    public void send(int opcode, boolean fin, byte[] payload) throws IOException {
        ByteBuffer f = encoder.frame(opcode, fin, ByteBuffer.wrap(payload));
        out.write(f.array(), 0, f.limit());
    }

    /** Sends a whole text message. */
    public void sendText(String text) throws IOException {
        send(WebSocketProtocol.TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a whole binary message. */
    public void sendBinary(byte[] data) throws IOException {
        send(WebSocketProtocol.BINARY, true, data);
    }

    /**
     * Sends a close frame (RFC 6455 §5.5.1); the server's close frame is then read by {@link #receive()}.
     *
     * @param code the code
     * @param reason the reason
     * @throws IOException on a write failure
     */
    public void sendClose(int code, String reason) throws IOException {
        ByteBuffer f = encoder.close(code, reason);
        out.write(f.array(), 0, f.limit());
    }

    /**
     * The next message, pong or close frame; pings are answered with pongs and not returned.
     *
     * @return the event
     * @throws IOException on a read failure, a timeout, end of input, or a frame that breaks RFC 6455
     */
    public Event receive() throws IOException {
        Event e;
        while ((e = inbox.poll()) == null) {
            if (inbox.closed()) {
                throw new IOException("the server's close frame was already received");
            }
            int n = in.read(readBuf);
            if (n < 0) {
                throw new java.io.EOFException("end of input before a frame");
            }
            decode(ByteBuffer.wrap(readBuf, 0, n));
        }
        return e;
    }

    /**
     * Waits (at most the timeout) for the server to close the connection.
     *
     * @return true on end of input or a reset; false if a byte came instead, or nothing within the
     *     timeout (a timeout is not a close)
     */
    public boolean serverClosed() {
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // a reset is a close too
        }
    }

    private void decode(ByteBuffer fresh) throws IOException {
        try {
            inbox.take(fresh);
        } catch (WebSocketException e) {
            throw new IOException("bad frame from the server: " + e.getMessage(), e);
        }
    }

    private void pong(ByteBuffer payload) {
        ByteBuffer f = encoder.frame(WebSocketProtocol.PONG, true, payload);
        try {
            out.write(f.array(), 0, f.limit());
        } catch (IOException e) {
            inbox.add(new Event(WebSocketProtocol.CLOSE, new byte[0], 1006)); // the connection broke
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
     * The handshake answer's head, and tunnel bytes that came with it.
     *
     * <p>Thread safety: confined to the opening thread.
     */
    @NotThreadSafe
    private static final class Head implements Http1Listener {
        int status;
        Http1Fields fields = Http1Fields.EMPTY;
        final java.io.ByteArrayOutputStream tunnel = new java.io.ByteArrayOutputStream();

        @Override
        public void onHead(Http1Head head) {
            status = head.status();
            fields = head.toFields();
        }

        @Override
        public void onTunnelData(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            tunnel.writeBytes(b);
        }
    }
}
