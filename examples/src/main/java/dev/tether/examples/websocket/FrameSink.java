package dev.tether.examples.websocket;

import dev.tether.core.annotations.ThreadConfined;

import java.nio.ByteBuffer;

/**
 * Where a WebSocket endpoint's frames go: the raw socket after an HTTP/1.1 upgrade, or the DATA of
 * an extended CONNECT stream (RFC 8441).
 *
 * <p>Thread safety: called on the loop that drives the transport.
 */
@ThreadConfined("event loop")
public interface FrameSink {
    /**
     * Queues a whole frame; the sink writes it as the transport drains, in order.
     *
     * @param frame the frame, in read mode; the sink owns it from now on
     */
    void send(ByteBuffer frame);

    /** No frame follows: end the transport once every queued frame was written (FIN, or END_STREAM). */
    void end();
}
