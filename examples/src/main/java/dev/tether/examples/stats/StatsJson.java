package dev.tether.examples.stats;

import dev.tether.core.CloseReason;
import dev.tether.core.ConnectReason;
import dev.tether.core.EngineStats;
import dev.tether.core.FailureClass;
import dev.tether.core.TargetStats;
import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.proxy.ClientCancels;
import dev.tether.examples.proxy.ProxyContext;
import dev.tether.examples.proxy.TargetHealth;

import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.LongStream;

/**
 * Renders the proxy's counters as the JSON of {@code GET /tether/stats}: engine-wide and per target
 * ({@code connect, reuse, reuseRatio, idle, safe, used, privateIdle, privateBusy, needEstimate},
 * new-connection {@code reasons}, {@code closes} by reason, backend {@code failures} by class, client
 * {@code cancels} by class, and its {@code health}: state, consecutive failures, times down, last
 * failure), plus the proxy's own counters ({@code liveRequests, errors, replays, refusals,
 * replayReasons, clientConnections, clientCancels, clientReadTimeouts, clientsRefused, responseStalls,
 * backendReadPauses}), its tunnels ({@code tunnels: open, opened, bytesUp, bytesDown}; D11), and the
 * TLS counters of {@link TlsStatsJson}.
 *
 * <p>The engine counts the release of every failed or abandoned exchange by its class (R71). An
 * exchange its client abandoned is no backend failure: {@code cancels} counts those, and
 * {@code failures} is the engine's count less the cancels, so it counts what the backends caused.
 * {@code cancels} has one more entry, {@code RESPONSE_DRAINED}: abandoned exchanges whose response
 * was read to its end so that the connection could be kept (D13); the engine counts no failure for those.
 *
 * <p>Invariants: the output is one JSON object; each target's numbers come from one consistent
 * snapshot (docs/behaviour.md §4); {@code failures[c] + cancels[c]} is the engine's count for class
 * {@code c}.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
public final class StatsJson {
    private StatsJson() {
    }

    /**
     * Renders the stats of a running proxy.
     *
     * @param ctx the proxy's context
     * @return the JSON text
     */
    public static String render(ProxyContext ctx) {
        Map<String, long[]> cancels = ctx.cancels.snapshot(); // before the engine's: see ClientCancels
        EngineStats s = ctx.engine().stats();
        long[] allCancels = new long[ClientCancels.SLOTS];
        for (long[] counts : cancels.values()) {
            for (int i = 0; i < counts.length; i++) {
                allCancels[i] += counts[i];
            }
        }
        StringBuilder b = new StringBuilder(2048);
        b.append("{\"policy\":\"").append(ctx.config().policy().name().toLowerCase(Locale.ROOT)).append('"');
        b.append(",\"timeMillis\":").append(System.currentTimeMillis());
        b.append(",\"liveRequests\":").append(ctx.live.get());
        b.append(",\"errors\":").append(ctx.errors.get());
        b.append(",\"replays\":").append(ctx.replays.get());
        b.append(",\"refusals\":").append(ctx.refusals.get());
        b.append(",\"replayReasons\":{");
        boolean firstReason = true;
        for (Map.Entry<String, Long> r : ctx.replayReasons().entrySet()) {
            b.append(firstReason ? "" : ",").append('"').append(escape(r.getKey())).append("\":").append(r.getValue());
            firstReason = false;
        }
        b.append('}');
        b.append(",\"clientConnections\":").append(ctx.clientConnections.get());
        b.append(",\"clientCancels\":").append(LongStream.of(allCancels).sum());
        b.append(",\"responseStalls\":").append(ctx.responseStalls.get());
        b.append(",\"clientReadTimeouts\":").append(ctx.clientReadTimeouts.get());
        b.append(",\"clientsRefused\":").append(ctx.clientsRefused.get());
        b.append(",\"backendReadPauses\":").append(ctx.backendReadPauses.get());
        b.append(",\"tunnels\":{\"open\":").append(ctx.tunnelsOpen.get());
        b.append(",\"opened\":").append(ctx.tunnelsOpened.get());
        b.append(",\"bytesUp\":").append(ctx.tunnelBytesUp.sum());
        b.append(",\"bytesDown\":").append(ctx.tunnelBytesDown.sum()).append('}');
        b.append(",\"openSessions\":").append(s.openSessions());
        b.append(",\"takeovers\":").append(s.takeovers());
        TlsStatsJson.proxy(b, ctx.tls());
        b.append(",\"engine\":{");
        common(b, s.connect(), s.reuse(), s.reuseRatio(), s.idle(), s.safe(), s.used(), s.privateIdle(), s.privateBusy(),
                s.needEstimate());
        b.append(",\"reasons\":{");
        for (ConnectReason r : ConnectReason.values()) {
            b.append(r.ordinal() == 0 ? "" : ",").append('"').append(r.name()).append("\":").append(s.connects(r));
        }
        b.append("},\"closes\":{");
        for (CloseReason r : CloseReason.values()) {
            b.append(r.ordinal() == 0 ? "" : ",").append('"').append(r.name()).append("\":").append(s.closes(r));
        }
        b.append('}');
        failures(b, s::failures, allCancels);
        b.append("},\"targets\":[");
        boolean firstTarget = true;
        for (TargetStats t : s.targets()) {
            b.append(firstTarget ? "" : ",");
            firstTarget = false;
            target(b, t, ctx, cancels.getOrDefault(t.name(), new long[allCancels.length]));
        }
        return b.append("]}").toString();
    }

    private static void target(StringBuilder b, TargetStats t, ProxyContext ctx, long[] cancels) {
        b.append("{\"name\":\"").append(escape(t.name())).append('"');
        b.append(",\"draining\":").append(t.draining()).append(',');
        for (ProxyContext.Upstream u : ctx.upstreams()) {
            if (u.target().name().equals(t.name())) {
                TargetHealth h = u.health();
                b.append("\"health\":{\"state\":\"").append(h.state()).append("\",\"consecutiveFailures\":")
                        .append(h.consecutiveFailures()).append(",\"timesDown\":").append(h.timesDown())
                        .append(",\"lastFailure\":\"").append(escape(h.lastFailure())).append("\"},");
            }
        }
        common(b, t.connect(), t.reuse(), t.reuseRatio(), t.idle(), t.safe(), t.used(), t.privateIdle(),
                t.privateBusy(), t.needEstimate());
        b.append(",\"open\":").append(t.open()).append(",\"peakUsed\":").append(t.peakUsed());
        b.append(",\"reasons\":{");
        for (ConnectReason r : ConnectReason.values()) {
            b.append(r.ordinal() == 0 ? "" : ",").append('"').append(r.name()).append("\":").append(t.connects(r));
        }
        b.append("},\"closes\":{");
        for (CloseReason r : CloseReason.values()) {
            b.append(r.ordinal() == 0 ? "" : ",").append('"').append(r.name()).append("\":").append(t.closes(r));
        }
        b.append('}');
        failures(b, t::failures, cancels);
        TlsStatsJson.target(b, ctx.tls().counters(t.name()));
        b.append('}');
    }

    /** {@code ,"failures":{...},"cancels":{...}}: the engine's counts less the client's cancels, then those. */
    private static void failures(StringBuilder b, ToLongFunction<FailureClass> engine, long[] cancels) {
        b.append(",\"failures\":{");
        for (FailureClass f : FailureClass.values()) {
            b.append(f.ordinal() == 0 ? "" : ",").append('"').append(f.name()).append("\":")
                    .append(engine.applyAsLong(f) - cancels[f.ordinal()]);
        }
        b.append("},\"cancels\":{");
        for (FailureClass f : FailureClass.values()) {
            b.append(f.ordinal() == 0 ? "" : ",").append('"').append(f.name()).append("\":").append(cancels[f.ordinal()]);
        }
        b.append(",\"RESPONSE_DRAINED\":").append(cancels[ClientCancels.DRAINED]).append('}');
    }

    private static void common(StringBuilder b, long connect, long reuse, double ratio, long idle, long safe, long used,
                               long privateIdle, long privateBusy, long needEstimate) {
        b.append("\"connect\":").append(connect).append(",\"reuse\":").append(reuse);
        b.append(",\"reuseRatio\":").append(String.format(Locale.ROOT, "%.4f", ratio));
        b.append(",\"idle\":").append(idle).append(",\"safe\":").append(safe).append(",\"used\":").append(used);
        b.append(",\"privateIdle\":").append(privateIdle).append(",\"privateBusy\":").append(privateBusy);
        b.append(",\"needEstimate\":").append(needEstimate);
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
