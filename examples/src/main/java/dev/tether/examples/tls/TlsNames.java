package dev.tether.examples.tls;

import dev.tether.core.annotations.ThreadSafe;

import java.util.Locale;

/**
 * Host names as TLS sees them: which hosts get an SNI (RFC 6066 §3: names only, never IP literals)
 * and the SNI a request's {@code Host} or {@code :authority} gives.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
public final class TlsNames {
    private TlsNames() {
    }

    /**
     * True for an IPv4 dotted quad or an IPv6 literal (with or without brackets).
     *
     * @param host the host
     * @return whether it is an address literal
     */
    public static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true; // only IPv6 literals contain ':' once the port is removed
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * The SNI for {@code authority}: the host part without port or brackets, lower case, or
     * {@code null} when it is an IP literal, empty, or not a DNS host name (RFC 6066 §3: letters, digits
     * and hyphens in dot-separated labels), so that no SNI is sent then and the JDK is never handed a
     * name it refuses.
     *
     * @param authority a {@code Host} value or {@code :authority}: {@code host}, {@code host:port}, {@code [v6]:port}
     * @return the SNI, or {@code null}
     */
    public static String sniOf(String authority) {
        if (authority == null) {
            return null;
        }
        String host = authority.trim();
        if (host.startsWith("[")) {
            return null; // an IPv6 literal
        }
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1); // RFC 6066 §3: no trailing dot
        }
        if (host.isEmpty() || isIpLiteral(host) || !isHostName(host)) {
            return null;
        }
        return host.toLowerCase(Locale.ROOT);
    }

    /** True for dot-separated labels of 1 to 63 letters, digits and inner hyphens, 253 characters at most. */
    private static boolean isHostName(String host) {
        if (host.length() > 253) {
            return false;
        }
        for (String label : host.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
                    || !label.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-'))) {
                return false;
            }
        }
        return true;
    }
}
