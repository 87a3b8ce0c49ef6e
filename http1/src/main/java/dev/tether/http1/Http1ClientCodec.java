package dev.tether.http1;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http1.internal.generator.MessageGenerator;
import dev.tether.http1.internal.parser.HeadView;
import dev.tether.http1.internal.parser.MessageParser;

import java.nio.ByteBuffer;

/**
 * The client role of sans-IO HTTP/1.1 on one connection: writes requests into the caller's buffers
 * and parses the responses it is given, one exchange at a time. No sockets, threads or clocks.
 *
 * <p>Use: {@link #startRequest}; drain with {@link #pollOutbound} and send body bytes with
 * {@link #encodeBody}; {@link #endRequest}; feed received bytes to {@link #onBytes} (interim 1xx heads,
 * the final head, body slices, trailers, completion arrive at the listener); at end of input call
 * {@link #onEndOfInput}. The response may arrive before the request is fully sent.
 *
 * <p>Invariants: {@link #onBytes} never consumes a byte past the end of the current response, so
 * bytes left in the buffer afterwards were sent by the peer beyond the response (R40: the connection
 * must not be reused). The exchange ends when both the request was ended and fully polled and the
 * response completed; the codec is then {@link Http1CodecState#IDLE} if both sides agreed on
 * keep-alive (RFC 9112 §9.3), else {@link Http1CodecState#CLOSED}. A 101 response or a 2xx to CONNECT
 * makes it {@link Http1CodecState#TUNNEL} for good. After an {@link Http1Exception} it is
 * {@link Http1CodecState#FAILED} for good and {@link #failure()} holds the exception. Input can never
 * make another exception escape {@link #onBytes} or {@link #onEndOfInput}: an unexpected one becomes
 * an {@link Http1Exception.Reason#INTERNAL} failure with the cause attached. Host misuse (a call in
 * the wrong state, invalid fields) throws {@link IllegalStateException} or
 * {@link IllegalArgumentException} and leaves the state unchanged.
 *
 * <p>Thread safety: not thread-safe; confine to the thread that drives the connection.
 */
@NotThreadSafe
public final class Http1ClientCodec {
    private final MessageParser parser;
    private final MessageGenerator generator = new MessageGenerator();
    private Http1CodecState state = Http1CodecState.IDLE;
    private Http1Exception failure;
    private boolean responseComplete;
    private boolean responseStarted;
    private boolean keepAlive;

    /** Creates a codec with {@link Http1Config#DEFAULTS}. */
    public Http1ClientCodec() {
        this(Http1Config.DEFAULTS);
    }

    /**
     * Creates a codec.
     *
     * @param config the parsing limits
     */
    public Http1ClientCodec(Http1Config config) {
        this.parser = new MessageParser(config, false);
    }

    /** Where the codec stands. */
    public Http1CodecState state() {
        return state;
    }

    /** The rejection that made the codec {@link Http1CodecState#FAILED}, or {@code null}. */
    public Http1Exception failure() {
        return failure;
    }

    /**
     * Starts a request: stages its head ({@code HTTP/1.1}) and fixes its body framing from the fields
     * (Content-Length, or {@code Transfer-Encoding: chunked}, or no body).
     *
     * @param method the method, a token
     * @param target the request-target
     * @param fields the fields, with exactly one Host
     * @throws IllegalStateException unless the codec is {@link Http1CodecState#IDLE}
     * @throws IllegalArgumentException on an invalid method, target or framing fields (an Upgrade field
     *     without the {@code upgrade} connection option, RFC 9110 §7.8)
     */
    public void startRequest(String method, String target, Http1Fields fields) {
        requireState(Http1CodecState.IDLE, "startRequest");
        generator.reset();
        generator.requestHead(method, target, fields);
        parser.start(HeadView.Method.of(method), generator.upgrade());
        state = Http1CodecState.BUSY;
        responseComplete = false;
        responseStarted = false;
        keepAlive = false;
    }

    /**
     * Copies staged request bytes (head, last chunk and trailers) into {@code out}.
     *
     * @param out the caller's buffer
     * @return the number of bytes written, 0 if nothing is staged or {@code out} is full
     */
    public int pollOutbound(ByteBuffer out) {
        int n = generator.poll(out);
        maybeFinish();
        return n;
    }

    /** True while staged request bytes wait for {@link #pollOutbound}. */
    public boolean hasOutbound() {
        return generator.hasStaged();
    }

    /**
     * Writes staged bytes, then frames as much of {@code src} as fits into {@code out} (raw in a
     * tunnel).
     *
     * @param src request body bytes; its position advances past what was consumed
     * @param out the caller's buffer
     * @return the number of bytes written to {@code out}
     * @throws IllegalStateException if the request has no body or was ended, or {@code src} exceeds
     *     the declared Content-Length
     */
    public int encodeBody(ByteBuffer src, ByteBuffer out) {
        if (state != Http1CodecState.BUSY && state != Http1CodecState.TUNNEL) {
            throw new IllegalStateException("encodeBody in state " + state);
        }
        return generator.body(src, out);
    }

    /**
     * Ends the request body (stages the last chunk when chunked). Drain with {@link #pollOutbound}.
     *
     * @throws IllegalStateException if no request is in progress or its Content-Length was not reached
     */
    public void endRequest() {
        endRequest(Http1Fields.EMPTY);
    }

    /**
     * Ends a chunked request body with trailers.
     *
     * @param trailers the trailer fields
     * @throws IllegalStateException if no request is in progress, its Content-Length was not reached,
     *     or trailers are given for a body that is not chunked
     */
    public void endRequest(Http1Fields trailers) {
        requireState(Http1CodecState.BUSY, "endRequest");
        generator.end(trailers);
        maybeFinish();
    }

    /** True once the request was ended and all its bytes were polled. */
    public boolean requestComplete() {
        return generator.complete() || state == Http1CodecState.TUNNEL;
    }

    /** True once the response of the current or last exchange completed. */
    public boolean responseComplete() {
        return responseComplete;
    }

    /** True once at least one byte of the current exchange's response was received. */
    public boolean responseStarted() {
        return responseStarted;
    }

    /** True if the request started last offered a protocol upgrade (RFC 9110 §7.8). */
    public boolean upgradeOffered() {
        return generator.upgrade();
    }

    /** True if the last finished exchange left the connection reusable (both sides agreed). */
    public boolean keepAlive() {
        return keepAlive;
    }

    /**
     * Parses response bytes and reports events to {@code listener}; stops at the end of the response.
     * In {@link Http1CodecState#TUNNEL} every byte is reported raw.
     *
     * @param in received bytes; on return its position is past the consumed ones
     * @param listener receives the events
     * @return the number of bytes consumed
     * @throws Http1Exception if the input is malformed, or arrives while no response is expected
     *     ({@link Http1Exception.Reason#UNEXPECTED_DATA}); the codec is then failed
     * @throws IllegalStateException if the codec already failed
     */
    public int onBytes(ByteBuffer in, Http1Listener listener) throws Http1Exception {
        if (state == Http1CodecState.FAILED) {
            throw new IllegalStateException("onBytes in state FAILED", failure);
        }
        int p0 = in.position();
        try {
            if (state == Http1CodecState.IDLE || state == Http1CodecState.CLOSED
                    || (state == Http1CodecState.BUSY && responseComplete)) {
                if (in.hasRemaining()) {
                    throw new Http1Exception(Http1Exception.Reason.UNEXPECTED_DATA, 0, "no response expected");
                }
                return 0;
            }
            responseStarted |= in.hasRemaining();
            if (parser.parse(in, listener)) {
                onResponseComplete();
            }
            return in.position() - p0;
        } catch (Http1Exception e) {
            throw fail(e);
        } catch (RuntimeException e) {
            throw fail(Http1Exception.internal(e));
        }
    }

    /**
     * Reports that the peer closed its side: completes a close-delimited response. In a tunnel this
     * only ends the server's direction: the codec stays {@link Http1CodecState#TUNNEL} and
     * {@link #encodeBody} still passes bytes (half-close).
     *
     * @param listener told of completion if the close ends the response
     * @throws Http1Exception {@link Http1Exception.Reason#INCOMPLETE_MESSAGE} if a response was cut
     *     short; the codec is then failed
     */
    public void onEndOfInput(Http1Listener listener) throws Http1Exception {
        if (state == Http1CodecState.FAILED || state == Http1CodecState.CLOSED || state == Http1CodecState.TUNNEL) {
            return;
        }
        try {
            if (state == Http1CodecState.BUSY && !responseComplete) {
                if (!parser.started()) {
                    throw new Http1Exception(Http1Exception.Reason.INCOMPLETE_MESSAGE, 0, "no response");
                }
                parser.endOfInput(listener); // RFC 9112 §8: only a close-delimited body may end here
                responseComplete = true;
            }
            state = Http1CodecState.CLOSED;
            keepAlive = false;
        } catch (Http1Exception e) {
            throw fail(e);
        } catch (RuntimeException e) {
            throw fail(Http1Exception.internal(e));
        }
    }

    /** Abandons the exchange in progress: the codec becomes {@link Http1CodecState#FAILED}. */
    public void abort() {
        if (state == Http1CodecState.BUSY || state == Http1CodecState.TUNNEL) {
            state = Http1CodecState.FAILED;
            keepAlive = false;
        }
    }

    private void onResponseComplete() {
        responseComplete = true;
        if (parser.tunnel()) {
            state = Http1CodecState.TUNNEL;
            generator.enterTunnel();
            keepAlive = false;
            return;
        }
        maybeFinish();
    }

    private void maybeFinish() {
        if (state != Http1CodecState.BUSY || !responseComplete || !generator.complete()) {
            return;
        }
        keepAlive = generator.keepAlive() && parser.head().keepAlive();
        state = keepAlive ? Http1CodecState.IDLE : Http1CodecState.CLOSED;
    }

    private Http1Exception fail(Http1Exception e) {
        state = Http1CodecState.FAILED;
        keepAlive = false;
        failure = e;
        return e;
    }

    private void requireState(Http1CodecState expected, String what) {
        if (state != expected) {
            throw new IllegalStateException(what + " in state " + state);
        }
    }

    /** Bytes of input storage allocated; never above {@code Http1Config.maxBufferedBytes() + 1}. */
    int storageCapacity() {
        return parser.storageCapacity();
    }

    @Override
    public String toString() {
        return "Http1ClientCodec{" + state + ",request=" + generator.mode() + ",response=" + parser.phase() + "}";
    }
}
