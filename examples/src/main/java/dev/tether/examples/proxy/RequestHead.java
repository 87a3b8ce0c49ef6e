package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadSafe;
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
 * <p>Invariants: {@code fields} holds name/value pairs with no hop-by-hop name (RFC 9110 §7.6.1) and
 * no {@code host} (the authority carries it); {@code contentLength} is −1 when unknown.
 *
 * <p>Thread safety: immutable after construction.
 */
@ThreadSafe
public final class RequestHead {
    /** The {@code Via} entry the proxy adds (RFC 9110 §7.6.3). */
    public static final String VIA = "1.1 tether";

    final String method;
    final String authority;
    final String path;
    final List<String> fields;
    final long contentLength;
    final boolean hasBody;

    private RequestHead(String method, String authority, String path, List<String> fields, long contentLength,
                        boolean hasBody) {
        this.method = method;
        this.authority = authority;
        this.path = path;
        this.fields = fields;
        this.contentLength = contentLength;
        this.hasBody = hasBody;
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
        List<String> connectionTokens = List.of(); // allocated only when a Connection field names some
        for (int i = 0; i < received.size(); i += 2) {
            if ("connection".equalsIgnoreCase(received.get(i))) {
                connectionTokens = connectionTokens.isEmpty() ? new ArrayList<>() : connectionTokens;
                for (String t : received.get(i + 1).split(",")) {
                    connectionTokens.add(t.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        List<String> out = new ArrayList<>(received.size() + 4);
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
        return new RequestHead(method, authority == null ? "" : authority, path, out, contentLength, hasBody);
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

    /** The HTTP/2 headers: pseudo-fields first (RFC 9113 §8.3.1), then the end-to-end fields. */
    List<Header> toHttp2() {
        List<Header> h = new ArrayList<>(fields.size() / 2 + 5);
        h.add(Header.of(":method", method));
        h.add(Header.of(":scheme", "http"));
        h.add(Header.of(":authority", authority.isEmpty() ? "localhost" : authority));
        h.add(Header.of(":path", path));
        for (int i = 0; i < fields.size(); i += 2) {
            if (!"te".equals(fields.get(i))) {
                h.add(Header.of(fields.get(i), fields.get(i + 1)));
            }
        }
        if (contentLength >= 0) {
            h.add(Header.of("content-length", Long.toString(contentLength)));
        }
        return h;
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
