package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

/**
 * Why a lease was served by a new connection (docs/behaviour.md E4). Exactly one reason is counted per
 * new connection, the first that applies in declaration order. Computing the reason never changes a
 * decision.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public enum ConnectReason {
    /** The request needs another protocol than plain requests (R11): reuse was skipped. */
    UPGRADE,
    /** The request asked for a fresh connection ({@link RequestTraits#FRESH_ONLY}, R12). */
    STALE_RETRY,
    /** Opened by pre-connect (E6), not for a request. */
    PRECONNECT,
    /** The policy is {@link ReusePolicy#NEVER} or the target is a dispatch target. */
    POLICY_NEVER,
    /** An equal-key connection was parked in a list the policy forbids for a first request. */
    FIRST_REQUEST,
    /** An equal-key connection usable by this session was refused only because of {@code maxReuse}. */
    MAX_REUSE_REACHED,
    /** Equal-key connections usable by this session exist, none able to take a stream now. */
    ALL_FULL,
    /** Equal-key parked connections exist only on other event loops and could not be taken. */
    OTHER_LOOP,
    /** The only equal-key connections are private to, or reserved by, other sessions. */
    PRIVATE_ELSEWHERE,
    /** The target has open shareable connections, none with an equal key. */
    KEY_MISMATCH,
    /** None of the above: the target had nothing to offer. */
    NO_MATCH
}
