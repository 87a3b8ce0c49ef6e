package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.EventLoop;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Where a {@link ProxyExchange} sends its response and reports how much request body it used: an
 * HTTP/1.1 client connection, one h2c client stream, or an embedding host.
 *
 * <p>Contract: {@code head} once, then {@code body}* and {@code end}, or {@code abort} at any time
 * after {@code head}; or {@code error} or {@code refuse} instead of all of them. For a tunnel request,
 * {@code switched} may come instead of {@code head}: from then on {@code body} carries tunnel bytes,
 * {@code end} is the half-close towards the client, and the request side's bytes flow until the
 * client half-closes. The exchange offers body bytes only as fast as {@link #body} takes them, and
 * resumes when the downstream calls {@link ProxyExchange#downstreamWritable()}.
 *
 * <p>Thread safety: called on the exchange's loop.
 */
@ThreadConfined("event loop")
public interface Downstream {
    /**
     * Sends the response head.
     *
     * @param status the status
     * @param fields end-to-end name/value pairs, lower case, {@code via} included; valid during this
     *               call only (the backend refills the list for its next response): copy what you keep
     * @param noBody true when no body follows (HEAD, 204, 304, or an empty body)
     */
    void head(int status, List<String> fields, boolean noBody);

    /**
     * Takes response body bytes.
     *
     * @param src the bytes; its position advances over what was taken
     */
    void body(ByteBuffer src);

    /** The response ended (in a tunnel: no more bytes towards the client, a half-close). */
    void end();

    /**
     * The backend accepted the tunnel (101, or 2xx to an extended CONNECT): send the success answer
     * in the client's protocol ({@link TunnelHeads}) and carry raw bytes from now on (D11).
     *
     * @param protocol the protocol switched to
     * @param fields the backend's end-to-end fields, valid during this call only
     * @return the downstream of the tunnel's bytes from now on: this one, or one that took over the
     *     client connection
     */
    default Downstream switched(String protocol, List<String> fields) {
        abort(); // a downstream that cannot carry a tunnel cuts it
        return this;
    }

    /** The response was cut after its head: close the client connection or reset the stream. */
    void abort();

    /**
     * Sends no response, so that the client may send the request again (docs/behaviour.md R72): closes
     * the HTTP/1 client connection, or resets the HTTP/2 stream with {@code REFUSED_STREAM}.
     */
    void refuse();

    /**
     * Answers with an error the proxy generated, before any head was sent.
     *
     * @param status 502, 503 or 504; 405 for a CONNECT (a reverse proxy opens no tunnel to anywhere)
     * @param reason the {@code x-tether-error} value
     */
    void error(int status, String reason);

    /**
     * The exchange forwarded {@code n} request body bytes and has room for more: credit flow
     * control or resume reading.
     *
     * @param n bytes forwarded
     */
    void requestBodyConsumed(int n);

    /** The exchange is over: the downstream may start its next one. */
    void exchangeDone();

    /**
     * A timer the exchange arms for its response timeout, when the downstream carries one exchange at
     * a time and keeps one timer for all of them (no allocation per request): its task must call
     * {@code ProxyExchange.timedOut()} on the current exchange. The exchange cancels it before it ends.
     *
     * @return the downstream's timer, or {@code null}: the exchange makes its own
     */
    default EventLoop.Timer responseTimer() {
        return null;
    }
}
