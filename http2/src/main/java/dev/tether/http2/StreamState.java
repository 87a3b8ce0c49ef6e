package dev.tether.http2;

import dev.tether.core.annotations.ThreadSafe;

/**
 * The stream states of RFC 9113 §5.1.
 *
 * <p>Invariants: a stream only moves along the transitions of the state table; {@link #CLOSED} is
 * final.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public enum StreamState {
    /** Not yet used. */
    IDLE,
    /** Promised by us with PUSH_PROMISE. */
    RESERVED_LOCAL,
    /** Promised by the peer with PUSH_PROMISE. */
    RESERVED_REMOTE,
    /** Both sides may send. */
    OPEN,
    /** We sent END_STREAM; the peer may still send. */
    HALF_CLOSED_LOCAL,
    /** The peer sent END_STREAM; we may still send. */
    HALF_CLOSED_REMOTE,
    /** Done; frames for it are tolerated or rejected per RFC 9113 §5.1. */
    CLOSED
}
