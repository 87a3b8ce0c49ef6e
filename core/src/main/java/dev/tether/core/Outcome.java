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
    /** The exchange failed or was abandoned; the connection is not reused and the failure is classified. */
    FAILED
}
