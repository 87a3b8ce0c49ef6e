package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

/**
 * How an exchange ended, as the host saw it, when it calls {@link ReuseEngine#release}.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public enum Outcome {
    /** The response was received completely. The mux still decides whether the connection is reusable. */
    COMPLETED,
    /**
     * The exchange failed or was abandoned; the failure is classified (R71). On a connection that is
     * not multiplexed (HTTP/1) the connection is not reused; on a multiplexed one only the stream
     * failed, and the mux's facts decide (R39, R40).
     */
    FAILED
}
