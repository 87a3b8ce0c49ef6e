package dev.tether.http2;

import dev.tether.core.annotations.ThreadSafe;

/**
 * The HTTP/2 error codes of RFC 9113 §7, carried by RST_STREAM and GOAWAY frames and by every
 * {@link Http2Exception}.
 *
 * <p>Invariants: {@link #code()} is the 32-bit value on the wire; {@link #of(long)} maps every value
 * that is not listed to {@link #INTERNAL_ERROR} (RFC 9113 §7: unknown codes trigger no special
 * behaviour and may be treated as INTERNAL_ERROR).
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public enum ErrorCode {
    /** Graceful shutdown, or no error. */
    NO_ERROR(0x0),
    /** A protocol error was detected. */
    PROTOCOL_ERROR(0x1),
    /** An unexpected internal error. */
    INTERNAL_ERROR(0x2),
    /** The flow-control protocol was violated. */
    FLOW_CONTROL_ERROR(0x3),
    /** A SETTINGS frame was not acknowledged in time. */
    SETTINGS_TIMEOUT(0x4),
    /** A frame was received after the stream was half-closed or closed. */
    STREAM_CLOSED(0x5),
    /** A frame had an invalid size. */
    FRAME_SIZE_ERROR(0x6),
    /** The stream was refused before any application processing. */
    REFUSED_STREAM(0x7),
    /** The stream is no longer needed. */
    CANCEL(0x8),
    /** The field section compression context could not be maintained. */
    COMPRESSION_ERROR(0x9),
    /** The connection of a CONNECT request was reset or abnormally closed. */
    CONNECT_ERROR(0xa),
    /** The peer exhibits behaviour that might be generating excessive load. */
    ENHANCE_YOUR_CALM(0xb),
    /** The transport does not meet minimum security requirements. */
    INADEQUATE_SECURITY(0xc),
    /** HTTP/1.1 must be used instead of HTTP/2. */
    HTTP_1_1_REQUIRED(0xd);

    private static final ErrorCode[] BY_CODE = values();

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    /**
     * The value on the wire.
     *
     * @return the 32-bit error code
     */
    public int code() {
        return code;
    }

    /**
     * Maps a wire value to its constant.
     *
     * @param code the unsigned 32-bit value read from a frame
     * @return the matching constant, or {@link #INTERNAL_ERROR} for an unknown value
     */
    public static ErrorCode of(long code) {
        // RFC 9113 §7: unknown error codes MAY be treated as INTERNAL_ERROR.
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : INTERNAL_ERROR;
    }
}
