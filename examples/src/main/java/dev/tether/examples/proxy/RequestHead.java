package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.http1.Http1Fields;
import dev.tether.http2.Header;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A request as the proxy forwards it, protocol-neutral: method, authority, path, and the end-to-end
 * fields (hop-by-hop fields removed, {@code Via} and {@code X-Forwarded-For} added), with lower-case
 * names. It renders itself as HTTP/1.1 fields or as HTTP/2 headers.
 *
 * <p>A tunnel request (an HTTP/1.1 upgrade, RFC 9110 §7.8, or an extended CONNECT, RFC 8441) carries
 * the protocol asked for in {@link #protocol()}; it renders as {@code Upgrade} + {@code Connection:
 * upgrade} for HTTP/1.1 and as {@code :method CONNECT} + {@code :protocol} for HTTP/2, with the
 * WebSocket key exchange of RFC 6455 §4 on the HTTP/1.1 side only (RFC 8441 §5).
 *
 * <p>Invariants: {@code fields} holds name/value pairs with no hop-by-hop name (RFC 9110 §7.6.1) and
 * no {@code host} (the authority carries it); {@code contentLength} is −1 when unknown; a tunnel
 * request has no HTTP body.
 *
 * <p>A head is read by its exchange only. The HTTP/1.1 frontend {@link #refill refills} the head of an
 * exchange it reuses for its next request, once that exchange ended and no backend holds it.
 *
 * <p>Thread safety: confined to the loop of the exchange that reads it.
 */
@ThreadConfined("session loop")
public final class RequestHead {
    /** The {@code Via} entry the proxy adds (RFC 9110 §7.6.3). */
    public static final String VIA = "1.1 tether";

    String method;
    String authority;
    String path;
    final List<String> fields;
    long contentLength;
    boolean hasBody;
    /** The protocol of a tunnel request (e.g. {@code websocket}), or {@code null}. */
    String protocol;
    /** The last {@link #toHttp2()} list, refilled by the next; {@code null} until the first. */
    private ArrayList<Header> http2;
    /** The next position {@link #put} fills. */
    private int http2Size;

    private RequestHead(String method, String authority, String path, List<String> fields, long contentLength,
                        boolean hasBody, String protocol) {
        this.method = method;
        this.authority = authority;
        this.path = path;
        this.fields = fields;
        this.contentLength = contentLength;
        this.hasBody = hasBody;
        this.protocol = protocol;
    }

    /**
     * Builds the forwarded form of a received request.
     *
     * @param method the method
     * @param authority the Host or :authority
     * @param path the request-target
     * @param received received name/value pairs (any case; hop-by-hop ones are dropped here)
     * @param contentLength the declared length, or −1
     * @param hasBody whether a body follows
     * @param clientIp the client's address, appended to {@code X-Forwarded-For}
     * @return the head
     */
    public static RequestHead forward(String method, String authority, String path, List<String> received,
                                      long contentLength, boolean hasBody, String clientIp) {
        RequestHead h = new RequestHead(null, "", null, new ArrayList<>(received.size() + 4), -1, false, null);
        return h.refill(method, authority, path, received, contentLength, hasBody, clientIp);
    }

    /**
     * Makes this head the forwarded form of another received request, as {@link #forward} would,
     * reusing its field list: an HTTP/1.1 client connection's next request, once no exchange reads
     * this head any more.
     *
     * @return this head
     */
    RequestHead refill(String method, String authority, String path, List<String> received, long contentLength,
                       boolean hasBody, String clientIp) {
        List<String> connectionTokens = List.of(); // allocated only when a Connection field names some
        for (int i = 0; i < received.size(); i += 2) {
            if ("connection".equalsIgnoreCase(received.get(i))) {
                connectionTokens = connectionTokens.isEmpty() ? new ArrayList<>() : connectionTokens;
                for (String t : received.get(i + 1).split(",")) {
                    connectionTokens.add(t.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        List<String> out = fields;
        out.clear();
        String via = null;
        String xff = null;
        for (int i = 0; i < received.size(); i += 2) {
            String name = received.get(i).toLowerCase(Locale.ROOT);
            String value = received.get(i + 1);
            // Expect is answered by the proxy's frontend, never forwarded (RFC 9110 §10.1.1).
            if (HopByHop.is(name) || connectionTokens.contains(name) || "host".equals(name) || "expect".equals(name)
                    || "content-length".equals(name) || name.startsWith(":")) {
                continue;
            }
            if ("via".equals(name)) {
                via = via == null ? value : via + ", " + value;
            } else if ("x-forwarded-for".equals(name)) {
                xff = xff == null ? value : xff + ", " + value;
            } else {
                out.add(name);
                out.add(value);
            }
        }
        out.add("via");
        out.add(via == null ? VIA : via + ", " + VIA);
        out.add("x-forwarded-for");
        out.add(xff == null ? clientIp : xff + ", " + clientIp);
        this.method = method;
        this.authority = authority == null ? "" : authority;
        this.path = path;
        this.contentLength = contentLength;
        this.hasBody = hasBody;
        this.protocol = null;
        return this;
    }

    /**
     * Builds the forwarded form of a tunnel request: an HTTP/1.1 upgrade offer or an extended CONNECT.
     *
     * @param method the method ({@code GET} for a WebSocket upgrade, {@code CONNECT} from HTTP/2)
     * @param authority the Host or :authority
     * @param path the request-target
     * @param received received name/value pairs; hop-by-hop ones ({@code Upgrade} among them) are dropped
     * @param protocol the protocol asked for: the {@code Upgrade} value or {@code :protocol}
     * @param clientIp the client's address, appended to {@code X-Forwarded-For}
     * @return the head, without a body
     */
    public static RequestHead tunnel(String method, String authority, String path, List<String> received,
                                     String protocol, String clientIp) {
        RequestHead h = forward(method, authority, path, received, -1, false, clientIp);
        h.protocol = protocol;
        return h;
    }

    /** The protocol of a tunnel request, or {@code null} for a plain request. */
    public String protocol() {
        return protocol;
    }

    /** True for a WebSocket tunnel request. */
    boolean webSocket() {
        return "websocket".equalsIgnoreCase(protocol);
    }

    /** The client's {@code Sec-WebSocket-Key} (an HTTP/1.1 client's upgrade), or {@code null}. */
    String webSocketKey() {
        for (int i = 0; i < fields.size(); i += 2) {
            if ("sec-websocket-key".equals(fields.get(i))) {
                return fields.get(i + 1);
            }
        }
        return null;
    }

    /** The method. */
    public String method() {
        return method;
    }

    /** The request-target. */
    public String path() {
        return path;
    }

    /** True for GET and HEAD, the requests D5 replays after a stale reuse. */
    boolean idempotentRead() {
        return "GET".equals(method) || "HEAD".equals(method);
    }

    /** The HTTP/1.1 fields: Host, the end-to-end fields, and the body framing. */
    Http1Fields toHttp1() {
        return toHttp1(new Http1FieldsCache());
    }

    /**
     * The HTTP/1.1 fields, through a connection's cache: the previous instance when they repeat.
     *
     * @param cache the sending connection's cache
     * @return Host, the end-to-end fields, and the body framing
     */
    Http1Fields toHttp1(Http1FieldsCache cache) {
        List<String> b = cache.start();
        b.add("host");
        b.add(authority.isEmpty() ? "localhost" : authority);
        for (int i = 0; i < fields.size(); i++) {
            b.add(fields.get(i)); // not addAll: it copies the list into a new array first
        }
        if (contentLength >= 0) {
            b.add("content-length");
            b.add(Long.toString(contentLength));
        } else if (hasBody) {
            b.add("transfer-encoding");
            b.add("chunked");
        }
        return cache.build();
    }

    /**
     * The HTTP/1.1 upgrade offer of a tunnel request (RFC 9110 §7.8): GET for an extended CONNECT
     * (RFC 8441 §5), Host, the end-to-end fields, {@code Upgrade} and {@code Connection: upgrade}.
     *
     * @param webSocketKey a {@code Sec-WebSocket-Key} to add (RFC 6455 §4.1) when the client did not
     *     send one (an HTTP/2 client), else {@code null}
     * @return the method, then the fields
     */
    Http1Fields toHttp1Upgrade(String webSocketKey) {
        List<String> b = new ArrayList<>(fields.size() + 8);
        b.add("host");
        b.add(authority.isEmpty() ? "localhost" : authority);
        b.addAll(fields);
        b.add("upgrade");
        b.add(protocol);
        b.add("connection");
        b.add("upgrade");
        if (webSocketKey != null) {
            b.add("sec-websocket-key");
            b.add(webSocketKey);
        }
        return Http1Fields.of(b.toArray(new String[0]));
    }

    /** The method of the HTTP/1.1 form: {@code GET} for a request that came as extended CONNECT. */
    String http1Method() {
        return protocol != null && "CONNECT".equals(method) ? "GET" : method;
    }

    /**
     * The HTTP/2 headers: pseudo-fields first (RFC 9113 §8.3.1), then the end-to-end fields. The list
     * is this head's, refilled by the next call (after a {@link #refill}, the same {@link Header}s
     * where the fields repeat): the sender encodes it at once and keeps none of it.
     */
    List<Header> toHttp2() {
        if (http2 == null) {
            http2 = new ArrayList<>(fields.size() / 2 + 6);
        }
        http2Size = 0;
        put(":method", protocol != null ? "CONNECT" : method);
        if (protocol != null) {
            put(":protocol", protocol.toLowerCase(Locale.ROOT)); // RFC 8441 §4
        }
        put(":scheme", "http");
        put(":authority", authority.isEmpty() ? "localhost" : authority);
        put(":path", path);
        for (int i = 0; i < fields.size(); i += 2) {
            // RFC 8441 §5: no WebSocket key exchange over HTTP/2.
            if (!"te".equals(fields.get(i)) && !(protocol != null && "sec-websocket-key".equals(fields.get(i)))) {
                put(fields.get(i), fields.get(i + 1));
            }
        }
        if (contentLength >= 0) {
            put("content-length", Long.toString(contentLength));
        }
        while (http2.size() > http2Size) {
            http2.remove(http2.size() - 1);
        }
        return http2;
    }

    /** Sets the next header of {@link #http2}, keeping the one there when it is the same field. */
    private void put(String name, String value) {
        int i = http2Size++;
        if (i == http2.size()) {
            http2.add(Header.of(name, value));
        } else if (!http2.get(i).name().equals(name) || !http2.get(i).value().equals(value)) {
            http2.set(i, Header.of(name, value));
        }
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
