package dev.tether.http2.internal.parser;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.frame.RstStreamFrame;

import java.nio.ByteBuffer;

/**
 * Parses a RST_STREAM payload (RFC 9113 §6.4).
 *
 * <p>Invariants: stateless; a length other than 4 is a connection FRAME_SIZE_ERROR.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class RstStreamBodyParser {
    private RstStreamBodyParser() {
    }

    static void parse(int streamId, ByteBuffer p, FrameListener l) throws Http2Exception {
        BodyChecks.requireStream("RST_STREAM", streamId);
        if (p.remaining() != 4) {
            // RFC 9113 §6.4: a length other than 4 octets is a connection error FRAME_SIZE_ERROR.
            throw Http2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, streamId,
                    "RST_STREAM length " + p.remaining());
        }
        l.onRstStream(new RstStreamFrame(streamId, p.getInt() & 0xffffffffL));
    }
}
