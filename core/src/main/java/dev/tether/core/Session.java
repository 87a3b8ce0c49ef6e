package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

/**
 * The context of one frontend client connection (docs/behaviour.md: a session), from
 * {@link ReuseEngine#openSession} to {@link ReuseEngine#closeSession}. It owns the backend connections
 * that must stay with that client: private ones (NTLM, policy {@code NEVER}) and, under the
 * {@code SAFE} policy, multiplexed ones reserved while it uses them. They close with it.
 *
 * <p>Thread safety: the session is confined to its event loop ({@link #loop()}): acquire, release
 * and close it from that loop's thread only. The accessors may be read from any thread.
 */
@ThreadSafe
public interface Session {
    /** An identifier unique within its engine. */
    long id();

    /** The event loop that serves this session. */
    int loop();

    /** True once {@link ReuseEngine#closeSession} was called. */
    boolean isClosed();

    /**
     * True once a connection of this session became private on an authentication challenge
     * (R30): the host must then consult {@link ReuseEngine#preferredTarget} before balancing (R32).
     */
    boolean preferLastTarget();

    /** How many of its connections are {@link ConnectionState#PRIVATE_IDLE}, over all targets. */
    int idleCount();
}
