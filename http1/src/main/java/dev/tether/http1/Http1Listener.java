package dev.tether.http1;

import dev.tether.core.annotations.NotThreadSafe;

import java.nio.ByteBuffer;

/**
 * Receives what a codec parses from its input, in order: for each message, optional interim heads
 * (responses only), one head, body slices, optional trailers, then completion; after a successful
 * upgrade or CONNECT, raw tunnel bytes.
 *
 * <p>Invariants: arguments are views owned by the codec and valid only during the call. A body or
 * tunnel buffer is a read-only view of the caller's input buffer (zero copy) covering exactly the
 * bytes reported; read it, or copy it, before returning; do not keep it. Callbacks must not call back
 * into the codec that invoked them. A callback that throws makes the codec fail with
 * {@link Http1Exception.Reason#INTERNAL}.
 *
 * <p>Thread safety: called on the thread that called {@code onBytes}.
 */
@NotThreadSafe
public interface Http1Listener {
    /**
     * An interim (1xx) response head other than 101 (RFC 9110 §15.2), for example
     * {@code 100 Continue}. The final head follows later.
     *
     * @param head the interim head, valid during the call only
     */
    default void onInformational(Http1Head head) {
    }

    /**
     * The head of a request, or of a final response (status 101 or 2xx to 5xx).
     *
     * @param head the head, valid during the call only
     */
    void onHead(Http1Head head);

    /**
     * A slice of body content (de-chunked). May be called many times per message.
     *
     * @param data read-only, valid during the call only
     */
    default void onBody(ByteBuffer data) {
    }

    /**
     * The trailer section of a chunked message (RFC 9112 §7.1.2), called only if it has fields.
     *
     * @param trailers the trailer fields, valid during the call only
     */
    default void onTrailers(Http1FieldView trailers) {
    }

    /** The message ended. After a 101 or a 2xx to CONNECT, tunnel data may follow. */
    default void onMessageComplete() {
    }

    /**
     * Raw bytes received after the connection became a tunnel (101, or 2xx to CONNECT).
     *
     * @param data read-only, valid during the call only
     */
    default void onTunnelData(ByteBuffer data) {
    }
}
