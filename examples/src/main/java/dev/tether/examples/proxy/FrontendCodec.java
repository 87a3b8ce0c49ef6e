package dev.tether.examples.proxy;

import dev.tether.core.Session;
import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.EventLoop;
import dev.tether.http1.Http1Config;
import dev.tether.http1.Http1Fields;
import dev.tether.http1.Http1Head;
import dev.tether.http1.Http1ServerCodec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What an HTTP/1.1 client connection needs only while a request is in progress: the server codec
 * (its head storage is most of a connection's state), the caches that spare per-request strings, and
 * an exchange that ended cleanly, reused for the next request ({@link ProxyExchange#reusable()}).
 * A connection borrows one from its loop's {@link FrontendCodecPool} when request bytes arrive and
 * gives it back when the exchange is over, so that a keep-alive connection that waits holds none.
 *
 * <p>Invariants: lent to at most one connection at a time; back in the pool, {@code codec} is
 * {@code IDLE} and no reference to it is held outside the pool. The caches stay filled across
 * loans: connections of one loop mostly send the same fields, and a miss only costs a string.
 * {@code spare} is {@code null} or an ended exchange, reset, that nothing but this codec references.
 *
 * <p>Thread safety: confined to its loop.
 */
@ThreadConfined("event loop")
final class FrontendCodec {
    final Http1ServerCodec codec;
    /** The strings of the requests' fields, reused while they repeat. */
    final FieldStrings requestStrings = new FieldStrings();
    /** The received request fields, refilled for every head ({@link RequestHead#forward} copies them). */
    final List<String> requestFields = new ArrayList<>();
    /** The response heads sent, reused while they repeat. */
    final Http1FieldsCache responseFields = new Http1FieldsCache();
    /** The last request-target handed out, reused while it repeats. */
    private String target;
    /** An ended exchange kept for the next request ({@link #keep}), or {@code null}. */
    private ProxyExchange spare;

    /** A codec with the proxy's client limits (its head at most {@code ClientLimits.maxHeaderListSize}). */
    FrontendCodec(Http1Config limits) {
        this.codec = new Http1ServerCodec(limits);
    }

    /**
     * The exchange of the request whose head is {@code head}, its first request or not (R69): the
     * spare exchange refilled when there is one, unless the request offers an upgrade (it gets a new
     * exchange; one that became a tunnel is never kept, one whose offer the backend declined ended as
     * any other and may be).
     *
     * @param head the head being parsed (valid during its callback only)
     * @param down the connection the request came on, where its response goes
     * @param clientIp the client's address, appended to {@code X-Forwarded-For}
     * @return the exchange, not started
     */
    ProxyExchange exchange(Http1Head head, ProxyContext ctx, EventLoop loop, Session session, Downstream down,
                           String clientIp, boolean first) {
        List<String> fields = requestFields;
        fields.clear();
        String host = null;
        for (int i = 0; i < head.fieldCount(); i++) {
            String name = requestStrings.name(head, i);
            String value = requestStrings.value(head, i);
            host = host == null && "host".equals(name) ? value : host; // the first Host line
            fields.add(name);
            fields.add(value);
        }
        if (target == null || !head.targetEquals(target)) {
            target = head.target();
        }
        boolean hasBody = head.chunked() || head.contentLength() > 0;
        String upgrade = head.upgrade() && !hasBody ? head.value("upgrade").trim() : null;
        // h2c is not tunnelled: clients reach h2c backends through the h2c front (prior knowledge).
        if (upgrade != null && !upgrade.toLowerCase(java.util.Locale.ROOT).contains("h2c")) {
            RequestHead rh = RequestHead.tunnel(head.method(), host, target, fields, upgrade, clientIp);
            return new ProxyExchange(ctx, session, loop, down, rh, first);
        }
        long length = head.chunked() ? -1 : Math.max(head.contentLength(), hasBody ? 0 : -1);
        ProxyExchange ex = spare;
        spare = null;
        if (ex == null) {
            RequestHead rh = RequestHead.forward(head.method(), host, target, fields, length, hasBody, clientIp);
            return new ProxyExchange(ctx, session, loop, down, rh, first);
        }
        ex.head().refill(head.method(), host, target, fields, length, hasBody, clientIp);
        return ex.reuse(session, down, first);
    }

    /**
     * The connection is done with {@code ex}: kept as the spare if nothing else may still reach it
     * ({@link ProxyExchange#reusable()}), reset so that it holds nothing of its old connection (a
     * closed connection must not stay reachable through a pooled codec) nor its body buffer. The
     * backend that ended it may still hold it in its current read's lists ({@code H2Backend}'s ended
     * and failed streams) until that read returns: keeping it is safe because no request is parsed
     * from inside a backend's callback (a frontend resumes reading through a queued task), so the
     * spare is refilled only after that read.
     */
    void keep(ProxyExchange ex) {
        if (ex.reusable()) {
            spare = ex.reuse(null, null, false);
        }
    }

    /**
     * Starts a proxied response: its end-to-end fields, framing when the backend gave none (chunked,
     * or a length of 0 with no body), and {@code Connection: close} when the connection closes after it.
     *
     * @param status the status
     * @param fields name/value pairs, lower case
     * @param noBody no body follows
     * @param close the connection closes after this response
     */
    void startResponse(int status, List<String> fields, boolean noBody, boolean close) {
        List<String> b = responseFields.start();
        boolean length = false;
        for (int i = 0; i < fields.size(); i += 2) {
            length |= "content-length".equals(fields.get(i));
            b.add(fields.get(i));
            b.add(fields.get(i + 1));
        }
        if (!length && status != 204 && status != 304) {
            b.add(noBody ? "content-length" : "transfer-encoding");
            b.add(noBody ? "0" : "chunked");
        }
        if (close) {
            b.add("connection");
            b.add("close");
        }
        codec.startResponse(status, StatusText.reason(status), responseFields.build());
    }

    /**
     * Writes a whole error the proxy answers itself (502, 503, 504, 408...) with its
     * {@code x-tether-error} reason into {@code out}, as far as it fits.
     *
     * @param status the status
     * @param reason the reason
     * @param close the connection closes after this response
     * @param out the socket's output buffer
     */
    void error(int status, String reason, boolean close, ByteBuffer out) {
        byte[] text = StatusText.errorBody(status, reason);
        Http1Fields.Builder f = Http1Fields.builder().add("x-tether-error", reason).add("content-type", "text/plain")
                .add("content-length", Integer.toString(text.length)).add("via", RequestHead.VIA);
        if (close) {
            f.add("connection", "close");
        }
        codec.startResponse(status, StatusText.reason(status), f.build());
        codec.pollOutbound(out);
        ByteBuffer body = ByteBuffer.wrap(text);
        codec.encodeBody(body, out);
        if (!body.hasRemaining()) {
            codec.endResponse();
        }
    }
}
