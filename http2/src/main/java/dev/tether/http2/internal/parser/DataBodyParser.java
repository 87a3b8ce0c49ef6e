package dev.tether.http2.internal.parser;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.frame.DataFrame;
import dev.tether.http2.frame.Frame;

import java.nio.ByteBuffer;

/**
 * Parses a DATA payload (RFC 9113 §6.1).
 *
 * <p>Invariants: stateless; rejects stream 0 and over-long padding as connection PROTOCOL_ERROR.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class DataBodyParser {
    private DataBodyParser() {
    }

    static void parse(int flags, int streamId, ByteBuffer p, FrameListener l) throws Http2Exception {
        // RFC 9113 §6.1: DATA on stream 0 is a connection error PROTOCOL_ERROR.
        BodyChecks.requireStream("DATA", streamId);
        int pad = BodyChecks.stripPadding("DATA", flags, streamId, p, 0);
        l.onData(new DataFrame(streamId, p, (flags & Frame.FLAG_END_STREAM) != 0, pad));
    }
}
