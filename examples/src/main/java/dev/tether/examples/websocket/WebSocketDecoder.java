package dev.tether.examples.websocket;

import dev.tether.core.annotations.NotThreadSafe;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A strict, sans-IO parser of WebSocket frames (RFC 6455 §5) for one direction of one connection:
 * unmasks, joins fragments into messages, checks text as UTF-8 as it arrives, and reports messages,
 * pings, pongs and the close frame to a {@link WebSocketListener}. Anything RFC 6455 says to fail the
 * connection for is a {@link WebSocketException} carrying the close code to send.
 *
 * <p>Checks: reserved bits without an extension, reserved opcodes, the masking the role requires
 * (§5.1: client frames masked, server frames not), control frames fragmented or over 125 bytes,
 * lengths not in their minimal encoding or with the top bit set (§5.2), a continuation with no
 * message started or a new message inside a fragmented one (§5.4), text that is not UTF-8 (§8.1), a
 * close payload of one byte, a close code that may not be sent, or a close reason that is not UTF-8
 * (§5.5.1, §7.4), and messages over the limit (1009).
 *
 * <p>Invariants: {@link #onBytes} consumes whole frame heads only (a head split across calls stays in
 * the caller's buffer), and payload bytes as they come; after a close frame or an exception nothing
 * more is consumed; the message buffer never grows past the limit.
 *
 * <p>Thread safety: not thread-safe; one per connection direction.
 */
@NotThreadSafe
public final class WebSocketDecoder {
    private final boolean fromClient;
    private final int maxMessageBytes;
    private final Utf8Check utf8 = new Utf8Check();
    private final byte[] control = new byte[WebSocketProtocol.MAX_CONTROL_PAYLOAD];
    private byte[] message = new byte[1024];
    private int messageLength;
    /** Opcode of the message being assembled (TEXT or BINARY), or −1 between messages. */
    private int messageOpcode = -1;
    /** Frame in progress: its opcode, FIN bit, payload bytes left, mask and position in the mask. */
    private boolean inFrame;
    private int opcode;
    private boolean fin;
    private long remaining;
    private int controlLength;
    private byte[] mask;
    private int maskIndex;
    /** Once true, always true: a close frame arrived, or the input was rejected. */
    private boolean done;

    /**
     * Creates a decoder.
     *
     * @param fromClient true in a server, which reads masked client frames; false in a client
     * @param maxMessageBytes the largest message accepted, ≥ 125
     */
    public WebSocketDecoder(boolean fromClient, int maxMessageBytes) {
        if (maxMessageBytes < WebSocketProtocol.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("maxMessageBytes < 125: " + maxMessageBytes);
        }
        this.fromClient = fromClient;
        this.maxMessageBytes = maxMessageBytes;
        this.mask = fromClient ? new byte[4] : null;
    }

    /** True once the peer's close frame arrived or its input was rejected. */
    public boolean done() {
        return done;
    }

    /**
     * Parses frames and reports events.
     *
     * @param in received bytes; its position advances over what was consumed
     * @param l receives the events
     * @throws WebSocketException if the input breaks RFC 6455; nothing more is consumed afterwards
     */
    public void onBytes(ByteBuffer in, WebSocketListener l) throws WebSocketException {
        try {
            while (!done && in.hasRemaining()) {
                if (!inFrame && !head(in)) {
                    return;
                }
                if (inFrame) {
                    payload(in);
                    if (remaining == 0) {
                        endFrame(l);
                    }
                }
            }
        } catch (WebSocketException e) {
            done = true;
            throw e;
        }
    }

    /** Reads a frame head if it is all there; false if more bytes are needed. */
    private boolean head(ByteBuffer in) throws WebSocketException {
        if (in.remaining() < 2) {
            return false;
        }
        int p = in.position();
        int b0 = in.get(p) & 0xFF;
        int b1 = in.get(p + 1) & 0xFF;
        int len7 = b1 & 0x7F;
        boolean masked = (b1 & 0x80) != 0;
        int need = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + (masked ? 4 : 0);
        if (in.remaining() < need) {
            return false;
        }
        in.position(p + 2);
        long length = len7 == 126 ? in.getShort() & 0xFFFF : len7 == 127 ? in.getLong() : len7;
        if (masked) {
            in.get(mask == null ? new byte[4] : mask);
        }
        start(b0, masked, len7, length);
        return true;
    }

    private void start(int b0, boolean masked, int len7, long length) throws WebSocketException {
        fin = (b0 & 0x80) != 0;
        opcode = b0 & 0x0F;
        if ((b0 & 0x70) != 0) {
            throw protocol("reserved bits set without an extension"); // §5.2
        }
        if (!WebSocketProtocol.knownOpcode(opcode)) {
            throw protocol("reserved opcode " + opcode); // §5.2
        }
        if (masked != fromClient) {
            throw protocol(fromClient ? "unmasked frame from a client" : "masked frame from a server"); // §5.1
        }
        if (length < 0 || (len7 == 126 && length < 126) || (len7 == 127 && length <= 0xFFFF)) {
            throw protocol("length not in its minimal encoding"); // §5.2
        }
        if (opcode >= WebSocketProtocol.CLOSE) {
            if (!fin || length > WebSocketProtocol.MAX_CONTROL_PAYLOAD) {
                throw protocol("control frame fragmented or over 125 bytes"); // §5.5
            }
            controlLength = 0;
        } else if (opcode == WebSocketProtocol.CONTINUATION) {
            if (messageOpcode < 0) {
                throw protocol("continuation without a message"); // §5.4
            }
        } else {
            if (messageOpcode >= 0) {
                throw protocol("new message inside a fragmented one"); // §5.4
            }
            messageOpcode = opcode;
            messageLength = 0;
        }
        if (opcode < WebSocketProtocol.CLOSE && messageLength + length > maxMessageBytes) {
            throw new WebSocketException(WebSocketException.TOO_BIG, "message over " + maxMessageBytes + " bytes");
        }
        remaining = length;
        maskIndex = 0;
        inFrame = true;
    }

    private void payload(ByteBuffer in) throws WebSocketException {
        int n = (int) Math.min(remaining, in.remaining());
        byte[] dst;
        int at;
        if (opcode >= WebSocketProtocol.CLOSE) {
            dst = control;
            at = controlLength;
            controlLength += n;
        } else {
            ensureRoom(n);
            dst = message;
            at = messageLength;
            messageLength += n;
        }
        in.get(dst, at, n);
        if (mask != null) {
            for (int i = at; i < at + n; i++) {
                dst[i] ^= mask[maskIndex++ & 3];
            }
        }
        remaining -= n;
        if (opcode < WebSocketProtocol.CLOSE && messageOpcode == WebSocketProtocol.TEXT
                && !utf8.accept(ByteBuffer.wrap(dst, at, n))) {
            throw new WebSocketException(WebSocketException.INVALID_DATA, "text message is not UTF-8"); // §8.1
        }
    }

    private void ensureRoom(int n) {
        if (messageLength + n > message.length) {
            int size = Math.min(maxMessageBytes, Math.max(message.length * 2, messageLength + n));
            message = java.util.Arrays.copyOf(message, size);
        }
    }

    private void endFrame(WebSocketListener l) throws WebSocketException {
        inFrame = false;
        switch (opcode) {
            case WebSocketProtocol.PING -> l.onPing(ByteBuffer.wrap(control, 0, controlLength).asReadOnlyBuffer());
            case WebSocketProtocol.PONG -> l.onPong(ByteBuffer.wrap(control, 0, controlLength).asReadOnlyBuffer());
            case WebSocketProtocol.CLOSE -> close(l);
            default -> {
                if (fin) {
                    boolean text = messageOpcode == WebSocketProtocol.TEXT;
                    messageOpcode = -1;
                    if (text && !utf8.complete()) {
                        throw new WebSocketException(WebSocketException.INVALID_DATA, "text ends inside a character");
                    }
                    l.onMessage(text, ByteBuffer.wrap(message, 0, messageLength).asReadOnlyBuffer());
                }
            }
        }
    }

    private void close(WebSocketListener l) throws WebSocketException {
        done = true;
        if (controlLength == 0) {
            l.onClose(WebSocketProtocol.NO_STATUS, "");
            return;
        }
        if (controlLength == 1) {
            throw protocol("close payload of one byte"); // §5.5.1
        }
        int code = ((control[0] & 0xFF) << 8) | (control[1] & 0xFF);
        if (!WebSocketProtocol.validCloseCode(code)) {
            throw protocol("close code " + code + " may not be sent"); // §7.4
        }
        Utf8Check reason = new Utf8Check();
        if (!reason.accept(ByteBuffer.wrap(control, 2, controlLength - 2)) || !reason.complete()) {
            throw new WebSocketException(WebSocketException.INVALID_DATA, "close reason is not UTF-8");
        }
        l.onClose(code, new String(control, 2, controlLength - 2, StandardCharsets.UTF_8));
    }

    private static WebSocketException protocol(String what) {
        return new WebSocketException(WebSocketException.PROTOCOL_ERROR, what);
    }
}
