package dev.tether.http2.internal.parser;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.frame.Frame;
import dev.tether.http2.frame.PingFrame;

import java.nio.ByteBuffer;

/**
 * Parses a PING payload (RFC 9113 §6.7).
 *
 * <p>Invariants: stateless; a length other than 8 is a connection FRAME_SIZE_ERROR.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class PingBodyParser {
    private PingBodyParser() {
    }

    static void parse(int flags, int streamId, ByteBuffer p, FrameListener l) throws Http2Exception {
        BodyChecks.requireConnection("PING", streamId);
        if (p.remaining() != 8) {
            // RFC 9113 §6.7: a length other than 8 is a connection error FRAME_SIZE_ERROR.
            throw Http2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "PING length " + p.remaining());
        }
        l.onPing(new PingFrame((flags & Frame.FLAG_ACK) != 0, p.getLong()));
    }
}
