package dev.tether.examples.origin;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.websocket.FrameSink;
import dev.tether.examples.websocket.WebSocketEcho;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Http2Connection;
import dev.tether.http2.Http2Exception;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The origin's {@code /ws/echo} on one RFC 8441 stream of its h2c side: DATA carries the WebSocket
 * frames both ways, END_STREAM ends a direction (RFC 8441 §5). Echo frames are queued whole and
 * handed to the connection as its windows and queue allow; a client that lets more than
 * {@link OriginWebSocket#MAX_QUEUED} bytes pile up has its stream reset.
 *
 * <p>Invariants: {@code queued} is the sum of the bytes left in {@code queue}; END_STREAM is sent once,
 * after the last queued byte.
 *
 * <p>Thread safety: confined to its connection's loop.
 */
@ThreadConfined("event loop")
final class OriginH2WebSocket implements FrameSink {
    private final Http2Connection h2;
    private final int streamId;
    private final WebSocketEcho echo = new WebSocketEcho(this);
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private long queued;
    private boolean ending;
    private boolean ended;

    OriginH2WebSocket(Http2Connection h2, int streamId) {
        this.h2 = h2;
        this.streamId = streamId;
    }

    /** DATA from the client. */
    void onData(ByteBuffer data, boolean endStream) {
        echo.onBytes(data);
        if (endStream) {
            echo.onEndOfInput();
        }
    }

    @Override
    public void send(ByteBuffer frame) {
        queue.add(frame);
        queued += frame.remaining();
        if (queued > OriginWebSocket.MAX_QUEUED) {
            reset();
            return;
        }
        pump();
    }

    @Override
    public void end() {
        ending = true;
        pump();
    }

    /** Hands queued bytes to the connection as far as its windows and queue allow. */
    void pump() {
        try {
            while (!queue.isEmpty() && !ended) {
                ByteBuffer f = queue.peek();
                int before = f.remaining();
                h2.sendData(streamId, f, false);
                queued -= before - f.remaining();
                if (f.hasRemaining()) {
                    return; // resumes on WINDOW_UPDATE
                }
                queue.poll();
            }
            if (ending && !ended) {
                ended = true;
                h2.sendData(streamId, ByteBuffer.allocate(0), true);
            }
        } catch (Http2Exception | IllegalStateException e) {
            ended = true; // the stream was reset or the connection failed meanwhile
        }
    }

    private void reset() {
        ended = true;
        queue.clear();
        try {
            h2.reset(streamId, ErrorCode.ENHANCE_YOUR_CALM);
        } catch (Http2Exception | IllegalStateException ignored) {
            // already closed
        }
    }
}
