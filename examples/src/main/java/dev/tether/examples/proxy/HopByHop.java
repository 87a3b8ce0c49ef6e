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

    /**
     * Tells whether a Connection field's value lists a field name as a connection option, which
     * makes that field hop-by-hop too (RFC 9110 §7.6.1). Allocates nothing.
     *
     * @param connection the Connection field value (comma-separated options, any case)
     * @param lowerCaseName the field name, lower case
     * @return true if {@code connection} lists it
     */
    static boolean listed(String connection, String lowerCaseName) {
        int n = connection.length();
        int i = 0;
        while (i < n) {
            int start = i;
            while (i < n && connection.charAt(i) != ',') {
                i++;
            }
            int end = i++;
            while (start < end && (connection.charAt(start) == ' ' || connection.charAt(start) == '\t')) {
                start++;
            }
            while (end > start && (connection.charAt(end - 1) == ' ' || connection.charAt(end - 1) == '\t')) {
                end--;
            }
            if (end - start == lowerCaseName.length()
                    && connection.regionMatches(true, start, lowerCaseName, 0, lowerCaseName.length())) {
                return true;
            }
        }
        return false;
    }
}
