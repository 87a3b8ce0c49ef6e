package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

/**
 * The host's byte pipe for one backend connection (a socket channel, a TLS engine, a test fake).
 * The core never reads or writes bytes; it only tells the transport when to close.
 *
 * <p>Thread safety: {@link #close()} may be called from any thread (maintain, drain and purge run
 * on the host's timer thread); implementations hand the close over to their event loop if needed.
 */
@ThreadSafe
public interface Transport {
    /**
     * Closes the connection and releases its resources. The engine calls it exactly once per
     * connection it created, never while holding a lock, including for connections whose peer
     * already closed or failed. Must not throw; any stream still attached is aborted.
     */
    void close();
}
