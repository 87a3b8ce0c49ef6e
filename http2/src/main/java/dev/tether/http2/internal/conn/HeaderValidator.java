package dev.tether.http2.internal.conn;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Header;
import dev.tether.http2.Http2Exception;

import java.util.List;

/**
 * Checks a decoded field section for the malformations of RFC 9113 §8.2, §8.3 and §8.5 and of
 * RFC 8441 §4 (extended CONNECT); each is a stream error PROTOCOL_ERROR (§8.1.1).
 *
 * <p>Invariants: stateless; never allocates on success.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class HeaderValidator {
    /** {@link #validate} result of a section that carries no {@code :status}. */
    static final int NO_STATUS = -1;

    private HeaderValidator() {
    }

    /**
     * Validates a section.
     *
     * @param fields the section
     * @param request true for a request head (server role), false for a response head
     * @param trailers true for a trailer section
     * @param streamId the stream, for errors
     * @param extendedConnect true if we advertised SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441), so that
     *     a request may carry {@code :protocol}
     * @return the response status, or {@link #NO_STATUS}
     * @throws Http2Exception a stream error PROTOCOL_ERROR if malformed
     */
    static int validate(List<Header> fields, boolean request, boolean trailers, int streamId, boolean extendedConnect)
            throws Http2Exception {
        boolean regularSeen = false;
        int status = NO_STATUS;
        int pseudo = 0;
        for (int i = 0; i < fields.size(); i++) {
            Header h = fields.get(i);
            String n = h.name();
            checkName(n, streamId);
            if (n.charAt(0) == ':') {
                if (regularSeen || trailers) {
                    // RFC 9113 §8.3: pseudo-fields only in heads, before every regular field.
                    throw malformed(streamId, "pseudo-header " + n + " misplaced");
                }
                int bit = pseudoBit(n, request);
                if (bit == 0 || (pseudo & bit) != 0) {
                    throw malformed(streamId, "invalid or repeated pseudo-header " + n);
                }
                pseudo |= bit;
                if (bit == STATUS) {
                    status = parseStatus(h.value(), streamId);
                }
            } else {
                regularSeen = true;
                checkRegular(h, streamId);
            }
        }
        if (!trailers) {
            checkRequired(pseudo, request, fields, streamId, extendedConnect);
        }
        return status;
    }

    private static final int METHOD = 1;
    private static final int SCHEME = 2;
    private static final int AUTHORITY = 4;
    private static final int PATH = 8;
    private static final int PROTOCOL = 16;
    private static final int STATUS = 32;

    private static int pseudoBit(String n, boolean request) {
        if (!request) {
            return n.equals(":status") ? STATUS : 0;
        }
        switch (n) {
            case ":method": return METHOD;
            case ":scheme": return SCHEME;
            case ":authority": return AUTHORITY;
            case ":path": return PATH;
            case ":protocol": return PROTOCOL;
            default: return 0;
        }
    }

    private static void checkRequired(int pseudo, boolean request, List<Header> fields, int streamId,
                                      boolean extendedConnect) throws Http2Exception {
        if (!request) {
            if ((pseudo & STATUS) == 0) {
                throw malformed(streamId, "response without :status");
            }
            return;
        }
        if ((pseudo & METHOD) == 0) {
            throw malformed(streamId, "request without :method");
        }
        String method = null;
        String path = null;
        for (int i = 0; i < fields.size(); i++) {
            Header h = fields.get(i);
            if (h.name().equals(":method")) {
                method = h.value();
            } else if (h.name().equals(":path")) {
                path = h.value();
            }
        }
        boolean connect = "CONNECT".equals(method);
        if ((pseudo & PROTOCOL) != 0) {
            checkExtendedConnect(pseudo, connect, streamId, extendedConnect);
        } else if (connect) {
            // RFC 9113 §8.5: CONNECT names its target in :authority and omits :scheme and :path.
            if ((pseudo & AUTHORITY) == 0 || (pseudo & (SCHEME | PATH)) != 0) {
                throw malformed(streamId, "CONNECT without :authority or with :scheme or :path");
            }
        } else if ((pseudo & (SCHEME | PATH)) != (SCHEME | PATH)) {
            // RFC 9113 §8.3.1: all but CONNECT carry :scheme and :path.
            throw malformed(streamId, "request without :scheme or :path");
        }
        if (path != null && path.isEmpty()) {
            throw malformed(streamId, "empty :path");
        }
        // RFC 9113 §8.3.1: :path is origin-form, or "*" for OPTIONS (asterisk-form).
        if (path != null && path.charAt(0) != '/' && !("*".equals(path) && "OPTIONS".equals(method))) {
            throw malformed(streamId, ":path not in origin-form");
        }
    }

    private static void checkExtendedConnect(int pseudo, boolean connect, int streamId, boolean extendedConnect)
            throws Http2Exception {
        if (!extendedConnect) {
            // RFC 8441 §3: without our SETTINGS_ENABLE_CONNECT_PROTOCOL, :protocol is an unknown pseudo-field.
            throw malformed(streamId, ":protocol without SETTINGS_ENABLE_CONNECT_PROTOCOL");
        }
        if (!connect) {
            // RFC 8441 §4: :protocol is only defined for CONNECT.
            throw malformed(streamId, ":protocol on a method other than CONNECT");
        }
        if ((pseudo & (SCHEME | PATH)) != (SCHEME | PATH)) {
            // RFC 8441 §4: an extended CONNECT carries :scheme and :path of the target URI.
            throw malformed(streamId, "extended CONNECT without :scheme or :path");
        }
    }

    private static void checkName(String n, int streamId) throws Http2Exception {
        if (n.isEmpty()) {
            throw malformed(streamId, "empty field name");
        }
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            // RFC 9113 §8.2.1: upper case, controls, space and DEL in names are malformed.
            if ((c >= 'A' && c <= 'Z') || c <= 0x20 || c >= 0x7f || (c == ':' && i > 0)) {
                throw malformed(streamId, "invalid field name");
            }
        }
    }

    private static void checkRegular(Header h, int streamId) throws Http2Exception {
        String n = h.name();
        // RFC 9113 §8.2.2: connection-specific fields are malformed; TE only with "trailers".
        if (n.equals("connection") || n.equals("keep-alive") || n.equals("proxy-connection")
                || n.equals("transfer-encoding") || n.equals("upgrade")) {
            throw malformed(streamId, "connection-specific field " + n);
        }
        if (n.equals("te") && !h.value().equals("trailers")) {
            throw malformed(streamId, "te other than trailers");
        }
        String v = h.value();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            // RFC 9113 §8.2.1: NUL, CR and LF in values are malformed.
            if (c == 0 || c == '\r' || c == '\n') {
                throw malformed(streamId, "invalid character in value of " + n);
            }
        }
    }

    private static int parseStatus(String v, int streamId) throws Http2Exception {
        if (v.length() != 3) {
            throw malformed(streamId, "invalid :status");
        }
        int s = 0;
        for (int i = 0; i < 3; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                throw malformed(streamId, "invalid :status");
            }
            s = s * 10 + (c - '0');
        }
        if (s < 100) {
            throw malformed(streamId, "invalid :status");
        }
        return s;
    }

    private static Http2Exception malformed(int streamId, String why) {
        return Http2Exception.stream(ErrorCode.PROTOCOL_ERROR, streamId, "malformed: " + why);
    }
}
