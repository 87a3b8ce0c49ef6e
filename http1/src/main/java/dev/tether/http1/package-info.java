/**
 * Sans-IO HTTP/1.1: bytes in, events out, bytes out into the caller's buffer; and the HTTP/1 mux
 * that reports reuse facts to the core engine.
 *
 * <ul>
 *   <li>{@link dev.tether.http1.Http1ClientCodec} writes requests and parses responses;
 *       {@link dev.tether.http1.Http1ServerCodec} parses requests and writes responses. Both report to
 *       an {@link dev.tether.http1.Http1Listener} through reused views
 *       ({@link dev.tether.http1.Http1Head}, {@link dev.tether.http1.Http1FieldView}) and read-only
 *       body slices of the input, all valid only during the callback.</li>
 *   <li>Every rejection of input is an {@link dev.tether.http1.Http1Exception} with a
 *       {@link dev.tether.http1.Http1Exception.Reason} and the byte offset in the message; limits come
 *       from an immutable {@link dev.tether.http1.Http1Config}.</li>
 *   <li>{@link dev.tether.http1.Http1Mux} implements {@code dev.tether.core.Mux}: one
 *       {@link dev.tether.http1.Http1Exchange} at a time, facts for the engine, never a decision.</li>
 * </ul>
 *
 * <p>Strictness choices (RFC 9112): bare LF is rejected everywhere, including chunk lines (§2.2 only
 * permits accepting it); Content-Length together with Transfer-Encoding is rejected in requests and
 * in responses (§6.3 p3 "ought to be handled as an error", as HAProxy and nginx do); only HTTP/1.0
 * and HTTP/1.1 are accepted; obsolete line folding and whitespace before a colon are rejected.
 */
package dev.tether.http1;
