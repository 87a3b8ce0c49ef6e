package dev.tether.http2.internal.conn;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http2.Header;
import dev.tether.http2.StreamState;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One active stream of a connection: its state, its windows, and the DATA queued while the peer's
 * windows are closed.
 *
 * <p>Invariants: {@code state} is never IDLE or CLOSED while the stream is registered;
 * {@code sendWindow} may be negative after a lowered SETTINGS_INITIAL_WINDOW_SIZE (RFC 9113 §6.9.2)
 * and never exceeds 2^31−1; {@code recvWindow} never goes below 0 (that is a FLOW_CONTROL_ERROR);
 * {@code queue}, when non-null, is in write mode and holds unsent body bytes in order;
 * {@code pendingTrailers} are sent only after the queue drained.
 *
 * <p>Thread safety: confined to its connection's thread.
 */
@NotThreadSafe
public final class H2Stream {
    final int id;
    final boolean local;
    StreamState state;
    /** Bytes we may still send (peer's window for this stream). */
    int sendWindow;
    /** Bytes the peer may still send us. */
    int recvWindow;
    /** Bytes consumed by the application and not yet returned with WINDOW_UPDATE. */
    int recvUnacked;
    /** Unsent body bytes, write mode; null while empty. */
    ByteBuffer queue;
    /** True when END_STREAM goes with the last queued byte. */
    boolean queuedEnd;
    /** Trailers to send once the queue drained, or null. */
    List<Header> pendingTrailers;
    /** A final (non-1xx) head was received. */
    boolean finalHeadReceived;
    /** Any head was received. */
    boolean anyHeadReceived;
    /** We sent a head on it. */
    boolean headSent;
    /** The stream's request is a HEAD (we sent it): its response carries no content. */
    boolean headRequest;
    /** The received head's content-length, or -1 when absent or not checked (RFC 9113 §8.1.1). */
    long declaredLength = -1;
    /** DATA payload bytes received, padding excluded. */
    long receivedLength;
    /** Received-frame count when the peer opened it (rapid-reset accounting). */
    long openedAtFrame;
    /** The host's object for this stream, e.g. the mux's handle. */
    Object attachment;

    H2Stream(int id, boolean local, StreamState state, int sendWindow, int recvWindow) {
        this.id = id;
        this.local = local;
        this.state = state;
        this.sendWindow = sendWindow;
        this.recvWindow = recvWindow;
    }

    /** {@return the stream id} */
    public int id() {
        return id;
    }

    /** {@return the current state} */
    public StreamState state() {
        return state;
    }

    /** {@return the bytes we may send before the peer opens the window} */
    public int sendWindow() {
        return sendWindow;
    }

    /** {@return the bytes the peer may still send us} */
    public int recvWindow() {
        return recvWindow;
    }

    /** {@return the bytes queued and not yet framed} */
    public int queuedBytes() {
        return queue == null ? 0 : queue.position();
    }

    @Override
    public String toString() {
        return "H2Stream{id=" + id + ",state=" + state + ",send=" + sendWindow + ",recv=" + recvWindow
                + ",queued=" + queuedBytes() + "}";
    }
}
