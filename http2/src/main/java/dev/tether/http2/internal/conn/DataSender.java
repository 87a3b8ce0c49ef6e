package dev.tether.http2.internal.conn;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http2.Header;
import dev.tether.http2.Http2Listener;
import dev.tether.http2.StreamState;
import dev.tether.http2.internal.stream.StreamEvent;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Frames outgoing DATA within the peer's windows (RFC 9113 §6.9.1) and queues what does not fit,
 * then the trailers that follow it.
 *
 * <p>Invariants: no DATA frame exceeds the stream's send window, the connection's send window or the
 * peer's SETTINGS_MAX_FRAME_SIZE; bytes of one stream leave in order, queued bytes before new ones;
 * END_STREAM travels on the last byte (or an empty DATA frame), and trailers after it; the queued
 * total never exceeds {@code maxQueuedDataBytes}.
 *
 * <p>Thread safety: confined to its connection's thread.
 */
@NotThreadSafe
public final class DataSender {
    private final Engine e;

    DataSender(Engine e) {
        this.e = e;
    }

    /**
     * Sends or queues body bytes.
     *
     * @param s the stream (state already checked)
     * @param buf the bytes; its position advances over what was accepted (framed or queued)
     * @param endStream end the stream once all of {@code buf} is accepted
     * @param l where a resulting close is reported, or {@code null}
     * @return the number of bytes framed at once, within the windows
     */
    public int send(H2Stream s, ByteBuffer buf, boolean endStream, Http2Listener l) {
        int framed = 0;
        if (s.queuedBytes() == 0) {
            framed = frame(s, buf, endStream, l);
            if (s.state == StreamState.CLOSED || (endStream && !buf.hasRemaining() && endSent(s))) {
                return framed;
            }
        }
        int room = e.config.maxQueuedDataBytes() - e.queuedDataBytes;
        int n = Math.min(room, buf.remaining());
        if (n > 0) {
            enqueue(s, buf, n);
        }
        if (endStream && !buf.hasRemaining()) {
            s.queuedEnd = true;
            flush(s, l);
        }
        return framed;
    }

    private static boolean endSent(H2Stream s) {
        return s.state == StreamState.HALF_CLOSED_LOCAL || s.state == StreamState.CLOSED;
    }

    private void enqueue(H2Stream s, ByteBuffer buf, int n) {
        if (s.queue == null || s.queue.remaining() < n) {
            int have = s.queue == null ? 0 : s.queue.position();
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(have + n, Math.max(1024, have * 2)));
            if (s.queue != null) {
                s.queue.flip();
                bigger.put(s.queue);
            }
            s.queue = bigger;
        }
        int oldLimit = buf.limit();
        buf.limit(buf.position() + n);
        s.queue.put(buf);
        buf.limit(oldLimit);
        e.queuedDataBytes += n;
    }

    /** Frames as much of {@code src} as the windows allow; END_STREAM on its last byte if asked. */
    private int frame(H2Stream s, ByteBuffer src, boolean endStream, Http2Listener l) {
        int framed = 0;
        while (src.hasRemaining()) {
            int n = Math.min(src.remaining(), Math.min(Math.min(s.sendWindow, e.connSendWindow), e.peerMaxFrameSize));
            if (n <= 0) {
                return framed;
            }
            boolean last = endStream && n == src.remaining();
            e.out.data(s.id, src, n, last);
            s.sendWindow -= n;
            e.connSendWindow -= n;
            framed += n;
            if (last) {
                e.applySend(s, StreamEvent.SEND_END_STREAM, l);
                return framed;
            }
        }
        if (endStream) {
            // RFC 9113 §6.1: an empty DATA frame may carry END_STREAM; it uses no window.
            e.out.data(s.id, src, 0, true);
            e.applySend(s, StreamEvent.SEND_END_STREAM, l);
        }
        return framed;
    }

    /** Sends queued bytes, then END_STREAM and trailers, as far as the windows allow. */
    public void flush(H2Stream s, Http2Listener l) {
        if (s.queue != null) {
            s.queue.flip();
            int before = s.queue.remaining();
            boolean end = s.queuedEnd && s.pendingTrailers == null;
            frame(s, s.queue, end, l);
            if (s.state == StreamState.CLOSED) {
                return;
            }
            e.queuedDataBytes -= before - s.queue.remaining();
            if (s.queue.hasRemaining()) {
                s.queue.compact();
                return;
            }
            s.queue = null;
            if (end) {
                return;
            }
        } else if (s.queuedEnd && s.pendingTrailers == null && !endSent(s)) {
            frame(s, ByteBuffer.allocate(0), true, l);
            return;
        }
        if (s.pendingTrailers != null) {
            List<Header> t = s.pendingTrailers;
            s.pendingTrailers = null;
            headers(s, t, true, l);
        }
    }

    /** Flushes every stream with queued bytes (after a window opened). */
    public void flushAll(Http2Listener l) {
        if (e.queuedDataBytes == 0 && !anyPending()) {
            return;
        }
        H2Stream[] slots = e.streams.slots();
        int n = slots.length;
        H2Stream[] copy = new H2Stream[n];
        System.arraycopy(slots, 0, copy, 0, n);
        for (H2Stream s : copy) {
            if (s != null && s.state != StreamState.CLOSED && (s.queue != null || s.pendingTrailers != null)) {
                flush(s, l);
            }
        }
    }

    private boolean anyPending() {
        for (H2Stream s : e.streams.slots()) {
            if (s != null && s.pendingTrailers != null) {
                return true;
            }
        }
        return false;
    }

    /** Queues trailers: at once if no body byte waits, else after the queue. */
    public void trailers(H2Stream s, List<Header> trailers, Http2Listener l) {
        if (s.queue != null) {
            s.pendingTrailers = trailers;
            return;
        }
        headers(s, trailers, true, l);
    }

    /** Encodes and queues a header section, applying HEADERS and END_STREAM to the state. */
    public void headers(H2Stream s, List<Header> headers, boolean endStream, Http2Listener l) {
        e.applySend(s, StreamEvent.SEND_HEADERS, l);
        e.out.headers(s.id, headers, endStream, e.peerMaxFrameSize);
        s.headSent = true;
        if (endStream) {
            e.applySend(s, StreamEvent.SEND_END_STREAM, l);
        }
    }
}
