package dev.tether.examples.origin;

import dev.tether.core.annotations.ThreadSafe;

/**
 * The behaviours of an {@link OriginServer} that tests and the demo switch on.
 *
 * <p>Invariants: counts and times are ≥ 0; 0 turns a behaviour off.
 *
 * <p>Thread safety: thread-safe (immutable but for the faults' on/off switch).
 *
 * @param ntlm answer a connection's first request with 401 {@code WWW-Authenticate: NTLM}, then 200
 * @param closeAfter after this many requests on a connection, answer with {@code Connection: close}
 *     (HTTP/1) or GOAWAY (h2c); 0 = never
 * @param goawayAfter after this many streams on an h2c connection, send GOAWAY; 0 = never
 * @param idleCloseMs close a connection idle for this long; 0 = never
 * @param faults the faults injected into requests that carry an {@code x-request-id}
 */
@ThreadSafe
public record OriginConfig(boolean ntlm, int closeAfter, int goawayAfter, long idleCloseMs, Faults faults) {
    /** Every behaviour off. */
    public static final OriginConfig PLAIN = new OriginConfig(false, 0, 0, 0);

    /** Checks the values. */
    public OriginConfig {
        if (closeAfter < 0 || goawayAfter < 0 || idleCloseMs < 0 || faults == null) {
            throw new IllegalArgumentException("negative origin setting or no faults: closeAfter=" + closeAfter
                    + ", goawayAfter=" + goawayAfter + ", idleCloseMs=" + idleCloseMs + ", faults=" + faults);
        }
    }

    /** The behaviours with no fault injected. */
    public OriginConfig(boolean ntlm, int closeAfter, int goawayAfter, long idleCloseMs) {
        this(ntlm, closeAfter, goawayAfter, idleCloseMs, Faults.NONE);
    }

    /** A copy with a fault mix. */
    public OriginConfig withFaults(Faults value) {
        return new OriginConfig(ntlm, closeAfter, goawayAfter, idleCloseMs, value);
    }
}
