package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

/**
 * Receives the engine's counter events as they happen, for metrics (docs/behaviour.md §4). Every method
 * has an empty default. The engine never calls a listener while holding a lock; a listener must not
 * block and should not call back into the engine.
 *
 * <p>Thread safety: called from whichever thread caused the event (an event loop, or the thread that
 * calls maintain or drain).
 */
@ThreadSafe
public interface ReuseListener {
    /** A listener that ignores everything. */
    ReuseListener NONE = new ReuseListener() {
    };

    /**
     * A lease was served by a new connection.
     *
     * @param target the target
     * @param reason why a new connection was needed
     */
    default void onConnect(Target target, ConnectReason reason) {
    }

    /**
     * A lease was served by an existing connection.
     *
     * @param target the target
     */
    default void onReuse(Target target) {
    }

    /**
     * A connection was closed.
     *
     * @param connection the connection
     * @param reason why
     */
    default void onClose(Connection connection, CloseReason reason) {
    }

    /**
     * An exchange failed.
     *
     * @param target the target
     * @param failureClass its class (R71)
     */
    default void onExchangeFailure(Target target, FailureClass failureClass) {
    }

    /**
     * A lease was not released within {@code leaseLeakThreshold} (E5). Reported once per lease.
     *
     * @param lease the lease
     * @param acquiredAt the stack captured when it was acquired
     */
    default void onLeaseLeak(Lease lease, Throwable acquiredAt) {
    }
}
