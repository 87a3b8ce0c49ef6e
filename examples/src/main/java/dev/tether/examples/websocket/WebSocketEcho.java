package dev.tether.examples.websocket;

import dev.tether.core.annotations.ThreadConfined;

import java.nio.ByteBuffer;

/**
 * The server side of the origin's {@code /ws/echo}: every text or binary message comes back as one
 * frame of the same type, every ping gets its pong, and the close handshake is answered with the
 * client's own code (RFC 6455 §5.5.1) before the server ends the transport (§7.1.1). Input that
 * breaks RFC 6455 is answered with a close frame carrying the {@link WebSocketException}'s code.
 *
 * <p>Invariants: frames split across reads are held in {@code partial} until complete; after the close
 * frame is sent nothing else is sent and input is dropped.
 *
 * <p>Thread safety: confined to the loop of its transport.
 */
@ThreadConfined("event loop")
public final class WebSocketEcho implements WebSocketListener {
    /** The largest message echoed: more is closed with 1009. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final FrameSink sink;
    private final WebSocketDecoder decoder = new WebSocketDecoder(true, MAX_MESSAGE_BYTES);
    private final WebSocketEncoder encoder = new WebSocketEncoder(false);
    /** Bytes of an incomplete frame head, in write mode; null when none is held. */
    private ByteBuffer partial;
    private boolean closeSent;
    private long messages;

    /**
     * Creates the endpoint.
     *
     * @param sink where its frames go
     */
    public WebSocketEcho(FrameSink sink) {
        this.sink = sink;
    }

    /** Messages echoed so far. */
    public long messages() {
        return messages;
    }

    /**
     * Takes bytes from the client; consumes all of them.
     *
     * @param in the bytes
     */
    public void onBytes(ByteBuffer in) {
        if (closeSent) {
            in.position(in.limit());
            return;
        }
        ByteBuffer src = in;
        if (partial != null) {
            partial = grow(partial, in.remaining()).put(in);
            src = partial.flip();
        }
        try {
            decoder.onBytes(src, this);
        } catch (WebSocketException e) {
            close(e.closeCode(), "");
            src.position(src.limit());
        }
        keep(src);
    }

    /** The client ended its side without a close frame: end ours. */
    public void onEndOfInput() {
        if (!closeSent) {
            closeSent = true;
            sink.end();
        }
    }

    private void keep(ByteBuffer src) {
        if (!src.hasRemaining()) {
            partial = null;
        } else if (src == partial) {
            partial.compact();
        } else {
            partial = grow(null, src.remaining()).put(src);
        }
    }

    private static ByteBuffer grow(ByteBuffer b, int more) {
        int used = b == null ? 0 : b.position();
        if (b != null && b.remaining() >= more) {
            return b;
        }
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(64, (used + more) * 2));
        if (b != null) {
            bigger.put(b.flip());
        }
        return bigger;
    }

    @Override
    public void onMessage(boolean text, ByteBuffer payload) {
        messages++;
        sink.send(encoder.frame(text ? WebSocketProtocol.TEXT : WebSocketProtocol.BINARY, true, payload));
    }

    @Override
    public void onPing(ByteBuffer payload) {
        sink.send(encoder.frame(WebSocketProtocol.PONG, true, payload));
    }

    @Override
    public void onClose(int code, String reason) {
        close(code, reason);
    }

    private void close(int code, String reason) {
        if (closeSent) {
            return;
        }
        closeSent = true;
        sink.send(encoder.close(code, reason));
        sink.end();
    }
}
