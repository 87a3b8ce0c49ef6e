package dev.tether.http2;

import dev.tether.core.annotations.ThreadSafe;

/**
 * Which end of an HTTP/2 connection this endpoint is.
 *
 * <p>Invariants: a client initiates odd stream ids, a server even ones (RFC 9113 §5.1.1).
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public enum Role {
    /** Sends the connection preface magic and requests. */
    CLIENT,
    /** Verifies the preface magic and answers requests. */
    SERVER
}
