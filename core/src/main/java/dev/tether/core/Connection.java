package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

/**
 * One backend connection to one {@link Target}, created and owned by the engine: a host
 * {@link Transport}, a {@link Mux} once installed, an immutable {@link ReuseKey}, a state and the list
 * it is on, an owner session while it is on a session's list, and latches that only ever close.
 *
 * <p>Invariants: it is on at most one list, the one {@link #list()} names; {@link #owner()} is
 * non-null exactly when it is on a session's list; {@link #isPrivate()}, {@link #noNewStreams()} and
 * {@link #ready()} go from false to true only; a private connection is only ever on its owner's list.
 *
 * <p>It is also its mux's {@link MuxListener}: the mux reports facts and response heads to it, and
 * the host installs the mux on it ({@link #installMux}); no other entry point does either job.
 *
 * <p>Thread safety: the accessors may be called from any thread and return a recent value; they
 * never block. {@link #installMux} and the {@link MuxListener} methods must be called from the
 * connection's home event loop.
 */
@ThreadSafe
public interface Connection extends MuxListener {
    /** An identifier unique within its engine, in creation order. */
    long id();

    /** The target it is connected to. */
    Target target();

    /** The key it was created for; never changes (R9). */
    ReuseKey key();

    /** The index of the event loop that drives its transport; changes only on takeover (R61). */
    int homeLoop();

    /** Its current state. */
    ConnectionState state();

    /** The list it is on. */
    ListKind list();

    /** The session whose list it is on, or {@code null}. */
    Session owner();

    /** True once it became private to a session (R28); never cleared. */
    boolean isPrivate();

    /** True once it may start no new stream (GOAWAY, max reuse, error, drain, TTL); never cleared. */
    boolean noNewStreams();

    /** True once the transport and protocol handshake completed; never cleared. */
    boolean ready();

    /** How many streams were ever attached to it. */
    int streamsOpened();

    /** How many leases currently ride it. */
    int attachedStreams();

    /** When it was created, in the engine's nanosecond time base. */
    long createdAtNanos();

    /** Why it was closed, or {@code null} while open. */
    CloseReason closeReason();

    /** The host's transport, or {@code null} while the connector has not returned yet. */
    Transport transport();

    /** The installed mux, or {@code null} before {@link #installMux}. */
    Mux<?> mux();

    /**
     * Installs this connection's mux. The host calls it once: inside {@link Connector#connect} when
     * it knows the protocol at once, or later from the connection's home loop (after ALPN). A first
     * stream waiting for the mux is attached then, and the placement of R26 applies at that moment
     * (R27).
     *
     * @param mux the mux, reporting to this connection
     * @throws IllegalStateException if a mux is already installed
     */
    void installMux(Mux<?> mux);
}
