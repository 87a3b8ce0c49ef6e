package dev.tether.examples.chaos;

import dev.tether.core.annotations.ThreadSafe;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The summary of a chaos run: what the clients saw and what the proxy (a child process, so these are
 * its own) held at the start and at the end.
 *
 * <p>Invariants: {@code requests = ok + cleanErrors + wrong + lost}; heap figures are −1 when they
 * could not be measured.
 *
 * <p>Thread safety: immutable.
 *
 * @param requests requests sent (each counted once, whatever the client's own replays)
 * @param ok answered with the intact body of the right request
 * @param cleanErrors answered with a clean error: a 502/503/504 with a reason, a response cut after its
 *     head, or no response after the client's replays
 * @param cleanByReason {@code cleanErrors} by reason
 * @param wrong a body for another request, a corrupted body, or an unexpected status
 * @param lost no answer at all within the client's timeout
 * @param replays the proxy's own replays and failovers
 * @param clientReplays requests the clients sent again after the proxy refused them (R72)
 * @param backendConnections backend connections the proxy opened
 * @param fdStart the proxy's open files before the load
 * @param fdEnd the proxy's open files after the load, once its pools drained
 * @param heapStartMb the proxy's heap after a full GC before the load
 * @param heapEndMb the proxy's heap after a full GC after the load
 * @param wrongSamples the first wrong answers, described
 */
@ThreadSafe
public record ChaosResult(long requests, long ok, long cleanErrors, Map<String, Long> cleanByReason, long wrong,
                          long lost, long replays, long clientReplays, long backendConnections, int fdStart, int fdEnd,
                          double heapStartMb, double heapEndMb, List<String> wrongSamples) {
    /** Copies the collections. */
    public ChaosResult {
        cleanByReason = Map.copyOf(cleanByReason);
        wrongSamples = List.copyOf(wrongSamples);
    }

    /** A table for people. */
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "requests            %,d%n", requests));
        b.append(String.format(Locale.ROOT, "ok                  %,d%n", ok));
        b.append(String.format(Locale.ROOT, "clean errors        %,d%n", cleanErrors));
        new java.util.TreeMap<>(cleanByReason).forEach((k, v) ->
                b.append(String.format(Locale.ROOT, "  %-32s %,d%n", k, v)));
        b.append(String.format(Locale.ROOT, "wrong               %,d%n", wrong));
        for (String w : wrongSamples) {
            b.append("  ").append(w).append('\n');
        }
        b.append(String.format(Locale.ROOT, "lost                %,d%n", lost));
        b.append(String.format(Locale.ROOT, "replays (proxy)     %,d%n", replays));
        b.append(String.format(Locale.ROOT, "replays (clients)   %,d%n", clientReplays));
        b.append(String.format(Locale.ROOT, "backend connections %,d%n", backendConnections));
        b.append(String.format(Locale.ROOT, "proxy open files    %d at the start, %d at the end%n", fdStart, fdEnd));
        b.append(String.format(Locale.ROOT, "proxy heap after GC %.1f MiB at the start, %.1f MiB at the end%n",
                heapStartMb, heapEndMb));
        return b.toString();
    }

    /** One JSON object on one line. */
    public String json() {
        StringBuilder reasons = new StringBuilder("{");
        new java.util.TreeMap<>(cleanByReason).forEach((k, v) ->
                reasons.append(reasons.length() > 1 ? "," : "").append('"').append(k.replace("\"", "'")).append("\":")
                        .append(v));
        reasons.append('}');
        return String.format(Locale.ROOT, "{\"requests\":%d,\"ok\":%d,\"cleanErrors\":%d,\"wrong\":%d,\"lost\":%d,"
                        + "\"replays\":%d,\"backendConnections\":%d,\"fdStart\":%d,\"fdEnd\":%d,\"heapStartMb\":%.1f,"
                        + "\"heapEndMb\":%.1f,\"clientReplays\":%d,\"cleanErrorsByReason\":%s,\"measured\":\"proxy child process\"}",
                requests, ok, cleanErrors, wrong, lost, replays, backendConnections, fdStart, fdEnd, heapStartMb,
                heapEndMb, clientReplays, reasons);
    }
}
