package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

import java.util.List;

/**
 * Detects connection-bound authentication challenges (NTLM, Negotiate), after which a connection
 * must stay with the session that answers them (docs/behaviour.md R29). Allocation-free.
 *
 * <p>A challenge is status 401 with a {@code WWW-Authenticate} field, or 407 with a
 * {@code Proxy-Authenticate} field, where any value (each field line split on commas outside quoted
 * strings, optional whitespace trimmed) starts with {@code NTLM} or {@code Nego}, ignoring ASCII case.
 * 401 with {@code Proxy-Authenticate}, 407 with {@code WWW-Authenticate}, other statuses and other
 * schemes never match. This heuristic cannot see other connection-bound schemes: use policy
 * {@link ReusePolicy#NEVER} for those (HAProxy issue #2985).
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
public final class AuthChallenge {
    private AuthChallenge() {
    }

    /**
     * True if the response head is a connection-bound authentication challenge.
     *
     * @param status the response status
     * @param wwwAuthenticate the {@code WWW-Authenticate} field lines (empty if none)
     * @param proxyAuthenticate the {@code Proxy-Authenticate} field lines (empty if none)
     * @return whether the connection must become private
     */
    public static boolean isConnectionBound(int status, List<String> wwwAuthenticate, List<String> proxyAuthenticate) {
        List<String> lines = status == 401 ? wwwAuthenticate : status == 407 ? proxyAuthenticate : null;
        if (lines == null) {
            return false;
        }
        for (int i = 0, n = lines.size(); i < n; i++) {
            if (anyValueIsConnectionBound(lines.get(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * True if any comma-separated value of one field line starts with {@code NTLM} or {@code Nego},
     * ignoring case.
     *
     * @param line one field line's value
     * @return whether it names a connection-bound scheme
     */
    public static boolean anyValueIsConnectionBound(CharSequence line) {
        int n = line.length();
        int i = 0;
        while (i <= n) {
            while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
            if (startsWithIgnoreCase(line, i, "NTLM") || startsWithIgnoreCase(line, i, "Nego")) {
                return true;
            }
            i = nextComma(line, i) + 1;
        }
        return false;
    }

    /** The index of the next comma outside a quoted string, or {@code line.length()}. */
    private static int nextComma(CharSequence line, int from) {
        boolean quoted = false;
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                return i;
            }
        }
        return line.length();
    }

    private static boolean startsWithIgnoreCase(CharSequence s, int at, String prefix) {
        if (s.length() - at < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            char a = s.charAt(at + i);
            char b = prefix.charAt(i);
            if (a != b && (a | 0x20) != (b | 0x20)) {
                return false;
            }
        }
        return true;
    }
}
