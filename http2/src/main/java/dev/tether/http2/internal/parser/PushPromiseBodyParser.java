package dev.tether.http2.internal.parser;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.frame.Frame;
import dev.tether.http2.frame.PushPromiseFrame;

import java.nio.ByteBuffer;

/**
 * Parses a PUSH_PROMISE payload (RFC 9113 §6.6).
 *
 * <p>Invariants: stateless; a promised stream id of 0 is a connection PROTOCOL_ERROR.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class PushPromiseBodyParser {
    private PushPromiseBodyParser() {
    }

    static void parse(int flags, int streamId, ByteBuffer p, FrameListener l) throws Http2Exception {
        BodyChecks.requireStream("PUSH_PROMISE", streamId);
        int pad = BodyChecks.stripPadding("PUSH_PROMISE", flags, streamId, p, 4);
        int promised = BodyChecks.readStreamId(p);
        if (promised == 0) {
            throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, streamId, "PUSH_PROMISE of stream 0");
        }
        l.onPushPromise(new PushPromiseFrame(streamId, promised, p, (flags & Frame.FLAG_END_HEADERS) != 0, pad));
    }
}
