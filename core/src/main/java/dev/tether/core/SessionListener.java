package dev.tether.core;

import dev.tether.core.annotations.ThreadConfined;

/**
 * Receives the outcome of a lease that had to wait for a connection under
 * {@code maxConnectionsPerTarget} (docs/behaviour.md E3). Hosts that never set that limit never
 * receive a call.
 *
 * <p>Thread safety: called on the session's event loop, through the executor the host gave the
 * engine for that loop.
 */
@ThreadConfined("session loop")
public interface SessionListener {
    /** A listener that ignores everything. */
    SessionListener NONE = new SessionListener() {
        @Override
        public void onLeaseReady(long lease) {
        }

        @Override
        public void onLeaseFailed(long lease, AcquireException failure) {
        }
    };

    /**
     * A pending lease got its connection and stream: use it as if {@code acquire} had returned it.
     *
     * @param lease the handle {@code acquire} returned; the lease is now active
     */
    void onLeaseReady(long lease);

    /**
     * A pending lease failed ({@link AcquireFailure#TIMEOUT}, {@link AcquireFailure#TARGET_DRAINING},
     * ...). The lease is finished and its handle is stale: do not release it.
     *
     * @param lease the handle {@code acquire} returned
     * @param failure why
     */
    void onLeaseFailed(long lease, AcquireException failure);
}
