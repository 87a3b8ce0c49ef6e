package dev.tether.http2.internal.parser;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.frame.Frame;

import java.nio.ByteBuffer;

/**
 * Checks shared by the body parsers: stream id presence, padding, fixed lengths.
 *
 * <p>Invariants: stateless; every failure is a typed {@link Http2Exception}.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class BodyChecks {
    private BodyChecks() {
    }

    static void requireStream(String type, int streamId) throws Http2Exception {
        if (streamId == 0) {
            throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, type + " on stream 0");
        }
    }

    static void requireConnection(String type, int streamId) throws Http2Exception {
        if (streamId != 0) {
            throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, streamId, type + " on stream " + streamId);
        }
    }

    /**
     * Reads the pad length octet when PADDED is set and trims the padding off the payload's limit.
     *
     * @param fixed octets of mandatory fields that follow the pad length (e.g. 5 for HEADERS priority)
     * @return the pad length, or −1 when not padded
     */
    static int stripPadding(String type, int flags, int streamId, ByteBuffer p, int fixed)
            throws Http2Exception {
        if ((flags & Frame.FLAG_PADDED) == 0) {
            if (p.remaining() < fixed) {
                throw tooShort(type, streamId, p.remaining());
            }
            return -1;
        }
        if (p.remaining() < 1 + fixed) {
            throw tooShort(type, streamId, p.remaining());
        }
        int pad = p.get() & 0xff;
        // RFC 9113 §6.1, §6.2, §6.6: padding not shorter than the rest of the payload is a
        // connection error PROTOCOL_ERROR.
        if (pad > p.remaining() - fixed) {
            throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, streamId,
                    type + " padding " + pad + " exceeds payload " + p.remaining());
        }
        p.limit(p.limit() - pad);
        return pad;
    }

    static Http2Exception tooShort(String type, int streamId, int length) {
        return Http2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, streamId,
                type + " payload too short: " + length);
    }

    static int readStreamId(ByteBuffer p) {
        // RFC 9113 §4.1: reserved bit ignored.
        return p.getInt() & 0x7fffffff;
    }
}
