package dev.tether.examples.load;

import dev.tether.core.ConnectReason;
import dev.tether.core.EngineStats;
import dev.tether.core.annotations.ThreadSafe;

import java.util.Locale;

/**
 * What a {@code demo} run measured, with its table and its one-line JSON.
 *
 * <p>Thread safety: immutable.
 *
 * @param requests requests sent
 * @param errors requests that failed or got a status other than 200
 * @param clientConnections client connections opened to the proxy
 * @param backendConnections connections the origin accepted
 * @param stats the proxy's engine counters at the end
 * @param p50Micros median latency
 * @param p99Micros 99th percentile latency
 * @param seconds wall time of the load
 * @param policy the reuse policy
 * @param backend {@code h1}, {@code h2c}, {@code https} or {@code h2}
 */
@ThreadSafe
public record DemoResult(long requests, long errors, long clientConnections, long backendConnections, EngineStats stats,
                         long p50Micros, long p99Micros, double seconds, String policy, String backend) {
    /** The summary table a person reads. */
    public String table() {
        StringBuilder b = new StringBuilder();
        line(b, "policy / backend", policy + " / " + backend);
        line(b, "requests", Long.toString(requests));
        line(b, "errors", Long.toString(errors));
        line(b, "throughput", String.format(Locale.ROOT, "%.0f req/s", requests / Math.max(seconds, 1e-9)));
        line(b, "client connections", Long.toString(clientConnections));
        line(b, "backend connections", backendConnections + "  (accepted by the origin)");
        line(b, "reused / new", stats.reuse() + " / " + stats.connect());
        line(b, "reuse ratio", String.format(Locale.ROOT, "%.2f%%", 100 * stats.reuseRatio()));
        line(b, "latency p50 / p99", p50Micros + " µs / " + p99Micros + " µs");
        StringBuilder reasons = new StringBuilder();
        for (ConnectReason r : ConnectReason.values()) {
            if (stats.connects(r) > 0) {
                reasons.append(reasons.length() == 0 ? "" : ", ").append(r.name()).append('=').append(stats.connects(r));
            }
        }
        line(b, "new-connection reasons", reasons.length() == 0 ? "none" : reasons.toString());
        StringBuilder closes = new StringBuilder();
        for (dev.tether.core.CloseReason r : dev.tether.core.CloseReason.values()) {
            if (stats.closes(r) > 0) {
                closes.append(closes.length() == 0 ? "" : ", ").append(r.name()).append('=').append(stats.closes(r));
            }
        }
        line(b, "close reasons", closes.length() == 0 ? "none" : closes.toString());
        return b.toString();
    }

    /** One row of a summary table (the WebSocket demo's too). */
    static void line(StringBuilder b, String k, String v) {
        b.append(String.format(Locale.ROOT, "  %-24s %s%n", k, v));
    }

    /** The JSON object of {@code --json}. */
    public String json() {
        return String.format(Locale.ROOT, "{\"requests\":%d,\"errors\":%d,\"clientConnections\":%d,"
                        + "\"backendConnections\":%d,\"reused\":%d,\"reuseRatio\":%.4f,\"p50Micros\":%d,\"p99Micros\":%d,"
                        + "\"policy\":\"%s\",\"backend\":\"%s\"}", requests, errors, clientConnections, backendConnections,
                stats.reuse(), stats.reuseRatio(), p50Micros, p99Micros, policy, backend);
    }
}
