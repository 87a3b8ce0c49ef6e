package dev.tether.http1;

import dev.tether.core.annotations.NotThreadSafe;

/**
 * A read-only view of a parsed message head: the start line, the field lines and the framing the
 * codec derived from them. The codec reuses one instance; it is valid only during the listener
 * callback that receives it.
 *
 * <p>Invariants: for a request {@link #status()} is {@code 0}; for a response {@link #method()} and
 * {@link #target()} are {@code null}. {@link #contentLength()} is {@code -1} unless the message had a
 * valid Content-Length. The standard methods are returned as constants, so {@link #method()} does not
 * allocate for them.
 *
 * <p>Thread safety: confined to the thread inside the listener callback, and only during it.
 */
@NotThreadSafe
public interface Http1Head extends Http1FieldView {
    /** True for a request head, false for a response head. */
    boolean isRequest();

    /** The request method, or {@code null} for a response. */
    String method();

    /** The request-target as received, or {@code null} for a response (allocates a string). */
    String target();

    /**
     * True when this is a request whose request-target is exactly {@code target}, compared in place
     * (no string is made): a caller that kept the previous target's string reuses it while it repeats.
     *
     * @param target the characters to compare with (Latin-1)
     * @return false for a response
     */
    boolean targetEquals(CharSequence target);

    /** The status code, or {@code 0} for a request. */
    int status();

    /** The reason phrase, possibly empty, or {@code null} for a request (allocates a string). */
    String reasonPhrase();

    /** The protocol version of the start line. */
    Http1Version version();

    /**
     * True if the head carries a protocol upgrade as RFC 9110 §7.8 defines it: an Upgrade field with
     * the {@code upgrade} connection option, in HTTP/1.1 (Upgrade in an HTTP/1.0 message is ignored).
     * For a request, it offers the switch (only then may the answer be 101); for a response, it is a
     * 101 that switches or, for example, a 426 that asks for one.
     */
    boolean upgrade();

    /** True unless this message forbids reusing the connection after it (RFC 9112 §9.3). */
    boolean keepAlive();

    /** The body length from Content-Length, or {@code -1} if none applies. */
    long contentLength();

    /** True if the body is chunked (RFC 9112 §7.1). */
    boolean chunked();
}
