package dev.tether.examples.websocket;

import dev.tether.core.annotations.NotThreadSafe;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Builds WebSocket frames (RFC 6455 §5.2) for one direction of one connection: a client masks every
 * frame with a fresh key from a strong random source (§5.3), a server never masks. Each frame is
 * returned whole, in its own buffer, ready to be written.
 *
 * <p>Invariants: lengths use their minimal encoding; control frames are unfragmented and at most 125
 * bytes; a close frame carries a code an endpoint may send, or nothing.
 *
 * <p>Thread safety: not thread-safe; one per connection direction.
 */
@NotThreadSafe
public final class WebSocketEncoder {
    private final SecureRandom masks;

    /**
     * Creates an encoder.
     *
     * @param client true to mask every frame (a client), false for a server
     */
    public WebSocketEncoder(boolean client) {
        this.masks = client ? new SecureRandom() : null;
    }

    /**
     * One frame.
     *
     * @param opcode one of {@link WebSocketProtocol}'s opcodes
     * @param fin true for the last (or only) frame of a message
     * @param payload the payload; read from its position to its limit, not moved
     * @return the frame, in read mode
     * @throws IllegalArgumentException for a reserved opcode, or a control frame that is fragmented or
     *     over 125 bytes
     */
    public ByteBuffer frame(int opcode, boolean fin, ByteBuffer payload) {
        int n = payload.remaining();
        if (!WebSocketProtocol.knownOpcode(opcode)) {
            throw new IllegalArgumentException("reserved opcode " + opcode);
        }
        if (opcode >= WebSocketProtocol.CLOSE && (!fin || n > WebSocketProtocol.MAX_CONTROL_PAYLOAD)) {
            throw new IllegalArgumentException("control frame fragmented or over 125 bytes: " + n);
        }
        int lengthBytes = n < 126 ? 0 : n <= 0xFFFF ? 2 : 8;
        ByteBuffer out = ByteBuffer.allocate(2 + lengthBytes + (masks != null ? 4 : 0) + n);
        out.put((byte) ((fin ? 0x80 : 0) | opcode));
        int maskBit = masks != null ? 0x80 : 0;
        if (lengthBytes == 0) {
            out.put((byte) (maskBit | n));
        } else if (lengthBytes == 2) {
            out.put((byte) (maskBit | 126)).putShort((short) n);
        } else {
            out.put((byte) (maskBit | 127)).putLong(n);
        }
        int start = out.position() + (masks != null ? 4 : 0);
        if (masks != null) {
            out.putInt(masks.nextInt());
        }
        out.put(payload.duplicate());
        if (masks != null) {
            for (int i = 0; i < n; i++) {
                out.put(start + i, (byte) (out.get(start + i) ^ out.get(start - 4 + (i & 3))));
            }
        }
        return out.flip();
    }

    /**
     * A whole text message in one frame.
     *
     * @param text the text
     * @return the frame, in read mode
     */
    public ByteBuffer text(String text) {
        return frame(WebSocketProtocol.TEXT, true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A close frame (RFC 6455 §5.5.1).
     *
     * @param code a code {@link WebSocketProtocol#validCloseCode} accepts, or
     *     {@link WebSocketProtocol#NO_STATUS} for an empty close frame
     * @param reason the reason, at most 123 bytes of UTF-8 (ignored without a code)
     * @return the frame, in read mode
     * @throws IllegalArgumentException for a code that may not be sent or a reason too long
     */
    public ByteBuffer close(int code, String reason) {
        if (code == WebSocketProtocol.NO_STATUS) {
            return frame(WebSocketProtocol.CLOSE, true, ByteBuffer.allocate(0));
        }
        if (!WebSocketProtocol.validCloseCode(code)) {
            throw new IllegalArgumentException("close code may not be sent: " + code);
        }
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        if (r.length > WebSocketProtocol.MAX_CONTROL_PAYLOAD - 2) {
            throw new IllegalArgumentException("close reason over 123 bytes: " + r.length);
        }
        ByteBuffer p = ByteBuffer.allocate(2 + r.length).putShort((short) code).put(r).flip();
        return frame(WebSocketProtocol.CLOSE, true, p);
    }
}
