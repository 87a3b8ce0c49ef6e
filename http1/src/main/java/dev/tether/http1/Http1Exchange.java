package dev.tether.http1;

import dev.tether.core.Lease;
import dev.tether.core.Stream;
import dev.tether.core.annotations.NotThreadSafe;

import java.nio.ByteBuffer;

/**
 * The handle of the one exchange an {@link Http1Mux} carries at a time: {@link Http1Mux#attach}
 * returns it, the host sends its request through it and receives its response events at the
 * {@link Http1Listener} it installs with {@link #listener}, then gives it to {@link Http1Mux#detach}.
 * Each mux preallocates one and reuses it for every exchange, so attach and detach allocate nothing;
 * it is the mux's {@link Stream}.
 *
 * <p>Invariants: every method but {@link #isAttached()} and {@link #lease()} requires the exchange
 * to be attached (else {@link IllegalStateException} naming the state); after detach it belongs to
 * the next attach, so a host must not keep it past {@link Http1Mux#detach}.
 *
 * <p>Thread safety: not thread-safe; confine to the thread that drives the connection.
 */
@NotThreadSafe
public final class Http1Exchange implements Stream {
    private static final Http1Listener NO_LISTENER = head -> { };

    private final Http1ClientCodec codec;
    /** The handle of the lease served, or {@link Lease#NONE} while detached. */
    private long lease = Lease.NONE;
    private Http1Listener listener = NO_LISTENER;
    int ordinal;
    int finalStatus;

    Http1Exchange(Http1ClientCodec codec) {
        this.codec = codec;
    }

    void bind(long l, int exchangeOrdinal) {
        this.lease = l;
        this.ordinal = exchangeOrdinal;
        this.listener = NO_LISTENER;
        this.finalStatus = 0;
    }

    void unbind() {
        this.lease = Lease.NONE;
        this.listener = NO_LISTENER;
    }

    Http1Listener listenerOrNoop() {
        return listener;
    }

    /** True between attach and detach. */
    public boolean isAttached() {
        return lease != Lease.NONE;
    }

    /**
     * The lease this exchange serves.
     *
     * @return the handle given to {@link Http1Mux#attach}, or {@link Lease#NONE} once detached
     */
    @Override
    public long lease() {
        return lease;
    }

    /**
     * Sets where the response events of this exchange go (replacing any earlier listener).
     *
     * @param l the listener
     */
    public void listener(Http1Listener l) {
        requireAttached("listener");
        this.listener = java.util.Objects.requireNonNull(l, "listener");
    }

    /**
     * Starts the request; see {@link Http1ClientCodec#startRequest}.
     *
     * @param method a token
     * @param target the request-target
     * @param fields the fields, with exactly one Host
     */
    public void sendRequest(String method, String target, Http1Fields fields) {
        requireAttached("sendRequest");
        codec.startRequest(method, target, fields);
    }

    /**
     * Copies staged request bytes into {@code out}; see {@link Http1ClientCodec#pollOutbound}.
     *
     * @param out the caller's buffer
     * @return the number of bytes written
     */
    public int pollOutbound(ByteBuffer out) {
        requireAttached("pollOutbound");
        return codec.pollOutbound(out);
    }

    /** True while staged request bytes wait for {@link #pollOutbound}. */
    public boolean hasOutbound() {
        requireAttached("hasOutbound");
        return codec.hasOutbound();
    }

    /**
     * Frames request body bytes (raw in a tunnel); see {@link Http1ClientCodec#encodeBody}.
     *
     * @param src body bytes
     * @param out the caller's buffer
     * @return the number of bytes written to {@code out}
     */
    public int encodeBody(ByteBuffer src, ByteBuffer out) {
        requireAttached("encodeBody");
        return codec.encodeBody(src, out);
    }

    /** Ends the request; see {@link Http1ClientCodec#endRequest()}. */
    public void endRequest() {
        endRequest(Http1Fields.EMPTY);
    }

    /**
     * Ends a chunked request with trailers; see {@link Http1ClientCodec#endRequest(Http1Fields)}.
     *
     * @param trailers the trailer fields
     */
    public void endRequest(Http1Fields trailers) {
        requireAttached("endRequest");
        codec.endRequest(trailers);
    }

    /** True once the request was ended and fully polled. */
    public boolean requestComplete() {
        requireAttached("requestComplete");
        return codec.requestComplete();
    }

    /** True once at least one response byte arrived. */
    public boolean responseStarted() {
        requireAttached("responseStarted");
        return codec.responseStarted();
    }

    /** True once the response completed. */
    public boolean responseComplete() {
        requireAttached("responseComplete");
        return codec.responseComplete();
    }

    /** The status of the final response head, or 0 before it arrived. */
    public int status() {
        requireAttached("status");
        return finalStatus;
    }

    private void requireAttached(String what) {
        if (lease == Lease.NONE) {
            throw new IllegalStateException(what + " on exchange in state DETACHED");
        }
    }

    @Override
    public String toString() {
        return "Http1Exchange{" + (lease == Lease.NONE ? "DETACHED" : "#" + ordinal + "," + codec.state()) + "}";
    }
}
