package dev.tether.http1.internal.generator;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http1.Http1Fields;
import dev.tether.http1.internal.parser.Ascii;

/**
 * The framing facts of a head the host asked to send, read from its fields: Content-Length,
 * Transfer-Encoding, Connection tokens, Host count and Upgrade. Contradictions are host misuse and
 * fail with {@link IllegalArgumentException}, so the codec never emits a message a strict peer would
 * reject (RFC 9112 §6.1: a sender MUST NOT send Content-Length with Transfer-Encoding).
 *
 * <p>Invariants: after {@link #read}, {@code contentLength} is -1 or the single value sent;
 * {@code chunked} is true only when {@code chunked} is the final transfer coding.
 *
 * <p>Thread safety: confined to the codec's thread.
 */
@NotThreadSafe
final class OutgoingFraming {
    long contentLength;
    boolean transferEncoding;
    boolean chunked;
    boolean close;
    boolean keepAliveToken;
    boolean upgrade;
    boolean upgradeToken;
    int hosts;

    void read(Http1Fields fields) {
        contentLength = -1;
        transferEncoding = false;
        chunked = false;
        close = false;
        keepAliveToken = false;
        upgrade = false;
        upgradeToken = false;
        hosts = 0;
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.name(i);
            String value = fields.value(i);
            if (Ascii.equalsIgnoreCase(name, "content-length")) {
                contentLength(value);
            } else if (Ascii.equalsIgnoreCase(name, "transfer-encoding")) {
                transferEncoding = true;
                chunked = lastTokenIs(value, "chunked");
            } else if (Ascii.equalsIgnoreCase(name, "connection")) {
                close |= hasToken(value, "close");
                keepAliveToken |= hasToken(value, "keep-alive");
                upgradeToken |= hasToken(value, "upgrade");
            } else if (Ascii.equalsIgnoreCase(name, "host")) {
                hosts++;
            } else if (Ascii.equalsIgnoreCase(name, "upgrade")) {
                upgrade = true;
            }
        }
        if (transferEncoding && contentLength >= 0) {
            throw new IllegalArgumentException("both Content-Length and Transfer-Encoding");
        }
        if (upgrade && !upgradeToken) {
            // RFC 9110 §7.8: a sender of Upgrade also sends the "upgrade" connection option.
            throw new IllegalArgumentException("Upgrade without the upgrade connection option");
        }
    }

    private void contentLength(String value) {
        long v = 0;
        if (value.isEmpty() || value.length() > 18) {
            throw new IllegalArgumentException("invalid Content-Length: " + value);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("invalid Content-Length: " + value);
            }
            v = v * 10 + (c - '0');
        }
        if (contentLength >= 0 && contentLength != v) {
            throw new IllegalArgumentException("conflicting Content-Length: " + contentLength + " and " + v);
        }
        contentLength = v;
    }

    private static boolean lastTokenIs(String list, String token) {
        int end = list.length();
        while (end > 0 && (list.charAt(end - 1) == ' ' || list.charAt(end - 1) == ',')) {
            end--;
        }
        int start = list.lastIndexOf(',', end - 1) + 1;
        while (start < end && list.charAt(start) == ' ') {
            start++;
        }
        return end - start == token.length() && list.regionMatches(true, start, token, 0, token.length());
    }

    private static boolean hasToken(String list, String token) {
        int i = 0;
        int n = list.length();
        while (i < n) {
            while (i < n && (list.charAt(i) == ' ' || list.charAt(i) == ',' || list.charAt(i) == '\t')) {
                i++;
            }
            int start = i;
            while (i < n && list.charAt(i) != ',' && list.charAt(i) != ' ' && list.charAt(i) != '\t') {
                i++;
            }
            if (i - start == token.length() && list.regionMatches(true, start, token, 0, token.length())) {
                return true;
            }
        }
        return false;
    }
}
