package dev.tether.examples.origin;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.websocket.WebSocketProtocol;
import dev.tether.http1.Http1Head;

/**
 * A WebSocket opening handshake as the origin's HTTP/1.1 side received it (RFC 6455 §4.2.1): an
 * upgrade offer naming {@code websocket}, a well-formed key and version 13.
 *
 * <p>Invariants: {@link #accept()} is {@code null} unless the handshake may be accepted.
 *
 * <p>Thread safety: immutable.
 *
 * @param offered a GET that offered an upgrade to {@code websocket} (RFC 9110 §7.8)
 * @param key its {@code Sec-WebSocket-Key}, or {@code null}
 * @param version its {@code Sec-WebSocket-Version}, or {@code null}
 */
@ThreadSafe
record WebSocketUpgrade(boolean offered, String key, String version) {
    /** The path of the echo endpoint. */
    static final String PATH = "/ws/echo";

    /** The handshake fields of a request head, read during its callback. */
    static WebSocketUpgrade of(Http1Head head) {
        String upgrade = head.value("upgrade");
        boolean offered = "GET".equals(head.method()) && head.upgrade() && upgrade != null
                && upgrade.trim().equalsIgnoreCase("websocket");
        return new WebSocketUpgrade(offered, head.value("sec-websocket-key"), head.value("sec-websocket-version"));
    }

    /** The {@code Sec-WebSocket-Accept} to answer with, or {@code null} if the handshake is refused. */
    String accept() {
        boolean ok = offered && WebSocketProtocol.validKey(key) && "13".equals(version);
        return ok ? WebSocketProtocol.accept(key.trim()) : null;
    }
}
