package dev.tether.examples.load;

import dev.tether.core.annotations.ThreadSafe;

import java.util.Locale;

/**
 * What a {@code demo --websocket} run measured, with its table and its one-line JSON.
 *
 * <p>Thread safety: immutable.
 *
 * @param webSockets WebSockets opened through the proxy
 * @param messages messages sent and echoed (or failed)
 * @param bytes payload bytes both ways of the messages that came back intact
 * @param errors messages that failed or came back wrong, WebSockets that failed to open or close
 * @param p50Micros median round trip of a message
 * @param p99Micros 99th percentile round trip
 * @param backendConnections connections the origin had accepted once every WebSocket was open
 * @param backendWebSockets WebSocket handshakes the origin accepted
 * @param seconds wall time
 * @param policy the reuse policy
 * @param backend {@code h1} or {@code h2c}
 */
@ThreadSafe
public record WebSocketDemoResult(int webSockets, long messages, long bytes, long errors, long p50Micros,
                                  long p99Micros, long backendConnections, long backendWebSockets, double seconds,
                                  String policy, String backend) {
    /** The summary table a person reads. */
    public String table() {
        StringBuilder b = new StringBuilder();
        DemoResult.line(b, "policy / backend", policy + " / " + backend);
        DemoResult.line(b, "websockets", Long.toString(webSockets));
        DemoResult.line(b, "messages", Long.toString(messages));
        DemoResult.line(b, "bytes (both ways)", Long.toString(bytes));
        DemoResult.line(b, "errors", Long.toString(errors));
        DemoResult.line(b, "round trip p50 / p99", p50Micros + " µs / " + p99Micros + " µs");
        DemoResult.line(b, "backend connections", backendConnections + "  (accepted by the origin, all WebSockets open; "
                + ("h1".equals(backend) ? "one each over HTTP/1.1)" : "RFC 8441 streams share them)"));
        DemoResult.line(b, "backend websockets", Long.toString(backendWebSockets));
        return b.toString();
    }

    /** The JSON object of {@code --json}. */
    public String json() {
        return String.format(Locale.ROOT, "{\"webSockets\":%d,\"messages\":%d,\"bytes\":%d,\"errors\":%d,"
                        + "\"p50Micros\":%d,\"p99Micros\":%d,\"backendConnections\":%d,\"backendWebSockets\":%d,"
                        + "\"seconds\":%.3f,\"policy\":\"%s\",\"backend\":\"%s\"}", webSockets, messages, bytes, errors,
                p50Micros, p99Micros, backendConnections, backendWebSockets, seconds, policy, backend);
    }
}
