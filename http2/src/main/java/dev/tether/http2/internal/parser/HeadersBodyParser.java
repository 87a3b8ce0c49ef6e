package dev.tether.http2.internal.parser;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.frame.Frame;
import dev.tether.http2.frame.HeadersFrame;
import dev.tether.http2.frame.Priority;

import java.nio.ByteBuffer;

/**
 * Parses a HEADERS payload (RFC 9113 §6.2).
 *
 * <p>Invariants: stateless; the priority fields are read and returned, never acted upon.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class HeadersBodyParser {
    private HeadersBodyParser() {
    }

    static void parse(int flags, int streamId, ByteBuffer p, FrameListener l) throws Http2Exception {
        // RFC 9113 §6.2: HEADERS on stream 0 is a connection error PROTOCOL_ERROR.
        BodyChecks.requireStream("HEADERS", streamId);
        boolean hasPriority = (flags & Frame.FLAG_PRIORITY) != 0;
        int pad = BodyChecks.stripPadding("HEADERS", flags, streamId, p, hasPriority ? 5 : 0);
        Priority priority = hasPriority ? readPriority(p) : null;
        l.onHeaders(new HeadersFrame(streamId, p, (flags & Frame.FLAG_END_STREAM) != 0,
                (flags & Frame.FLAG_END_HEADERS) != 0, pad, priority));
    }

    static Priority readPriority(ByteBuffer p) {
        int dep = p.getInt();
        int weight = (p.get() & 0xff) + 1;
        return new Priority(dep & 0x7fffffff, dep < 0, weight);
    }
}
