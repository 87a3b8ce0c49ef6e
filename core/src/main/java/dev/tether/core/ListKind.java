package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

/**
 * The list a connection is on (HAProxy's {@code CO_FL_LIST_MASK}). A connection is on at most one
 * list at any instant.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public enum ListKind {
    /** On no list: busy and exclusive, closing, or closed. */
    NONE,
    /** A target's list of parked connections not yet proven reusable. */
    IDLE,
    /** A target's list of parked connections proven reusable. */
    SAFE,
    /** A target's list of busy multiplexed connections with free stream slots. */
    AVAILABLE,
    /** Its owner session's list (private or reserved connections). */
    PRIVATE
}
