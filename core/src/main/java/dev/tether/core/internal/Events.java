package dev.tether.core.internal;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectionState;
import dev.tether.core.Mux;
import dev.tether.core.MuxEvent;
import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.ThreadSafe;

/**
 * What happens between acquire and release: a mux installed after the handshake (R26, R27), facts
 * changing on parked or busy connections (R62–R65), and authentication challenges that make a
 * connection private (R28–R30). Mux facts are read with no lock held; the moves are asked of the
 * connection's {@link LoopPool}.
 *
 * <p>Thread safety: stateless; called on the connection's home loop.
 */
@ThreadSafe
final class Events {
    private static final System.Logger LOG = System.getLogger(Events.class.getName());

    private final DefaultReuseEngine engine;

    Events(DefaultReuseEngine engine) {
        this.engine = engine;
    }

    /**
     * The mux was just installed on {@code c}: attaches a pending first stream and applies R26 (R27).
     * A connection still inside {@code Connector.connect} is left to the acquire that opens it. It is
     * not ready before its mux, so it is not parked and its home cannot move.
     */
    void muxInstalled(Conn c) {
        Mux<?> mux = c.mux();
        if (c.state == null || !c.isOpen()) {
            return; // still inside Connector.connect: the acquire finishes the job; or already closed
        }
        LeaseImpl lease = c.takePendingLease();
        CloseReason spent = null;
        if (lease != null && lease.conn == c && lease.status == LeaseImpl.ACTIVE) {
            lease.attached(mux.attach(lease.handle));
            c.streamAttached();
            spent = mux.unusableReason(); // R48: the first stream may have used the last stream id
        } else {
            lease = null;
        }
        c.refreshReady();
        int available = c.liveAvailable();
        long now = engine.settings.clock.nanoTime();
        LoopPool home = c.homePool();
        home.lock.lock();
        try {
            c.publishAvailable(available);
            if (spent != null) {
                home.latchLocked(c, spent);
            }
            if (lease != null && c.isOpen() && c.state == ConnectionState.EXCLUSIVE) {
                if (lease.session.isClosed()) {
                    home.latchLocked(c, CloseReason.SESSION_CLOSED); // R26: it never joins a closed session's list
                } else {
                    home.placeLocked(c, Placement.initial(c.pool, c, lease), lease.session, now);
                }
            } else if (c.isOpen() && c.preconnect && c.streams() == 0 && c.ready()) {
                Placement.idleLocked(home, c, false, now);
            }
        } finally {
            home.lock.unlock();
        }
    }

    /** A fact changed on {@code c} (R62–R65). */
    void onFacts(Conn c, MuxEvent event) {
        if (c.state == null) {
            if (event == MuxEvent.PEER_CLOSED || event == MuxEvent.ERROR) {
                c.diedEarly(event == MuxEvent.PEER_CLOSED ? CloseReason.PEER_CLOSED : CloseReason.ERROR);
            }
            return; // inside Connector.connect: registration applies it
        }
        Mux<?> mux = c.mux();
        int available = 0;
        CloseReason unusable = null;
        if (mux != null) {
            try {
                c.refreshReady();
                available = c.liveAvailable();
                unusable = mux.unusableReason();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "mux failed to report facts on " + c, e);
                unusable = CloseReason.ERROR;
            }
        }
        long now = engine.settings.clock.nanoTime();
        while (true) {
            LoopPool home = c.homePool();
            home.lock.lock();
            try {
                // Else a takeover moved a parked c while this waited (its new home applies it), or is
                // moving it (R61: on no list; the fact waits until the new loop homed it, or closed it
                // because the move failed).
                if (home.isHomeOf(c) && !c.inTransit) {
                    if (c.isOpen()) {
                        c.publishAvailable(available);
                        applyLocked(home, c, event, unusable, now);
                    }
                    return;
                }
            } finally {
                home.lock.unlock();
            }
            Thread.onSpinWait();
        }
    }

    @GuardedBy("home.lock")
    private static void applyLocked(LoopPool home, Conn c, MuxEvent event, CloseReason unusable, long now) {
        switch (event) {
            case PEER_CLOSED:
                home.closeLocked(c, CloseReason.PEER_CLOSED);     // R62
                return;
            case ERROR:
                home.closeLocked(c, CloseReason.ERROR);           // R62
                return;
            case GOAWAY:
                home.latchLocked(c, CloseReason.GOAWAY);          // R64
                break;
            case UNSOLICITED_BYTES:
                home.latchLocked(c, CloseReason.ERROR);           // R63
                break;
            default:
                if (unusable != null) {
                    home.latchLocked(c, unusable);
                }
                break;
        }
        if (c.streams() == 0) {
            idleFactsLocked(home, c, now);
        } else if (c.available() <= 0 || c.noNewStreams()) {
            // R64, R65: a drop (or a latch) takes it out of AVAILABLE at once; a rise moves nothing
            // before the next stream release (R42), so an EXCLUSIVE connection is never shared here.
            home.unshareLocked(c, now);
        }
    }

    /** A connection with no stream: latched ones close (R64, R63); a ready pre-connect one parks (E6). */
    @GuardedBy("home.lock")
    private static void idleFactsLocked(LoopPool home, Conn c, long now) {
        if (c.noNewStreams()) {
            home.closeLocked(c, c.latchReason());
        } else if (c.preconnect && c.state == ConnectionState.EXCLUSIVE && c.ready()) {
            Placement.idleLocked(home, c, false, now);
        }
    }

    /**
     * R28–R30: makes the lease's connection private to the lease's session, unless it is a
     * multiplexed connection not reserved to that session (then nothing happens). The lease rides the
     * connection, so it is not parked and its home cannot move.
     */
    boolean makePrivate(LeaseImpl lease) {
        Conn c = lease.conn;
        SessionImpl s = lease.session;
        long now = engine.settings.clock.nanoTime();
        LoopPool home = c.homePool();
        home.lock.lock();
        try {
            if (!c.isOpen()) {
                return false;
            }
            if (c.isPrivate()) {
                s.latchPreferLastTarget();
                return true;
            }
            boolean reservedHere = c.state == ConnectionState.SESSION_RESERVED && c.owner == s;
            if (c.multiplexed() && !reservedHere) {
                return false;                                     // R28: shared multiplexed, ignored
            }
            if (s.isClosed()) {
                home.latchLocked(c, CloseReason.SESSION_CLOSED);
                return false;
            }
            s.latchPreferLastTarget();                            // R30
            home.makePrivateLocked(c, s, now);
            return true;
        } finally {
            home.lock.unlock();
        }
    }
}
