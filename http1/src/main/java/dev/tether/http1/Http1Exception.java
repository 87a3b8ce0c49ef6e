package dev.tether.http1;

import dev.tether.core.annotations.ThreadSafe;

/**
 * A rejection of HTTP/1.1 input by a codec: the message is malformed, hostile, exceeds a configured
 * limit, or arrived when none was expected. It carries a {@link Reason} and the byte offset, counted
 * from the first byte of the message being parsed (leading empty lines included), at which the
 * problem was detected.
 *
 * <p>Invariants: {@link #reason()} is never {@code null}; {@link #offset()} is {@code -1} only when
 * the problem has no position (for example {@link Reason#INTERNAL} or end of input). Once a codec has
 * thrown one, it is in a terminal failed state and rethrows nothing new.
 *
 * <p>Thread safety: immutable once thrown.
 */
@ThreadSafe
public final class Http1Exception extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Why input was rejected. Each constant names the rule of RFC 9112 / RFC 9110 it enforces.
     *
     * <p>Thread safety: immutable.
     */
    @ThreadSafe
    public enum Reason {
        /** An unexpected failure inside the codec (a bug); the cause is attached. */
        INTERNAL,
        /** The request line or status line exceeds {@link Http1Config#maxStartLineLength()}. */
        START_LINE_TOO_LONG,
        /** The field section exceeds {@link Http1Config#maxHeaderSectionSize()}. */
        HEADER_SECTION_TOO_LARGE,
        /** More field lines than {@link Http1Config#maxFieldCount()} (head or trailers). */
        TOO_MANY_FIELDS,
        /** A chunk extension exceeds {@link Http1Config#maxChunkExtensionLength()}. */
        CHUNK_EXTENSION_TOO_LONG,
        /** The trailer section exceeds {@link Http1Config#maxTrailerSize()}. */
        TRAILER_SECTION_TOO_LARGE,
        /** The request line is not {@code method SP request-target SP HTTP-version} (RFC 9112 §3). */
        INVALID_REQUEST_LINE,
        /** The method is not a token (RFC 9110 §9.1). */
        INVALID_METHOD,
        /** The request-target has invalid characters or the wrong form for its method (RFC 9112 §3.2). */
        INVALID_REQUEST_TARGET,
        /** The HTTP-version is not {@code HTTP/1.0} or {@code HTTP/1.1} (RFC 9112 §2.3). */
        INVALID_VERSION,
        /** The status line is not {@code HTTP-version SP 3DIGIT SP reason} (RFC 9112 §4). */
        INVALID_STATUS_LINE,
        /** A field name is empty or not a token (RFC 9110 §5.1). */
        INVALID_FIELD_NAME,
        /** Whitespace between a field name and the colon (RFC 9112 §5.1: MUST reject). */
        WHITESPACE_BEFORE_COLON,
        /** A field line without a colon (RFC 9112 §5). */
        MISSING_COLON,
        /** A field value holds NUL, a control character or DEL (RFC 9110 §5.5). */
        INVALID_FIELD_VALUE,
        /** A CR not followed by LF (RFC 9112 §2.2). */
        BARE_CR,
        /** An LF not preceded by CR; Tether does not accept bare LF anywhere (RFC 9112 §2.2 MAY). */
        BARE_LF,
        /** A field line starting with whitespace: obsolete line folding (RFC 9112 §5.2). */
        OBS_FOLD,
        /** A Content-Length value that is not 1*DIGIT or overflows 63 bits (RFC 9112 §6.3 p5). */
        INVALID_CONTENT_LENGTH,
        /** Content-Length values that differ (RFC 9110 §8.6, RFC 9112 §6.3 p5). */
        CONFLICTING_CONTENT_LENGTH,
        /** Both Transfer-Encoding and Content-Length (RFC 9112 §6.3 p3, §6.1). */
        CONTENT_LENGTH_WITH_TRANSFER_ENCODING,
        /** A Transfer-Encoding that is not a final, single {@code chunked} where one is required. */
        INVALID_TRANSFER_ENCODING,
        /** Transfer-Encoding in an HTTP/1.0 message (RFC 9112 §6.1: faulty framing). */
        TRANSFER_ENCODING_IN_HTTP10,
        /** A chunk size that is not 1*HEXDIG, or junk after it (RFC 9112 §7.1). */
        INVALID_CHUNK_SIZE,
        /** A chunk size that does not fit in 63 bits. */
        CHUNK_SIZE_OVERFLOW,
        /** A malformed chunk extension (RFC 9112 §7.1.1). */
        INVALID_CHUNK_EXTENSION,
        /** Chunk data not followed by CRLF (RFC 9112 §7.1). */
        MISSING_CHUNK_CRLF,
        /** An HTTP/1.1 request without exactly one Host field (RFC 9112 §3.2: MUST respond 400). */
        INVALID_HOST,
        /** A 101 response to a request that did not ask for an upgrade (RFC 9110 §15.2.2). */
        UNSOLICITED_UPGRADE,
        /** Bytes arrived when no message may start (no request outstanding, or after close). */
        UNEXPECTED_DATA,
        /** The input ended inside a message (RFC 9112 §8). */
        INCOMPLETE_MESSAGE
    }

    private final Reason reason;
    private final long offset;

    /**
     * Creates a rejection.
     *
     * @param reason why the input was rejected
     * @param offset the byte offset from the start of the message, or {@code -1}
     * @param detail a short human-readable detail, or {@code null}
     */
    public Http1Exception(Reason reason, long offset, String detail) {
        super(reason + " at offset " + offset + (detail == null ? "" : ": " + detail));
        this.reason = reason;
        this.offset = offset;
    }

    /**
     * Creates an {@link Reason#INTERNAL} rejection wrapping an unexpected failure.
     *
     * @param cause the unexpected exception
     * @return the typed exception with the cause attached
     */
    public static Http1Exception internal(RuntimeException cause) {
        Http1Exception e = new Http1Exception(Reason.INTERNAL, -1, String.valueOf(cause));
        e.initCause(cause);
        return e;
    }

    /** Why the input was rejected. */
    public Reason reason() {
        return reason;
    }

    /** The byte offset from the start of the message where the problem was detected, or -1. */
    public long offset() {
        return offset;
    }
}
