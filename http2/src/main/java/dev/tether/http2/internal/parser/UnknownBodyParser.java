package dev.tether.http2.internal.parser;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.frame.UnknownFrame;

import java.nio.ByteBuffer;

/**
 * Passes a frame of unknown type on as an {@link UnknownFrame} (RFC 9113 §4.1: to be ignored).
 *
 * <p>Invariants: stateless.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class UnknownBodyParser {
    private UnknownBodyParser() {
    }

    static void parse(int type, int flags, int streamId, ByteBuffer p, FrameListener l) throws Http2Exception {
        l.onUnknown(new UnknownFrame(type, flags, streamId, p));
    }
}
