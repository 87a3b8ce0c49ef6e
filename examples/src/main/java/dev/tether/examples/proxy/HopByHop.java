package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadSafe;

import java.util.Set;

/**
 * The connection-specific fields a proxy never forwards (RFC 9110 §7.6.1, RFC 9113 §8.2.2).
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class HopByHop {
    private static final Set<String> NAMES = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "transfer-encoding", "upgrade", "trailer");

    private HopByHop() {
    }

    /**
     * Tells whether a field is hop-by-hop.
     *
     * @param lowerCaseName the name, lower case
     * @return true if it must not be forwarded
     */
    static boolean is(String lowerCaseName) {
        return NAMES.contains(lowerCaseName);
    }
}
