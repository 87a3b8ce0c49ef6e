package dev.tether.core;

import dev.tether.core.annotations.ThreadConfined;

/**
 * One request's claim on a backend connection: what {@link ReuseEngine#acquire} returns. It names the
 * connection, the stream its mux attached, and whether the connection was reused or new (with the
 * {@link ConnectReason}). Give it back with {@link ReuseEngine#release} exactly once.
 *
 * <p>Leases are recycled by their session to keep the hot path free of allocation: after
 * {@code release}, the object may be handed out again by a later {@code acquire} of the same session,
 * so do not keep references to released leases.
 *
 * <p>Thread safety: confined to its session's event loop.
 */
@ThreadConfined("session loop")
public interface Lease {
    /** The session that acquired it. */
    Session session();

    /** The target it was acquired for. */
    Target target();

    /** The connection, or {@code null} while the lease is pending (E3). */
    Connection connection();

    /**
     * The stream handle the mux returned from {@link Mux#attach}, or {@code null} while the
     * connection's mux is not installed yet (or the lease is pending).
     */
    Object stream();

    /** True if the connection existed before this acquire (R20). */
    boolean reused();

    /** True if the connection was reused before it was ready (R20). */
    boolean anticipated();

    /** Why a new connection was opened, or {@code null} when {@link #reused()}. */
    ConnectReason connectReason();

    /** True while the lease waits for a connection (E3). */
    boolean isPending();

    /** True between the moment the lease got its connection and its release. */
    boolean isActive();

    /** When it was acquired, in the engine's nanosecond time base. */
    long acquiredAtNanos();
}
