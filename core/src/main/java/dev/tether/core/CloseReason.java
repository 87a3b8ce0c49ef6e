package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

/**
 * Why the engine closed a connection (docs/behaviour.md E4). Every close counts exactly one reason.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public enum CloseReason {
    /** Closed by a purge pass: more connections were parked than recent need (R55). */
    PURGED,
    /** Refused parking: {@code maxIdlePerTarget} reached or {@code purgeDelay} is zero (R53). */
    POOL_FULL,
    /** Refused parking: more parked than the recent need plus {@code lowIdle} (R50.6). */
    OVER_ESTIMATE,
    /** Refused as private idle: the session already holds {@code maxIdlePerSession} (R35). */
    SESSION_LIMIT,
    /** The peer closed the connection. */
    PEER_CLOSED,
    /** A transport or protocol error, a failed handshake, or an exchange that left it unusable. */
    ERROR,
    /** The connection carried {@code maxReuse + 1} streams, or ran out of stream identifiers. */
    MAX_REUSE,
    /** A GOAWAY was sent or received. */
    GOAWAY,
    /** Its target was drained (R66). */
    DRAINED,
    /** Its owner session closed (R38). */
    SESSION_CLOSED,
    /** The host's connection budget was exceeded (R50.4, R52). */
    BUDGET,
    /** It reached {@code maxLifetime} (E1). */
    TTL,
    /** It stayed parked for {@code parkedIdleTimeout} (E2). */
    IDLE_TIMEOUT,
    /** Closed to make room under {@code maxConnectionsPerTarget} (E3). */
    TARGET_CAP
}
