package dev.tether.http2.internal.parser;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.frame.PriorityFrame;

import java.nio.ByteBuffer;

/**
 * Parses a PRIORITY payload (RFC 9113 §6.3).
 *
 * <p>Invariants: stateless; a length other than 5 is a stream error FRAME_SIZE_ERROR.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class PriorityBodyParser {
    private PriorityBodyParser() {
    }

    static void parse(int streamId, ByteBuffer p, FrameListener l) throws Http2Exception {
        BodyChecks.requireStream("PRIORITY", streamId);
        if (p.remaining() != 5) {
            // RFC 9113 §6.3: a length other than 5 octets is a stream error FRAME_SIZE_ERROR.
            throw Http2Exception.stream(ErrorCode.FRAME_SIZE_ERROR, streamId,
                    "PRIORITY length " + p.remaining());
        }
        l.onPriority(new PriorityFrame(streamId, HeadersBodyParser.readPriority(p)));
    }
}
