package dev.tether.examples.origin;

import dev.tether.core.annotations.ThreadSafe;

/**
 * The behaviours of an {@link OriginServer} that tests and the demo switch on.
 *
 * <p>Invariants: counts and times are ≥ 0; 0 turns a behaviour off.
 *
 * <p>Thread safety: immutable.
 *
 * @param ntlm answer a connection's first request with 401 {@code WWW-Authenticate: NTLM}, then 200
 * @param closeAfter after this many requests on a connection, answer with {@code Connection: close}
 *     (HTTP/1) or GOAWAY (h2c); 0 = never
 * @param goawayAfter after this many streams on an h2c connection, send GOAWAY; 0 = never
 * @param idleCloseMs close a connection idle for this long; 0 = never
 */
@ThreadSafe
public record OriginConfig(boolean ntlm, int closeAfter, int goawayAfter, long idleCloseMs) {
    /** Every behaviour off. */
    public static final OriginConfig PLAIN = new OriginConfig(false, 0, 0, 0);

    /** Checks the values. */
    public OriginConfig {
        if (closeAfter < 0 || goawayAfter < 0 || idleCloseMs < 0) {
            throw new IllegalArgumentException("negative origin setting: closeAfter=" + closeAfter
                    + ", goawayAfter=" + goawayAfter + ", idleCloseMs=" + idleCloseMs);
        }
    }
}
