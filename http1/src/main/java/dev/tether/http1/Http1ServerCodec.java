package dev.tether.http1;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http1.internal.generator.MessageGenerator;
import dev.tether.http1.internal.parser.HeadView;
import dev.tether.http1.internal.parser.MessageParser;

import java.nio.ByteBuffer;

/**
 * The server role of sans-IO HTTP/1.1 on one connection: parses requests and writes responses into
 * the caller's buffers, one exchange at a time. No sockets, threads or clocks.
 *
 * <p>Use: feed received bytes to {@link #onBytes} (head, body slices, trailers and completion of one
 * request arrive at the listener); answer with {@link #startResponse} (1xx interim heads first if
 * wanted, e.g. {@code 100 Continue}), {@link #encodeBody}, {@link #endResponse}, draining with
 * {@link #pollOutbound}. The next request is parsed only once the response was ended and polled:
 * until then {@link #onBytes} consumes nothing more (pipelined bytes stay in the caller's buffer).
 *
 * <p>Invariants: {@link #onBytes} never consumes past the end of the current request. After a 101
 * response to a request with Upgrade, or a 2xx to CONNECT, the connection is
 * {@link Http1CodecState#TUNNEL} in both directions for good. After an exchange without keep-alive it
 * is {@link Http1CodecState#CLOSED}; after an {@link Http1Exception} it is
 * {@link Http1CodecState#FAILED} and {@link #failure()} holds the exception. No exception other than
 * {@link Http1Exception} escapes {@link #onBytes} or {@link #onEndOfInput}, whatever the input; host
 * misuse throws {@link IllegalStateException} or {@link IllegalArgumentException}.
 *
 * <p>Thread safety: not thread-safe; confine to the thread that drives the connection.
 */
@NotThreadSafe
public final class Http1ServerCodec {
    private final MessageParser parser;
    private final MessageGenerator generator = new MessageGenerator();
    private Http1CodecState state = Http1CodecState.IDLE;
    private Http1Exception failure;
    private boolean requestHead;
    private boolean requestComplete;
    private boolean finalResponse;
    private HeadView.Method method;
    private boolean requestKeepAlive;
    private boolean tunnel;

    /** Creates a codec with {@link Http1Config#DEFAULTS}. */
    public Http1ServerCodec() {
        this(Http1Config.DEFAULTS);
    }

    /**
     * Creates a codec.
     *
     * @param config the parsing limits
     */
    public Http1ServerCodec(Http1Config config) {
        this.parser = new MessageParser(config, true);
    }

    /** Where the codec stands. */
    public Http1CodecState state() {
        return state;
    }

    /**
     * Forgets the connection this codec served, in whatever state it is: the codec is then as new,
     * {@link Http1CodecState#IDLE}, ready for another connection's first request (storage it grew is
     * kept). This lets a host lend codecs from a pool to connections only while a request is in
     * progress; the host must not feed it bytes of the old connection afterwards.
     */
    public void reset() {
        state = Http1CodecState.IDLE;
        failure = null;
        requestHead = false;
        requestComplete = false;
        finalResponse = false;
        method = null;
        requestKeepAlive = false;
        tunnel = false;
        generator.reset();
    }

    /** The rejection that made the codec {@link Http1CodecState#FAILED}, or {@code null}. */
    public Http1Exception failure() {
        return failure;
    }

    /** True once the current request was fully received. */
    public boolean requestComplete() {
        return requestComplete;
    }

    /**
     * True once the current request was fully received and its head said the client closes after it
     * (a {@code close} option, or HTTP/1.0 without {@code keep-alive}): RFC 9112 §9.6 then forbids it
     * to send anything more on the connection.
     */
    public boolean clientCloses() {
        return requestComplete && !requestKeepAlive;
    }

    /**
     * Parses request bytes and reports events; stops at the end of the request, and consumes nothing
     * while the response to a complete request is still being written.
     *
     * @param in received bytes; on return its position is past the consumed ones
     * @param listener receives the events
     * @return the number of bytes consumed
     * @throws Http1Exception if the input is malformed or arrives after the connection closed; the
     *     codec is then failed
     * @throws IllegalStateException if the codec already failed
     */
    public int onBytes(ByteBuffer in, Http1Listener listener) throws Http1Exception {
        if (state == Http1CodecState.FAILED) {
            throw new IllegalStateException("onBytes in state FAILED", failure);
        }
        int p0 = in.position();
        try {
            if (state == Http1CodecState.CLOSED) {
                if (in.hasRemaining()) {
                    throw new Http1Exception(Http1Exception.Reason.UNEXPECTED_DATA, 0, "connection closed");
                }
                return 0;
            }
            if (state == Http1CodecState.IDLE) {
                if (!in.hasRemaining()) {
                    return 0;
                }
                beginExchange();
            }
            if (state == Http1CodecState.TUNNEL || !requestComplete) {
                if (parser.parse(in, listener) && state == Http1CodecState.BUSY) {
                    onRequestComplete();
                }
                requestHead |= parser.phase() != MessageParser.Phase.HEAD;
            }
            return in.position() - p0;
        } catch (Http1Exception e) {
            throw fail(e);
        } catch (RuntimeException e) {
            throw fail(Http1Exception.internal(e));
        }
    }

    /**
     * Reports that the client closed its side. In a tunnel this only ends the client's direction: the
     * codec stays {@link Http1CodecState#TUNNEL} and {@link #encodeBody} still passes bytes (half-close).
     *
     * @param listener unused unless a message could end here (requests never end at close)
     * @throws Http1Exception {@link Http1Exception.Reason#INCOMPLETE_MESSAGE} if a request was cut
     *     short; the codec is then failed
     */
    public void onEndOfInput(Http1Listener listener) throws Http1Exception {
        if (state == Http1CodecState.FAILED) {
            return;
        }
        try {
            if (state == Http1CodecState.BUSY && !requestComplete) {
                parser.endOfInput(listener);
            }
            if (state != Http1CodecState.BUSY && state != Http1CodecState.TUNNEL) {
                state = Http1CodecState.CLOSED;
            }
        } catch (Http1Exception e) {
            throw fail(e);
        } catch (RuntimeException e) {
            throw fail(Http1Exception.internal(e));
        }
    }

    private void beginExchange() {
        parser.start(null, false);
        generator.reset();
        state = Http1CodecState.BUSY;
        requestHead = false;
        requestComplete = false;
        finalResponse = false;
        tunnel = false;
    }

    private void onRequestComplete() {
        HeadView head = parser.head();
        requestComplete = true;
        method = head.methodKind();
        requestKeepAlive = head.keepAlive();
        maybeFinish();
    }

    /**
     * Stages a response head ({@code HTTP/1.1}). A 1xx other than 101 is interim: another head follows.
     * A final response says what happens to the connection after it (RFC 9112 §9.6, Appendix C.2.2):
     * when it will close (the request said {@code close}, an HTTP/1.0 request without keep-alive, a
     * body delimited by close, or {@code Connection: close} among {@code fields}) the head carries
     * {@code Connection: close}; when an HTTP/1.0 request's keep-alive is honoured, it carries
     * {@code Connection: keep-alive}. To an HTTP/1.0 request a chunked body is sent raw and delimited
     * by closing the connection (RFC 9112 §6.1: no Transfer-Encoding to HTTP/1.0).
     *
     * @param status 100 to 999; 101 only if the request offered an upgrade ({@link Http1Head#upgrade()}),
     *     with an Upgrade field naming the protocol
     * @param reason the reason phrase, possibly empty
     * @param fields the fields; Content-Length or {@code Transfer-Encoding: chunked} frame the body,
     *     neither means the body ends when the connection closes
     * @throws IllegalStateException if no request head was received, or a final response was started
     * @throws IllegalArgumentException on an invalid status, reason or fields (an Upgrade field without
     *     the {@code upgrade} connection option, RFC 9110 §7.8)
     */
    public void startResponse(int status, String reason, Http1Fields fields) {
        if (state != Http1CodecState.BUSY || !requestHead || finalResponse) {
            throw new IllegalStateException("startResponse in state " + state
                    + (finalResponse ? " after the final response" : " before a request head"));
        }
        if (status == 101 && !parser.upgradeOffered()) {
            throw new IllegalStateException("101 to a request that offered no upgrade");
        }
        if (status == 101 && !fields.contains("upgrade")) {
            // RFC 9110 §15.2.2: a 101 names the protocol it switches to.
            throw new IllegalArgumentException("101 without an Upgrade field");
        }
        HeadView head = parser.head();
        HeadView.Method m = head.methodKind();
        generator.responseHead(status, reason, fields, m, head.version(), head.keepAlive());
        if (status >= 200 || status == 101) {
            finalResponse = true;
            tunnel = status == 101 || (m == HeadView.Method.CONNECT && status / 100 == 2);
        } else {
            generator.end(Http1Fields.EMPTY);
        }
    }

    /**
     * Copies staged response bytes into {@code out}.
     *
     * @param out the caller's buffer
     * @return the number of bytes written
     */
    public int pollOutbound(ByteBuffer out) {
        int n = generator.poll(out);
        maybeFinish();
        return n;
    }

    /** True while staged response bytes wait for {@link #pollOutbound}. */
    public boolean hasOutbound() {
        return generator.hasStaged();
    }

    /**
     * Writes staged bytes, then frames as much of {@code src} as fits into {@code out} (raw in a
     * tunnel, or when the body is delimited by closing the connection).
     *
     * @param src response body bytes; its position advances past what was consumed
     * @param out the caller's buffer
     * @return the number of bytes written to {@code out}
     * @throws IllegalStateException if the response has no body or was ended, or {@code src} exceeds
     *     the declared Content-Length
     */
    public int encodeBody(ByteBuffer src, ByteBuffer out) {
        if (!finalResponse && state != Http1CodecState.TUNNEL) {
            throw new IllegalStateException("encodeBody before a final response head, state " + state);
        }
        return generator.body(src, out);
    }

    /**
     * Ends the response (stages the last chunk and trailers when chunked).
     *
     * @param trailers trailer fields, empty unless the body is chunked
     * @throws IllegalStateException if no final response was started, or its Content-Length was not
     *     reached
     */
    public void endResponse(Http1Fields trailers) {
        if (!finalResponse || state != Http1CodecState.BUSY) {
            throw new IllegalStateException("endResponse without a final response, state " + state);
        }
        generator.end(trailers);
        maybeFinish();
    }

    /** Ends the response without trailers; see {@link #endResponse(Http1Fields)}. */
    public void endResponse() {
        endResponse(Http1Fields.EMPTY);
    }

    private void maybeFinish() {
        if (state != Http1CodecState.BUSY || !requestComplete || !finalResponse || !generator.complete()) {
            return;
        }
        if (tunnel) {
            state = Http1CodecState.TUNNEL;
            parser.enterTunnel();
            generator.enterTunnel();
        } else {
            state = requestKeepAlive && generator.keepAlive() ? Http1CodecState.IDLE : Http1CodecState.CLOSED;
        }
    }

    private Http1Exception fail(Http1Exception e) {
        state = Http1CodecState.FAILED;
        failure = e;
        return e;
    }

    /** Bytes of input storage allocated; never above {@code Http1Config.maxBufferedBytes() + 1}. */
    int storageCapacity() {
        return parser.storageCapacity();
    }

    @Override
    public String toString() {
        return "Http1ServerCodec{" + state + ",request=" + parser.phase() + ",response=" + generator.mode() + "}";
    }
}
