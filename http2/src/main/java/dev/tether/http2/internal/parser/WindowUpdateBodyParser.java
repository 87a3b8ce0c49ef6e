package dev.tether.http2.internal.parser;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.frame.WindowUpdateFrame;

import java.nio.ByteBuffer;

/**
 * Parses a WINDOW_UPDATE payload (RFC 9113 §6.9).
 *
 * <p>Invariants: stateless; length other than 4 is a connection FRAME_SIZE_ERROR; an increment of 0
 * is a PROTOCOL_ERROR, of stream scope on a stream and of connection scope on stream 0.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class WindowUpdateBodyParser {
    private WindowUpdateBodyParser() {
    }

    static void parse(int streamId, ByteBuffer p, FrameListener l) throws Http2Exception {
        if (p.remaining() != 4) {
            // RFC 9113 §6.9: a length other than 4 is a connection error FRAME_SIZE_ERROR.
            throw Http2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, streamId,
                    "WINDOW_UPDATE length " + p.remaining());
        }
        int increment = p.getInt() & 0x7fffffff;
        if (increment == 0) {
            // RFC 9113 §6.9: an increment of 0 is a stream error, or a connection error on stream 0.
            if (streamId == 0) {
                throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE increment 0");
            }
            throw Http2Exception.stream(ErrorCode.PROTOCOL_ERROR, streamId, "WINDOW_UPDATE increment 0");
        }
        l.onWindowUpdate(new WindowUpdateFrame(streamId, increment));
    }
}
