package dev.tether.core;

import dev.tether.core.annotations.ThreadConfined;

/**
 * One request's claim on a backend connection, seen through its handle. {@link ReuseEngine#acquire}
 * returns a <em>handle</em>, a {@code long} that names this claim and nothing else; the engine's
 * other per-lease calls take it ({@link ReuseEngine#lease}, {@link ReuseEngine#release},
 * {@link ReuseEngine#makePrivate}, {@link MuxListener#onResponseHead}). A {@code Lease} is the view
 * {@link ReuseEngine#lease} returns for a live handle: the connection, the stream its mux attached,
 * and whether the connection was reused or new (with the {@link ConnectReason}).
 *
 * <p>Handles carry a generation: the engine recycles its lease records to keep acquire and release
 * free of allocation, and each acquire stamps the record with a new handle. A handle whose lease was
 * released is stale forever: every call that takes it throws {@link IllegalStateException} naming
 * it, and never acts on the request that holds the recycled record now. Keep the handle, not the
 * view: a view describes its lease only until that lease is released.
 *
 * <p>Thread safety: confined to its session's event loop, like the handle.
 */
@ThreadConfined("session loop")
public interface Lease {
    /** A handle value that no lease ever has, for "no lease" in host fields. */
    long NONE = 0L;

    /** The handle {@link ReuseEngine#acquire} returned for this lease. */
    long handle();

    /** The session that acquired it. */
    Session session();

    /** The target it was acquired for. */
    Target target();

    /** The connection, or {@code null} while the lease is pending (E3). */
    Connection connection();

    /**
     * The stream the connection's mux attached, or {@code null} while the connection's mux is not
     * installed yet (or the lease is pending).
     */
    Stream stream();

    /**
     * The stream, as the type the host's mux hands out.
     *
     * @param type the stream type, e.g. {@code Http1Exchange.class}
     * @param <S> the stream type
     * @return the stream, or {@code null} as for {@link #stream()}
     * @throws IllegalStateException if the stream is of another type (the connection runs another
     *     protocol than the host expects)
     */
    <S extends Stream> S stream(Class<S> type);

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
