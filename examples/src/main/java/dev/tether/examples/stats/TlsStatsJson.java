package dev.tether.examples.stats;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.proxy.ProxyTls;
import dev.tether.examples.tls.TlsCounters;
import dev.tether.examples.tls.TlsFailure;

/**
 * The TLS part of {@code GET /tether/stats}: per {@code https} target (and for a TLS front) the
 * {@code fullHandshakes}, {@code resumedHandshakes}, {@code handshakeP50Micros},
 * {@code handshakeP99Micros}, negotiated {@code protocols} ({@code h2}, {@code http/1.1}, {@code none})
 * and {@code failures} by {@code x-tether-error} reason.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class TlsStatsJson {
    private TlsStatsJson() {
    }

    /** Appends {@code ,"insecureSkipVerify":B,"tlsFront":{...}} for the proxy. */
    static void proxy(StringBuilder b, ProxyTls tls) {
        b.append(",\"insecureSkipVerify\":").append(tls.insecure());
        if (tls.settings().tlsFront()) {
            b.append(",\"tlsFront\":");
            counters(b, tls.front());
        }
    }

    /** Appends {@code ,"tls":{...}} for a target with TLS counters; nothing for a plaintext one. */
    static void target(StringBuilder b, TlsCounters c) {
        if (c != null) {
            b.append(",\"tls\":");
            counters(b, c);
        }
    }

    private static void counters(StringBuilder b, TlsCounters c) {
        b.append("{\"fullHandshakes\":").append(c.fullHandshakes());
        b.append(",\"resumedHandshakes\":").append(c.resumedHandshakes());
        b.append(",\"handshakeP50Micros\":").append(c.handshakeMicros(50));
        b.append(",\"handshakeP99Micros\":").append(c.handshakeMicros(99));
        b.append(",\"protocols\":{\"h2\":").append(c.negotiated("h2")).append(",\"http/1.1\":")
                .append(c.negotiated("http/1.1")).append(",\"none\":").append(c.negotiated("")).append('}');
        b.append(",\"failures\":{");
        for (TlsFailure f : TlsFailure.values()) {
            b.append(f.ordinal() == 0 ? "" : ",").append('"').append(f.reason()).append("\":").append(c.failures(f));
        }
        b.append("}}");
    }
}
