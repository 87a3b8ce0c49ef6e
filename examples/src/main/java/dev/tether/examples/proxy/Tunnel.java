package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.EventLoop;

import java.util.concurrent.TimeUnit;

/**
 * What a {@link ProxyExchange} becomes once its backend accepted an upgrade (101) or an extended
 * CONNECT (2xx): a byte tunnel both ways, with backpressure each way and half-close. A tunnel request
 * rides a new HTTP/1.1 connection (R11, {@code ConnectReason.UPGRADE}) or a stream of an HTTP/2
 * connection that allows RFC 8441, and is never replayed once sent. The exchange keeps its lease until
 * the tunnel ends, so the connection is on no list and never parked meanwhile (D11); an HTTP/1.1
 * connection is closed afterwards, never reused.
 *
 * <p>Ending: when the backend's direction ends (FIN, END_STREAM) and its bytes reached the client, the
 * client gets our half-close ({@link #endClientSide}); when the backend side closed cleanly, its two
 * directions ended ({@link #backendClosed}), the exchange releases its lease. Either side failing, the
 * client going away, or {@code tunnelTimeoutMs} without a byte either way closes both sides at once.
 *
 * <p>Invariants: counted in {@code tunnelsOpen} from construction to {@link #close()}, exactly once;
 * the idle timer is re-armed by every byte either way and never runs after {@link #close()};
 * {@code clientSideEnded} and {@code backendSideClosed} only go from false to true.
 *
 * <p>Thread safety: confined to its exchange's loop.
 */
@ThreadConfined("session loop")
final class Tunnel {
    /** No tunnel (a plain exchange): counts nothing, has no timer, is never open. */
    static final Tunnel NONE = new Tunnel();

    private final ProxyContext ctx;
    private final EventLoop.Timer idle;
    private final long idleNanos;
    /** Our half-close towards the client was sent. */
    private boolean clientSideEnded;
    /** The backend side finished cleanly: both of its directions ended (FINs or END_STREAMs). */
    private boolean backendSideClosed;
    private boolean closed;

    /**
     * Opens the tunnel and starts its idle timer.
     *
     * @param ctx the proxy's counters and {@code tunnelTimeoutMs}
     * @param loop the exchange's loop
     * @param onIdle what to do when no byte went either way for the timeout
     */
    private Tunnel() {
        this.ctx = null;
        this.idle = null;
        this.idleNanos = 0;
        this.closed = true;
    }

    Tunnel(ProxyContext ctx, EventLoop loop, Runnable onIdle) {
        this.ctx = ctx;
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(ctx.config.tunnelTimeoutMs());
        this.idle = loop.timer(onIdle);
        idle.arm(idleNanos);
        ctx.tunnelsOpened.incrementAndGet();
        ctx.tunnelsOpen.incrementAndGet();
    }

    /** True for a tunnel the backend accepted, until it is over; never for {@link #NONE}. */
    boolean open() {
        return !closed;
    }

    /** {@code n} bytes went from the client to the backend. */
    void up(int n) {
        if (!closed) {
            ctx.tunnelBytesUp.add(n);
            idle.arm(idleNanos);
        }
    }

    /** {@code n} bytes came from the backend for the client. */
    void down(int n) {
        if (!closed) {
            ctx.tunnelBytesDown.add(n);
            idle.arm(idleNanos);
        }
    }

    /**
     * The backend side closed cleanly (its FIN and ours, or both END_STREAMs); the backend then calls
     * {@link ProxyExchange#responseEnd()} again, which releases the lease once the client has our
     * half-close.
     */
    void backendClosed() {
        backendSideClosed = true;
    }

    /**
     * The backend's direction ended and every byte of it reached the client: half-closes towards the
     * client once.
     *
     * @param down the client side
     * @return true once the backend side closed too: the tunnel is over
     */
    boolean endClientSide(Downstream down) {
        if (!clientSideEnded) {
            clientSideEnded = true;
            down.end();
        }
        return backendSideClosed;
    }

    /** The tunnel is over: stops the timer and the open count. Idempotent. */
    void close() {
        if (!closed) {
            closed = true;
            idle.cancel();
            ctx.tunnelsOpen.decrementAndGet();
        }
    }
}
