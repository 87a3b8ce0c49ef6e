package dev.tether.examples.tls;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.EventLoop;

/**
 * The clock side of one endpoint's handshake: it starts the engine's handshake with a deadline, arms
 * the loop timer that fails it with {@link TlsFailure#TIMEOUT}, and reports the outcome to the
 * {@link HandshakeObserver}: how long it took, and whether it resumed a session (an
 * {@code SSLEngine} has no such flag; a resumed session was created by an earlier handshake, so its
 * creation time precedes this handshake's start).
 *
 * <p>Invariants: the timer is armed only while the handshake runs; the observer hears exactly one
 * outcome per started handshake.
 *
 * <p>Thread safety: confined to the endpoint's loop.
 */
@ThreadConfined("event loop")
final class TlsHandshake {
    private final EventLoop loop;
    private final TlsEngine engine;
    private final long timeoutNanos;
    private final HandshakeObserver observer;
    private EventLoop.Timer timer;
    private long startNanos;
    private long startMillis;
    private boolean started;
    private boolean reported;

    TlsHandshake(EventLoop loop, TlsEngine engine, long timeoutNanos, HandshakeObserver observer) {
        this.loop = loop;
        this.engine = engine;
        this.timeoutNanos = timeoutNanos;
        this.observer = observer;
    }

    /** Starts the handshake now, failing it if it is not done within the timeout. */
    void start() {
        started = true;
        startNanos = System.nanoTime();
        startMillis = System.currentTimeMillis();
        timer = loop.schedule(timeoutNanos, () -> {
            timer = null;
            engine.expire(System.nanoTime());
        });
        engine.beginHandshake(startNanos + timeoutNanos);
    }

    /** The handshake finished: reports its time, resumption and protocol. */
    void done() {
        cancel();
        if (!reported) {
            reported = true;
            boolean resumed = engine.sslEngine().getSession().getCreationTime() < startMillis;
            observer.handshakeDone(System.nanoTime() - startNanos, resumed, engine.applicationProtocol());
        }
    }

    /** The handshake failed: reports why. */
    void failed(TlsException failure) {
        cancel();
        if (!reported) {
            reported = true;
            observer.handshakeFailed(failure);
        }
    }

    /**
     * The connection closed: stops the timer, and if the handshake still ran although this side did not
     * ask for the close and the engine saw no failure (a reset, a write error), reports it failed.
     *
     * @param asked this side closed the connection
     * @return the failure reported now, or {@code null}
     */
    TlsException closed(boolean asked) {
        cancel();
        if (!started || reported || asked || engine.failure() != null) {
            return null;
        }
        TlsException broken = new TlsException(TlsFailure.HANDSHAKE_FAILED, "the connection broke during the handshake", null);
        failed(broken);
        return broken;
    }

    /** Stops the timer (the connection closed). */
    void cancel() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }
}
