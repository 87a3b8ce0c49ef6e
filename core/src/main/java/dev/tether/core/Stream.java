package dev.tether.core;

import dev.tether.core.annotations.NotThreadSafe;

/**
 * One request/response exchange on a backend connection, as its {@link Mux} hands it out: what
 * {@link Mux#attach} returns and {@link Lease#stream()} gives the host, who sends the request and
 * reads the response through it. Implemented by {@code Http1Exchange}, {@code Http2Stream}, or a
 * host's own mux's handle type.
 *
 * <p>Invariants: between {@link Mux#attach} and {@link Mux#detach} it serves exactly one lease,
 * whose handle {@link #lease()} returns; a mux may pool its streams, so after the detach the same
 * object may serve a later lease and the host must not keep it.
 *
 * <p>Thread safety: confined to the thread that drives its connection, like its mux.
 */
@NotThreadSafe
public interface Stream {
    /**
     * The handle of the lease this stream serves.
     *
     * @return the handle given to {@link Mux#attach}, or {@link Lease#NONE} once detached
     */
    long lease();
}
