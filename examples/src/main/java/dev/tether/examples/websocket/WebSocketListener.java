package dev.tether.examples.websocket;

import dev.tether.core.annotations.ThreadConfined;

import java.nio.ByteBuffer;

/**
 * What a {@link WebSocketDecoder} reports: whole messages (fragments joined), control frames, and
 * the close frame after which nothing else is reported.
 *
 * <p>Invariants: payload buffers are read-only views owned by the decoder, valid during the call only.
 *
 * <p>Thread safety: called on the thread that feeds the decoder.
 */
@ThreadConfined("decoder thread")
public interface WebSocketListener {
    /**
     * A complete message.
     *
     * @param text true for a text message (already checked to be UTF-8), false for binary
     * @param payload the message, unmasked
     */
    void onMessage(boolean text, ByteBuffer payload);

    /**
     * A ping (RFC 6455 §5.5.2): the endpoint answers with a pong carrying the same payload.
     *
     * @param payload the application data, at most 125 bytes
     */
    default void onPing(ByteBuffer payload) {
    }

    /**
     * A pong.
     *
     * @param payload the application data, at most 125 bytes
     */
    default void onPong(ByteBuffer payload) {
    }

    /**
     * The peer's close frame (RFC 6455 §5.5.1); nothing follows it.
     *
     * @param code its status code, or {@link WebSocketProtocol#NO_STATUS} when it carried none
     * @param reason its reason text, possibly empty
     */
    void onClose(int code, String reason);
}
