package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.websocket.WebSocketProtocol;
import dev.tether.http2.Header;

import java.util.ArrayList;
import java.util.List;

/**
 * The success answer of a tunnel in the client's protocol, whatever the backend spoke: a 101 with
 * {@code Upgrade} for an HTTP/1.1 client (RFC 9110 §15.2.2), a 200 for an HTTP/2 client's extended
 * CONNECT (RFC 8441 §5). The WebSocket key exchange exists on HTTP/1.1 only: an HTTP/1.1 client whose
 * backend spoke HTTP/2 gets the {@code Sec-WebSocket-Accept} of its own key; an HTTP/2 client never
 * sees one.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class TunnelHeads {
    private TunnelHeads() {
    }

    /**
     * The fields of the 101 for an HTTP/1.1 client.
     *
     * @param request the client's request
     * @param protocol the protocol switched to
     * @param answer the backend's end-to-end fields (lower-case names)
     * @return name/value pairs, {@code Upgrade} and {@code Connection: upgrade} included
     */
    static List<String> http1(RequestHead request, String protocol, List<String> answer) {
        List<String> out = new ArrayList<>(answer.size() + 6);
        boolean accept = false;
        for (int i = 0; i < answer.size(); i += 2) {
            accept |= "sec-websocket-accept".equals(answer.get(i));
            out.add(answer.get(i));
            out.add(answer.get(i + 1));
        }
        String key = request.webSocketKey();
        if (!accept && request.webSocket() && key != null) {
            out.add("sec-websocket-accept");
            out.add(WebSocketProtocol.accept(key.trim())); // RFC 6455 §4.2.2, for a backend that spoke RFC 8441
        }
        out.add("upgrade");
        out.add(protocol);
        out.add("connection");
        out.add("upgrade");
        return out;
    }

    /**
     * The headers of the 200 for an HTTP/2 client.
     *
     * @param answer the backend's end-to-end fields (lower-case names)
     * @return {@code :status 200} and the fields, without {@code sec-websocket-accept}
     */
    static List<Header> http2(List<String> answer) {
        List<Header> h = new ArrayList<>(answer.size() / 2 + 1);
        h.add(Header.of(":status", "200"));
        for (int i = 0; i < answer.size(); i += 2) {
            if (!"sec-websocket-accept".equals(answer.get(i))) {
                h.add(Header.of(answer.get(i), answer.get(i + 1)));
            }
        }
        return h;
    }
}
