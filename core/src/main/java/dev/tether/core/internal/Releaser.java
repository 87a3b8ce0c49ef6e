package dev.tether.core.internal;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectionState;
import dev.tether.core.FailureClass;
import dev.tether.core.Mux;
import dev.tether.core.Outcome;
import dev.tether.core.ReleaseResult;
import dev.tether.core.Stream;
import dev.tether.core.annotations.ThreadSafe;

/**
 * Release: detaches a lease's stream, reads the mux's facts with no lock held, classifies a failed
 * exchange (R71), then has {@link Placement} place the connection under its home loop's lock
 * (R39–R44).
 *
 * <p>Thread safety: stateless; called on the lease's session loop.
 */
@ThreadSafe
final class Releaser {
    private static final System.Logger LOG = System.getLogger(Releaser.class.getName());

    private final DefaultReuseEngine engine;

    Releaser(DefaultReuseEngine engine) {
        this.engine = engine;
    }

    /**
     * Releases {@code lease}: detaches its stream and reads the mux's facts with no lock held, then
     * asks the connection's loop to place it. The lease rides the connection, so it is not parked and
     * its home does not move meanwhile.
     */
    ReleaseResult release(LeaseImpl lease, Outcome outcome, long now) {
        Conn c = lease.conn;
        Mux<?> mux = c.mux();
        int flags = 0;
        CloseReason unusable;
        boolean firstExchange = true;
        int available = 0;
        c.forgetPendingLease(lease); // released before its mux was installed
        if (mux == null) {
            unusable = CloseReason.ERROR; // the handshake never completed (R50.7)
        } else {
            try {
                if (lease.stream != null) {
                    flags = detach(mux, lease.stream);
                }
                unusable = mux.unusableReason();
                firstExchange = mux.firstExchange();
                available = c.liveAvailable();
                c.refreshReady();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "mux failed to detach on " + c, e);
                unusable = CloseReason.ERROR;
            }
        }
        if (outcome == Outcome.FAILED && unusable == null && !c.multiplexed()) {
            unusable = CloseReason.ERROR; // R40: a failed HTTP/1 exchange leaves the connection unknown
        }
        FailureClass failure = outcome == Outcome.FAILED ? classify(flags, lease) : null;
        LoopPool home = c.homePool();
        home.lock.lock();
        try {
            c.streamDetached(available);
            if (failure != null) {
                home.countFailureLocked(failure);
            }
            if (c.isOpen()) {
                Placement.afterDetachLocked(home, c, unusable, firstExchange, now);
            }
        } finally {
            home.lock.unlock();
        }
        ConnectionState state = c.state;
        CloseReason closed = c.closeReason();
        engine.leaseFinished(lease, failure);
        return ReleaseResult.of(state == ConnectionState.CLOSING ? ConnectionState.CLOSED : state, closed, failure);
    }

    /** Detaches {@code stream}, which {@code mux} attached, so it is of the mux's stream type. */
    @SuppressWarnings("unchecked")
    private static <S extends Stream> int detach(Mux<S> mux, Stream stream) {
        return mux.detach((S) stream);
    }

    /** R71: the first class that applies. */
    private static FailureClass classify(int flags, LeaseImpl lease) {
        if ((flags & Mux.NOT_PROCESSED) != 0) {
            return FailureClass.NOT_PROCESSED;
        }
        if ((flags & Mux.RESPONSE_STARTED) != 0) {
            return FailureClass.RESPONSE_STARTED;
        }
        return lease.reused ? FailureClass.REPLAY_SAFE : FailureClass.FRESH_FAILURE;
    }
}
