/**
 * HPACK (RFC 7541), HTTP/2's header compression: {@link dev.tether.http2.internal.hpack.HpackDecoder}
 * turns header blocks into fields reported to a {@link dev.tether.http2.internal.hpack.HeaderListener};
 * {@link dev.tether.http2.internal.hpack.HpackEncoder} writes fields into the caller's buffer. Both
 * are sans-IO and confined to the thread that drives one connection; each connection owns one of
 * each. Names and values are octet strings, one {@code char} per octet (ISO-8859-1).
 *
 * <p>Internal: not exported by the module; the HTTP/2 connection in this module is the only user.
 */
package dev.tether.http2.internal.hpack;
