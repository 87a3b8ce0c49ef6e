package dev.tether.core.internal;

import dev.tether.core.annotations.ThreadSafe;

/**
 * The engine's JFR events ({@code dev.tether.Acquire}, {@code dev.tether.ConnectionClosed},
 * {@code dev.tether.Purge}): each is made only while a recording enables it, so with JFR off the
 * engine allocates nothing for them. Whether an event type is enabled is asked of one probe instance
 * per type, made once: JFR answers {@code isEnabled()} from the event class, whatever the instance.
 *
 * <p>Invariants: the probes are never committed; an event is committed at most once.
 *
 * <p>Thread safety: stateless apart from the immutable probes; each event object is confined to the
 * thread that made it.
 */
@ThreadSafe
final class FlightEvents {
    private static final AcquireEvent ACQUIRE_PROBE = new AcquireEvent();
    private static final ConnectionClosedEvent CLOSED_PROBE = new ConnectionClosedEvent();
    private static final PurgeEvent PURGE_PROBE = new PurgeEvent();

    private FlightEvents() {
    }

    /** An Acquire event, begun, if JFR records them; else {@code null}. */
    static AcquireEvent beginAcquire() {
        if (!ACQUIRE_PROBE.isEnabled()) {
            return null;
        }
        AcquireEvent e = new AcquireEvent();
        e.begin();
        return e;
    }

    /** Commits {@code e} (from {@link #beginAcquire}, may be null) for the now active {@code lease}. */
    static void acquired(AcquireEvent e, LeaseImpl lease) {
        if (e == null || !e.shouldCommit()) {
            return;
        }
        e.target = lease.pool.name();
        e.reused = lease.reused;
        e.connectReason = lease.reason == null ? "" : lease.reason.name();
        e.connection = lease.conn.id;
        e.commit();
    }

    /** Records that {@code c} closed (its reason and streams are final by now). */
    static void closed(Conn c) {
        if (!CLOSED_PROBE.isEnabled()) {
            return;
        }
        ConnectionClosedEvent e = new ConnectionClosedEvent();
        if (e.shouldCommit()) {
            e.target = c.pool.name();
            e.reason = String.valueOf(c.closeReason());
            e.streams = c.streamsOpened();
            e.connection = c.id;
            e.commit();
        }
    }

    /** A Purge event, begun, if JFR records them; else {@code null}. */
    static PurgeEvent beginPurge() {
        if (!PURGE_PROBE.isEnabled()) {
            return null;
        }
        PurgeEvent e = new PurgeEvent();
        e.begin();
        return e;
    }

    /** Commits {@code e} (from {@link #beginPurge}, may be null) for a pass over {@code pool}. */
    static void purged(PurgeEvent e, TargetPool pool, long parked, long closed, long estimate) {
        if (e == null || !e.shouldCommit()) {
            return;
        }
        e.target = pool.name();
        e.parked = parked;
        e.closed = closed;
        e.estimate = estimate;
        e.commit();
    }
}
