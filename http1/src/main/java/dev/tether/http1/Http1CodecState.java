package dev.tether.http1;

import dev.tether.core.annotations.ThreadSafe;

/**
 * Where a codec stands on its connection, as a host or a mux reads it between calls.
 *
 * <p>Invariants: {@link #TUNNEL}, {@link #CLOSED} and {@link #FAILED} are terminal for HTTP: no
 * further message is parsed or generated once one of them is reached.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public enum Http1CodecState {
    /** Between messages; the connection can carry the next exchange. */
    IDLE,
    /** An exchange is in progress (request or response not yet complete). */
    BUSY,
    /** The connection became a tunnel (101 or a 2xx response to CONNECT); bytes are raw. */
    TUNNEL,
    /** The last exchange ended without keep-alive, or the input ended: no further message. */
    CLOSED,
    /** The codec rejected input ({@link Http1Exception}) or the exchange was aborted. */
    FAILED
}
