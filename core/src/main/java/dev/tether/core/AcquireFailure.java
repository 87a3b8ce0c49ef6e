package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

/**
 * Why {@link ReuseEngine#acquire} could not produce a lease; carried by {@link AcquireException}.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public enum AcquireFailure {
    /** No connection could be allocated, or the host's {@link Connector} refused at once (R24). */
    RESOURCE,
    /** The target is draining (R67). */
    TARGET_DRAINING,
    /** The target is at {@code maxConnectionsPerTarget} and {@code maxWaiters} already wait (E3). */
    QUEUE_FULL,
    /** The request waited {@code acquireTimeout} without being served (E3). */
    TIMEOUT,
    /** The session closed while its request waited (E3). */
    SESSION_CLOSED,
    /** The target was removed from the engine. */
    TARGET_REMOVED,
    /** The engine was closed ({@link ReuseEngine#close}): before the request, or while it waited (E3). */
    ENGINE_CLOSED
}
