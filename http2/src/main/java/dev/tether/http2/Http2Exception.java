package dev.tether.http2;

import dev.tether.core.annotations.NotThreadSafe;

/**
 * A protocol error detected while reading HTTP/2 input, typed with an {@link ErrorCode} and a
 * {@link Scope} (RFC 9113 §5.4).
 *
 * <p>Invariants: {@link #errorCode()} and {@link #scope()} are never {@code null}; a
 * {@link Scope#STREAM} error names a stream id above 0; a {@link Scope#CONNECTION} error may name the
 * stream that caused it, or 0. When a connection error reaches a caller of {@link Http2Connection},
 * the connection is already {@link Http2Connection.State#CLOSED} and its GOAWAY is queued. Stream
 * errors never reach the caller: they become a queued RST_STREAM and a listener event.
 *
 * <p>Thread safety: not thread-safe (as any exception, publish it safely).
 */
@NotThreadSafe
public final class Http2Exception extends Exception {
    private static final long serialVersionUID = 1L;

    /** Whether the error ends one stream or the whole connection. */
    public enum Scope {
        /** A stream error (RFC 9113 §5.4.2): the stream is reset, the connection lives on. */
        STREAM,
        /** A connection error (RFC 9113 §5.4.1): GOAWAY is sent and the connection is closed. */
        CONNECTION
    }

    private final ErrorCode errorCode;
    private final Scope scope;
    private final int streamId;

    /**
     * Creates an error.
     *
     * @param errorCode the HTTP/2 error code to send
     * @param scope stream or connection
     * @param streamId the stream concerned, or 0
     * @param message what was wrong
     * @param cause the unexpected exception behind an INTERNAL_ERROR, or {@code null}
     */
    public Http2Exception(ErrorCode errorCode, Scope scope, int streamId, String message, Throwable cause) {
        super(errorCode + " (" + scope + (streamId != 0 ? ", stream " + streamId : "") + "): " + message, cause);
        if (errorCode == null || scope == null) {
            throw new IllegalArgumentException("errorCode and scope must not be null");
        }
        this.errorCode = errorCode;
        this.scope = scope;
        this.streamId = streamId;
    }

    /**
     * A connection error.
     *
     * @param code the error code
     * @param message what was wrong
     * @return the exception
     */
    public static Http2Exception connection(ErrorCode code, String message) {
        return new Http2Exception(code, Scope.CONNECTION, 0, message, null);
    }

    /**
     * A connection error caused by a frame on a given stream.
     *
     * @param code the error code
     * @param streamId the stream whose frame caused it
     * @param message what was wrong
     * @return the exception
     */
    public static Http2Exception connection(ErrorCode code, int streamId, String message) {
        return new Http2Exception(code, Scope.CONNECTION, streamId, message, null);
    }

    /**
     * A stream error.
     *
     * @param code the error code
     * @param streamId the stream to reset, above 0
     * @param message what was wrong
     * @return the exception
     */
    public static Http2Exception stream(ErrorCode code, int streamId, String message) {
        return new Http2Exception(code, Scope.STREAM, streamId, message, null);
    }

    /**
     * The error code sent to the peer.
     *
     * @return the code, never {@code null}
     */
    public ErrorCode errorCode() {
        return errorCode;
    }

    /**
     * Whether the error ends a stream or the connection.
     *
     * @return the scope, never {@code null}
     */
    public Scope scope() {
        return scope;
    }

    /**
     * The stream concerned.
     *
     * @return the stream id, or 0 when the error concerns no particular stream
     */
    public int streamId() {
        return streamId;
    }
}
