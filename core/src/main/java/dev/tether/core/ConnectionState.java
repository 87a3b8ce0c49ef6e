package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

/**
 * The state of a backend connection (docs/behaviour.md §1.1). A connection that is not yet ready is in
 * {@link #EXCLUSIVE}, {@link #AVAILABLE}, {@link #SESSION_RESERVED} or {@link #PRIVATE_BUSY}.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public enum ConnectionState {
    /** Busy and not shareable now (full, or not shareable under the policy); on no list. */
    EXCLUSIVE(ListKind.NONE),
    /** Busy, multiplexed, with a free slot; on its home loop's AVAILABLE list. */
    AVAILABLE(ListKind.AVAILABLE),
    /** Busy, multiplexed, reserved to its owner session under the SAFE policy; on its list. */
    SESSION_RESERVED(ListKind.PRIVATE),
    /** Private to its owner session and busy; on the owner's list. */
    PRIVATE_BUSY(ListKind.PRIVATE),
    /** Private to its owner session and idle; on the owner's list. */
    PRIVATE_IDLE(ListKind.PRIVATE),
    /** Parked, not yet proven reusable; on its home loop's IDLE list. */
    IDLE(ListKind.IDLE),
    /** Parked and proven reusable; on its home loop's SAFE list. */
    SAFE(ListKind.SAFE),
    /** The engine decided to close it; its transport is being closed. */
    CLOSING(ListKind.NONE),
    /** Closed. */
    CLOSED(ListKind.NONE);

    private final ListKind list;

    ConnectionState(ListKind list) {
        this.list = list;
    }

    /** The list a connection in this state lives on. */
    public ListKind list() {
        return list;
    }

    /** True for {@link #IDLE} and {@link #SAFE}. */
    public boolean isParked() {
        return this == IDLE || this == SAFE;
    }

    /** True for the three states of a connection owned by a session. */
    public boolean isOnSessionList() {
        return list == ListKind.PRIVATE;
    }

    /** True for {@link #CLOSING} and {@link #CLOSED}. */
    public boolean isClosed() {
        return this == CLOSING || this == CLOSED;
    }
}
