package dev.tether.http2.internal.parser;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.frame.ContinuationFrame;
import dev.tether.http2.frame.Frame;

import java.nio.ByteBuffer;

/**
 * Parses a CONTINUATION payload (RFC 9113 §6.10).
 *
 * <p>Invariants: stateless; sequencing (a CONTINUATION must follow HEADERS or CONTINUATION of the
 * same stream) is checked by the connection.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class ContinuationBodyParser {
    private ContinuationBodyParser() {
    }

    static void parse(int flags, int streamId, ByteBuffer p, FrameListener l) throws Http2Exception {
        BodyChecks.requireStream("CONTINUATION", streamId);
        l.onContinuation(new ContinuationFrame(streamId, p, (flags & Frame.FLAG_END_HEADERS) != 0));
    }
}
