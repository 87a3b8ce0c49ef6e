package dev.tether.http2.internal.parser;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.frame.GoAwayFrame;

import java.nio.ByteBuffer;

/**
 * Parses a GOAWAY payload (RFC 9113 §6.8).
 *
 * <p>Invariants: stateless; a payload shorter than 8 is a connection FRAME_SIZE_ERROR.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class GoAwayBodyParser {
    private GoAwayBodyParser() {
    }

    static void parse(int streamId, ByteBuffer p, FrameListener l) throws Http2Exception {
        BodyChecks.requireConnection("GOAWAY", streamId);
        if (p.remaining() < 8) {
            throw BodyChecks.tooShort("GOAWAY", 0, p.remaining());
        }
        int last = BodyChecks.readStreamId(p);
        long code = p.getInt() & 0xffffffffL;
        l.onGoAway(new GoAwayFrame(last, code, p));
    }
}
