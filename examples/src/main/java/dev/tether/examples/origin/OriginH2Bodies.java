package dev.tether.examples.origin;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.EventLoop;
import dev.tether.http2.Http2Connection;
import dev.tether.http2.Http2Exception;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The response bodies of one h2c origin connection while they are queued within flow control: an
 * {@link OutgoingBody} per stream, sent as the codec's data queue has room, dripped one byte at a time
 * ({@link Fault#SLOW_DRIP}) or cut half-way ({@link Fault#RESET_MID_BODY}).
 *
 * <p>Invariants: a stream is here exactly while its body is not fully queued; the codec's data queue
 * is never filled past its limit.
 *
 * <p>Thread safety: confined to its connection's loop.
 */
@ThreadConfined("event loop")
final class OriginH2Bodies {
    private final Http2Connection h2;
    private final EventLoop loop;
    private final long dripNanos;
    private final Runnable flush;
    private final IntConsumer resetMidBody;
    private final Map<Integer, OutgoingBody> bodies = new HashMap<>();

    /**
     * @param h2 the connection
     * @param loop its loop, for the drip's timer
     * @param dripMs the time between two dripped bytes
     * @param flush writes what the codec queued
     * @param resetMidBody resets a stream whose {@link OutgoingBody#resetDue()} came
     */
    OriginH2Bodies(Http2Connection h2, EventLoop loop, long dripMs, Runnable flush, IntConsumer resetMidBody) {
        this.h2 = h2;
        this.loop = loop;
        this.dripNanos = TimeUnit.MILLISECONDS.toNanos(dripMs);
        this.flush = flush;
        this.resetMidBody = resetMidBody;
    }

    /** Starts sending a stream's body. */
    void start(int streamId, OutgoingBody b) {
        bodies.put(streamId, b);
        if (b.drip > 0) {
            drip(streamId, b);
        } else {
            pump();
        }
    }

    boolean isEmpty() {
        return bodies.isEmpty();
    }

    void remove(int streamId) {
        bodies.remove(streamId);
    }

    /** Drops the bodies of the streams above {@code lastStreamId} (a GOAWAY said they were not processed). */
    void removeAbove(int lastStreamId) {
        bodies.keySet().removeIf(id -> id > lastStreamId);
    }

    /** {@link Fault#SLOW_DRIP}: one byte now, the next in {@code dripMs}, then the rest at once. */
    private void drip(int streamId, OutgoingBody b) {
        if (bodies.get(streamId) != b) {
            return; // reset or closed meanwhile
        }
        if (b.drip == 0) {
            pump();
            flush.run();
            return;
        }
        try {
            h2.sendData(streamId, b.next(1), b.left() == 1);
        } catch (Http2Exception | IllegalStateException e) {
            bodies.remove(streamId);
            return;
        }
        b.sent(1);
        b.drip--;
        if (b.left() == 0) {
            bodies.remove(streamId);
        }
        flush.run();
        loop.schedule(dripNanos, () -> drip(streamId, b));
    }

    /** Queues body bytes while the codec's data queue has room. */
    void pump() {
        Iterator<Map.Entry<Integer, OutgoingBody>> it = bodies.entrySet().iterator();
        List<Integer> resets = null;
        while (it.hasNext() && h2.queuedDataBytes() < h2.config().maxQueuedDataBytes()) {
            Map.Entry<Integer, OutgoingBody> e = it.next();
            OutgoingBody b = e.getValue();
            if (b.drip > 0) {
                continue; // its timer sends it
            }
            ByteBuffer src = b.next(16 * 1024);
            int before = src.position();
            try {
                h2.sendData(e.getKey(), src, b.left() == src.remaining() && b.resetAt < 0);
            } catch (Http2Exception | IllegalStateException ex) {
                it.remove();
                continue;
            }
            b.sent(src.position() - before);
            if (b.resetDue()) {
                resets = resets == null ? new ArrayList<>() : resets;
                resets.add(e.getKey());
            } else if (b.left() == 0) {
                it.remove();
            }
        }
        if (resets != null) {
            for (int id : resets) {
                resetMidBody.accept(id);
            }
        }
    }
}
