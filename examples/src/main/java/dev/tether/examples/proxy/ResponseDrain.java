package dev.tether.examples.proxy;

import dev.tether.core.Lease;
import dev.tether.core.Outcome;
import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.EventLoop;

import java.util.concurrent.TimeUnit;

/**
 * The rest of an HTTP/1.1 response whose client went away, read and dropped so that its backend
 * connection can be parked instead of closed (docs/behaviour.md D13). The {@link H1Backend} the response
 * comes in on owns it: it took the abandoned exchange's lease over, feeds the drain what the response
 * still brings, and ends it.
 *
 * <p>A drain is bounded: at most {@link #MAX_BYTES} more body bytes, and at most {@link #MAX_MILLIS}
 * (or the response timeout, if shorter) until the response ends. Past either bound its connection
 * is closed, and the drain fails when the close is reported.
 *
 * <p>Invariants: {@code lease} is a live handle exactly while a drain runs ({@link Lease#NONE}
 * otherwise); each drain releases its lease exactly once, as completed when the response ended within
 * the bounds, else as failed; either way the client's cancel is counted once ({@link ClientCancels}).
 * A running drain counts in {@code ProxyContext.drains}, which a stopping proxy waits for.
 *
 * <p>Thread safety: confined to its connection's home loop (which a busy connection never leaves).
 */
@ThreadConfined("home loop")
final class ResponseDrain {
    /** Response body bytes read and dropped at most, per drain. */
    static final int MAX_BYTES = 64 * 1024;
    /** How long a drain waits at most for the end of the response. */
    static final long MAX_MILLIS = 1_000;

    private final ProxyContext ctx;
    private long lease = Lease.NONE;
    private String target;
    private long bytesLeft;
    private EventLoop.Timer deadline;

    ResponseDrain(ProxyContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Starts a drain: the connection holds {@code handle} from now on.
     *
     * @param handle the abandoned exchange's lease, live
     * @param targetName its target's name (for the cancel's count)
     * @param loop the connection's home loop
     * @param overdue closes the connection when the deadline passes
     */
    void start(long handle, String targetName, EventLoop loop, Runnable overdue) {
        if (active()) {
            throw new IllegalStateException("a drain already runs");
        }
        lease = handle;
        target = targetName;
        ctx.drains.incrementAndGet();
        bytesLeft = MAX_BYTES;
        long millis = Math.min(MAX_MILLIS, ctx.config.responseTimeoutMs());
        deadline = loop.schedule(TimeUnit.MILLISECONDS.toNanos(millis), overdue);
    }

    /** True while a drain runs. */
    boolean active() {
        return lease != Lease.NONE;
    }

    /**
     * Counts {@code n} body bytes read and dropped.
     *
     * @return false once the drain read more than {@link #MAX_BYTES}: its connection is to be closed
     */
    boolean dropped(int n) {
        bytesLeft -= n;
        return bytesLeft >= 0;
    }

    /** The response ended within the bounds: the stream is released as completed, the connection placed. */
    void completed() {
        long l = end();
        ctx.engine.release(l, Outcome.COMPLETED, System.nanoTime());
        ctx.cancels.recordDrained(target);
    }

    /** The connection closed before the response ended: the stream is released as failed (R71). */
    void failed() {
        long l = end();
        ctx.cancels.record(target, ctx.engine.release(l, Outcome.FAILED, System.nanoTime()).failureClass());
    }

    private long end() {
        long l = lease;
        lease = Lease.NONE;
        deadline.cancel();
        deadline = null;
        ctx.drains.decrementAndGet();
        return l;
    }
}
