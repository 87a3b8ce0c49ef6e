package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

/**
 * The host's count of what it rations (open sockets, file descriptors), for the connection budget
 * that replaces HAProxy's file-descriptor ratios (docs/behaviour.md R4, D4). Disabled unless the host
 * sets one with thresholds on {@link ReuseEngineBuilder#budget}.
 *
 * <p>Thread safety: called from any thread, often; must be cheap and never block.
 */
@ThreadSafe
@FunctionalInterface
public interface ConnectionBudget {
    /** How many units are in use now. */
    long inUse();
}
