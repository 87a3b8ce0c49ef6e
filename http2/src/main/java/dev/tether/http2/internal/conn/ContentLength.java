package dev.tether.http2.internal.conn;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Header;
import dev.tether.http2.Http2Exception;

import java.util.List;

/**
 * RFC 9113 §8.1.1: a request or response whose {@code content-length} does not equal the sum of its
 * DATA payloads is malformed, a stream error PROTOCOL_ERROR that leaves the other streams alone. Reads
 * the declared length from a received head and checks each received DATA frame and the end of the
 * stream against it.
 *
 * <p>Invariants: stateless; the per-stream counts live on {@link H2Stream}; a length is checked only
 * for content that must be there (not for a response to HEAD, nor for a 304, RFC 9110 §8.6).
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class ContentLength {
    private ContentLength() {
    }

    /**
     * Reads the declared length of a received head into {@code s}.
     *
     * @param s the stream
     * @param fields the head's fields
     * @param status the response status, or {@link HeaderValidator#NO_STATUS} for a request
     * @param endStream the head ends the stream
     * @throws Http2Exception a stream error PROTOCOL_ERROR for an invalid or repeated differing value,
     *     or a non-zero length on a head that ends the stream
     */
    static void declare(H2Stream s, List<Header> fields, int status, boolean endStream) throws Http2Exception {
        long declared = -1;
        for (int i = 0; i < fields.size(); i++) {
            Header h = fields.get(i);
            if (h.name().equals("content-length")) {
                long v = parse(h.value(), s.id);
                if (declared >= 0 && v != declared) {
                    throw malformed(s.id, "differing content-length values");
                }
                declared = v;
            }
        }
        if (s.headRequest || status == 304) {
            declared = -1; // the length describes a representation that is not sent (RFC 9110 §8.6)
        }
        s.declaredLength = declared;
        s.receivedLength = 0;
        if (endStream && declared > 0) {
            throw malformed(s.id, "content-length " + declared + " but no DATA");
        }
    }

    /**
     * Counts a received DATA payload.
     *
     * @param s the stream
     * @param payload the DATA payload length, padding excluded
     * @param endStream the frame ends the stream
     * @throws Http2Exception a stream error PROTOCOL_ERROR when the payloads pass the declared length,
     *     or end short of it
     */
    static void data(H2Stream s, int payload, boolean endStream) throws Http2Exception {
        s.receivedLength += payload;
        if (s.declaredLength >= 0 && (s.receivedLength > s.declaredLength || endStream
                && s.receivedLength != s.declaredLength)) {
            throw malformed(s.id, "content-length " + s.declaredLength + " but " + s.receivedLength
                    + (endStream ? " DATA bytes" : " DATA bytes so far"));
        }
    }

    /**
     * The stream ended with trailers.
     *
     * @param s the stream
     * @throws Http2Exception a stream error PROTOCOL_ERROR when the payloads end short of the length
     */
    static void end(H2Stream s) throws Http2Exception {
        if (s.declaredLength >= 0 && s.receivedLength != s.declaredLength) {
            throw malformed(s.id, "content-length " + s.declaredLength + " but " + s.receivedLength + " DATA bytes");
        }
    }

    private static long parse(String v, int streamId) throws Http2Exception {
        if (v.isEmpty() || v.length() > 18) {
            throw malformed(streamId, "invalid content-length");
        }
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                throw malformed(streamId, "invalid content-length");
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static Http2Exception malformed(int streamId, String why) {
        return Http2Exception.stream(ErrorCode.PROTOCOL_ERROR, streamId, "malformed: " + why);
    }
}
