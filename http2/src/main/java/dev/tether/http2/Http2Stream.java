package dev.tether.http2;

import dev.tether.core.Lease;
import dev.tether.core.Stream;
import dev.tether.core.annotations.NotThreadSafe;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The handle {@link Http2Mux#attach} returns: one request/response exchange on the mux's connection.
 * The host sends the request through it; the stream id is allocated only when the request head is
 * sent. It is the mux's {@link Stream}. Handles are pooled by their mux: do not keep one after
 * {@link Http2Mux#detach}.
 *
 * <p>Invariants: {@link #id()} is 0 until {@link #sendHeaders} and then never changes while attached;
 * {@link #responseStarted()}, {@link #notProcessed()} and {@link #closed()} only go from false to true
 * while attached.
 *
 * <p>Thread safety: confined to the connection's thread, like its mux.
 */
@NotThreadSafe
public final class Http2Stream implements Stream {
    private final Http2Mux mux;
    /** The handle of the lease served, or {@link Lease#NONE} while detached (pooled). */
    long lease = Lease.NONE;
    int id;
    /** Index in the mux's attached list, or −1 when not attached. */
    int slot = -1;
    /** Attach order on the connection; 0 for the first exchange ever. */
    long sequence;
    boolean responseStarted;
    boolean notProcessed;
    boolean closed;
    int status;

    Http2Stream(Http2Mux mux) {
        this.mux = mux;
    }

    void init(long lease, long sequence) {
        this.lease = lease;
        this.sequence = sequence;
        this.id = 0;
        this.responseStarted = false;
        this.notProcessed = false;
        this.closed = false;
        this.status = 0;
    }

    /** {@return the stream id, or 0 before the request head was sent} */
    public int id() {
        return id;
    }

    /** {@return the handle of the lease this stream serves, or {@link Lease#NONE} once detached} */
    @Override
    public long lease() {
        return lease;
    }

    /**
     * Sends the request head, allocating the stream id.
     *
     * @param headers the request fields
     * @param endStream true if the request has no body
     * @throws IllegalStateException if already sent, or the connection cannot open a stream
     * @throws Http2Exception INTERNAL_ERROR if an unexpected failure broke the connection
     */
    public void sendHeaders(List<Header> headers, boolean endStream) throws Http2Exception {
        if (id != 0) {
            throw new IllegalStateException("request head already sent on stream " + id);
        }
        id = mux.connection().newStream(headers, endStream);
        mux.allocated(this);
    }

    /**
     * Sends request body bytes; see {@link Http2Connection#sendData}.
     *
     * @param data the bytes; its position advances over what was accepted
     * @param endStream end the request after them
     * @return the bytes framed at once within the windows
     * @throws Http2Exception INTERNAL_ERROR if an unexpected failure broke the connection
     */
    public int sendData(ByteBuffer data, boolean endStream) throws Http2Exception {
        return mux.connection().sendData(requireId(), data, endStream);
    }

    /**
     * Ends the request with trailers.
     *
     * @param trailers the fields
     * @throws Http2Exception INTERNAL_ERROR if an unexpected failure broke the connection
     */
    public void sendTrailers(List<Header> trailers) throws Http2Exception {
        mux.connection().sendTrailers(requireId(), trailers);
    }

    /**
     * Resets the stream (does nothing before the head was sent or after it closed).
     *
     * @param code the reason
     * @throws Http2Exception INTERNAL_ERROR if an unexpected failure broke the connection
     */
    public void reset(ErrorCode code) throws Http2Exception {
        if (id != 0 && !closed) {
            mux.connection().reset(id, code);
            closed = true;
        }
    }

    /** {@return true once a response head (HEADERS) arrived} */
    public boolean responseStarted() {
        return responseStarted;
    }

    /** {@return true if the peer refused the stream or it was above a received GOAWAY's last id} */
    public boolean notProcessed() {
        return notProcessed;
    }

    /** {@return true once the stream reached the closed state} */
    public boolean closed() {
        return closed;
    }

    /** {@return the final response status, or 0 before it arrived} */
    public int status() {
        return status;
    }

    private int requireId() {
        if (id == 0) {
            throw new IllegalStateException("send before the request head in state IDLE");
        }
        return id;
    }

    @Override
    public String toString() {
        return "Http2Stream{id=" + id + ",started=" + responseStarted + ",closed=" + closed + "}";
    }
}
