package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

/**
 * What a failed exchange means for a replay (docs/behaviour.md R71); the first that applies wins. The
 * engine never replays: it tells the host what is safe.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public enum FailureClass {
    /**
     * The peer never processed the request: HTTP/2 {@code REFUSED_STREAM}, or a stream above the
     * last-stream-id of a received GOAWAY (RFC 9113 §8.7). Safe to replay whatever the method.
     */
    NOT_PROCESSED,
    /** At least one response byte arrived: the request was seen; never replay. */
    RESPONSE_STARTED,
    /**
     * The lease rode an existing connection and no response byte arrived: the connection may have
     * been closed by the peer while idle. Idempotent requests may be replayed on a fresh connection.
     */
    REPLAY_SAFE,
    /** The connection was new for this lease and no response byte arrived. */
    FRESH_FAILURE
}
