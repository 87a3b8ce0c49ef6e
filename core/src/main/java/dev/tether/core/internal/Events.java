package dev.tether.core.internal;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectionState;
import dev.tether.core.Mux;
import dev.tether.core.MuxEvent;
import dev.tether.core.annotations.ThreadSafe;

/**
 * What happens between acquire and release: a mux installed after the handshake (R26, R27), facts
 * changing on parked or busy connections (R62–R65), and authentication challenges that make a
 * connection private (R28–R30).
 *
 * <p>Thread safety: stateless; called on the connection's home loop. Mux calls happen before the
 * lock is taken.
 */
@ThreadSafe
final class Events {
    private static final System.Logger LOG = System.getLogger(Events.class.getName());

    private final DefaultReuseEngine engine;

    Events(DefaultReuseEngine engine) {
        this.engine = engine;
    }

    /** Installs {@code mux} on {@code c}, attaches a pending first stream and applies R26 (R27). */
    void installMux(Conn c, Mux<?> mux) {
        if (c.mux != null) {
            throw new IllegalStateException("a mux is already installed on " + c);
        }
        c.multiplexed = mux.multiplexed();
        c.mux = mux;
        if (c.state == null || !c.isOpen()) {
            return; // still inside Connector.connect: the acquire finishes the job; or already closed
        }
        LeaseImpl lease = c.pendingLease;
        c.pendingLease = null;
        CloseReason spent = null;
        if (lease != null && lease.conn == c && lease.status == LeaseImpl.ACTIVE) {
            lease.stream = mux.attach(lease.handle);
            c.streamsOpened++;
            spent = mux.unusableReason(); // R48: the first stream may have used the last stream id
        } else {
            lease = null;
        }
        if (mux.ready()) {
            c.ready = true;
        }
        int available = engine.effectiveAvailable(c);
        long now = engine.settings.clock.nanoTime();
        LoopPool home = engine.lockHome(c);
        try {
            c.available = available;
            if (spent != null) {
                c.latch(spent);
            }
            if (lease != null && c.isOpen() && c.state == ConnectionState.EXCLUSIVE) {
                if (lease.session.closed) {
                    c.latch(CloseReason.SESSION_CLOSED); // R26: it never joins a closed session's list
                } else {
                    ConnectionState to = Creation.initialState(c.pool, c, lease);
                    if (to != ConnectionState.EXCLUSIVE) {
                        home.moveLocked(c, to, lease.session, now);
                    }
                }
            } else if (c.isOpen() && c.preconnect && c.streams == 0 && c.ready) {
                Placement.idleLocked(engine, home, c, false, now);
            }
        } finally {
            home.unlock();
        }
    }

    /** A fact changed on {@code c} (R62–R65). */
    void onFacts(Conn c, MuxEvent event) {
        if (c.state == null) {
            if (event == MuxEvent.PEER_CLOSED || event == MuxEvent.ERROR) {
                c.deadEarly = event == MuxEvent.PEER_CLOSED ? CloseReason.PEER_CLOSED : CloseReason.ERROR;
            }
            return; // inside Connector.connect: registration applies it
        }
        Mux<?> mux = c.mux;
        int available = 0;
        CloseReason unusable = null;
        if (mux != null) {
            try {
                if (mux.ready()) {
                    c.ready = true;
                }
                available = engine.effectiveAvailable(c);
                unusable = mux.unusableReason();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "mux failed to report facts on " + c, e);
                unusable = CloseReason.ERROR;
            }
        }
        long now = engine.settings.clock.nanoTime();
        LoopPool home = engine.lockHome(c);
        try {
            if (!c.isOpen()) {
                return;
            }
            c.available = available;
            applyLocked(home, c, event, unusable, now);
        } finally {
            home.unlock();
        }
    }

    private void applyLocked(LoopPool home, Conn c, MuxEvent event, CloseReason unusable, long now) {
        switch (event) {
            case PEER_CLOSED:
                home.closeLocked(c, CloseReason.PEER_CLOSED);     // R62
                return;
            case ERROR:
                home.closeLocked(c, CloseReason.ERROR);           // R62
                return;
            case GOAWAY:
                c.latch(CloseReason.GOAWAY);                      // R64
                break;
            case UNSOLICITED_BYTES:
                c.latch(CloseReason.ERROR);                       // R63
                break;
            default:
                if (unusable != null && unusable != CloseReason.GOAWAY) {
                    c.latch(unusable);
                } else if (unusable == CloseReason.GOAWAY) {
                    c.latch(CloseReason.GOAWAY);
                }
                break;
        }
        if (c.streams == 0) {
            idleFactsLocked(home, c, now);
        } else if (c.state == ConnectionState.AVAILABLE && (c.available <= 0 || c.noNewStreams)) {
            // R64, R65: a drop (or a latch) takes it out of AVAILABLE at once; a rise moves nothing
            // before the next stream release (R42), so an EXCLUSIVE connection is never shared here.
            home.moveLocked(c, ConnectionState.EXCLUSIVE, null, now);
        }
    }

    /** A connection with no stream: latched ones close (R64, R63); a ready pre-connect one parks (E6). */
    private void idleFactsLocked(LoopPool home, Conn c, long now) {
        if (c.noNewStreams) {
            home.closeLocked(c, c.latchReason);
        } else if (c.preconnect && c.state == ConnectionState.EXCLUSIVE && c.ready) {
            Placement.idleLocked(engine, home, c, false, now);
        }
    }

    /**
     * R28–R30: makes the lease's connection private to the lease's session, unless it is a
     * multiplexed connection not reserved to that session (then nothing happens).
     */
    boolean makePrivate(LeaseImpl lease) {
        Conn c = lease.conn;
        SessionImpl s = lease.session;
        long now = engine.settings.clock.nanoTime();
        LoopPool home = engine.lockHome(c);
        try {
            if (!c.isOpen()) {
                return false;
            }
            if (c.privateLatch) {
                s.preferLastTarget = true;
                return true;
            }
            ConnectionState state = c.state;
            boolean reservedHere = state == ConnectionState.SESSION_RESERVED && c.owner == s;
            if (c.multiplexed && !reservedHere) {
                return false;                                     // R28: shared multiplexed, ignored
            }
            if (s.closed) {
                c.latch(CloseReason.SESSION_CLOSED);
                return false;
            }
            c.privateLatch = true;                                // R30
            s.preferLastTarget = true;
            home.moveLocked(c, ConnectionState.PRIVATE_BUSY, s, now);
            return true;
        } finally {
            home.unlock();
        }
    }
}
