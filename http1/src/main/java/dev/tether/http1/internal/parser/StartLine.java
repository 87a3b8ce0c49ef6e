package dev.tether.http1.internal.parser;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.http1.Http1Exception;
import dev.tether.http1.Http1Exception.Reason;
import dev.tether.http1.Http1Version;

/**
 * Validates a request line or a status line held in a {@link HeadView}'s bytes and records its parts
 * in the view. Exactly one SP separates the parts (RFC 9112 §3, §4); no leniency.
 *
 * <p>Invariants: on success the view's start-line offsets lie within {@code [s, e)}; on failure the
 * exception offset is the first offending byte.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class StartLine {
    private StartLine() {
    }

    /** RFC 9112 §3: request-line = method SP request-target SP HTTP-version. */
    static void request(HeadView v, int s, int e, long base) throws Http1Exception {
        byte[] b = v.bytes;
        int i = s;
        while (i < e && Ascii.isTchar(b[i])) {
            i++;
        }
        if (i == e) {
            throw new Http1Exception(Reason.INVALID_REQUEST_LINE, base + i, "no SP after method");
        }
        if (b[i] != Ascii.SP || i == s) {
            throw new Http1Exception(Reason.INVALID_METHOD, base + i, "method is not a token");
        }
        v.methodStart = s;
        v.methodEnd = i;
        v.method = HeadView.Method.of(b, s, i);
        int ts = ++i;
        while (i < e && b[i] != Ascii.SP) {
            if (!Ascii.isTargetChar(b[i])) {
                throw new Http1Exception(Reason.INVALID_REQUEST_TARGET, base + i, "invalid character");
            }
            i++;
        }
        if (i == ts || i == e) {
            throw new Http1Exception(Reason.INVALID_REQUEST_LINE, base + i, "empty target or no version");
        }
        v.targetStart = ts;
        v.targetEnd = i;
        v.version = version(b, i + 1, e);
        if (v.version == null) {
            throw new Http1Exception(Reason.INVALID_VERSION, base + i + 1, null);
        }
        checkTargetForm(v, base);
    }

    /** RFC 9112 §3.2: origin-form, absolute-form, authority-form (CONNECT), asterisk-form (OPTIONS). */
    private static void checkTargetForm(HeadView v, long base) throws Http1Exception {
        byte[] b = v.bytes;
        int ts = v.targetStart;
        int te = v.targetEnd;
        boolean ok;
        if (v.method == HeadView.Method.CONNECT) {
            ok = authorityForm(b, ts, te);
        } else if (te - ts == 1 && b[ts] == '*') {
            ok = v.method == HeadView.Method.OPTIONS;
        } else {
            ok = b[ts] == '/' || absoluteForm(b, ts, te);
        }
        if (!ok) {
            throw new Http1Exception(Reason.INVALID_REQUEST_TARGET, base + ts, "wrong form for method");
        }
    }

    /** RFC 9112 §3.2.3: uri-host ":" port, with a non-empty host and a decimal port. */
    private static boolean authorityForm(byte[] b, int ts, int te) {
        int colon = -1;
        for (int i = ts; i < te; i++) {
            if (b[i] == '/' || b[i] == '?' || b[i] == '@') {
                return false;
            }
            if (b[i] == ':') {
                colon = i;
            }
        }
        if (colon <= ts || colon == te - 1) {
            return false;
        }
        for (int i = colon + 1; i < te; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
        }
        return true;
    }

    /** RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) followed by ":". */
    private static boolean absoluteForm(byte[] b, int ts, int te) {
        if (!isAlpha(b[ts])) {
            return false;
        }
        for (int i = ts + 1; i < te; i++) {
            byte c = b[i];
            if (c == ':') {
                return true;
            }
            if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        return false;
    }

    private static boolean isAlpha(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]. */
    static void status(HeadView v, int s, int e, long base) throws Http1Exception {
        byte[] b = v.bytes;
        if (e - s < 12 || b[s] != 'H' || b[s + 8] != Ascii.SP) {
            throw new Http1Exception(Reason.INVALID_STATUS_LINE, base + s, "not HTTP-version SP status");
        }
        v.version = version(b, s, s + 8);
        if (v.version == null) {
            throw new Http1Exception(Reason.INVALID_VERSION, base + s, null);
        }
        int status = 0;
        for (int i = s + 9; i < s + 12; i++) {
            if (b[i] < '0' || b[i] > '9') {
                throw new Http1Exception(Reason.INVALID_STATUS_LINE, base + i, "status is not 3DIGIT");
            }
            status = status * 10 + (b[i] - '0');
        }
        if (status < 100) {
            throw new Http1Exception(Reason.INVALID_STATUS_LINE, base + s + 9, "status < 100");
        }
        v.status = status;
        // A missing SP before an empty reason is tolerated: the phrase carries no semantics (§4).
        v.reasonStart = Math.min(s + 13, e);
        v.reasonEnd = e;
        if (e > s + 12 && b[s + 12] != Ascii.SP) {
            throw new Http1Exception(Reason.INVALID_STATUS_LINE, base + s + 12, "no SP after status");
        }
        for (int i = s + 13; i < e; i++) {
            if (!Ascii.isReasonChar(b[i])) {
                throw new Http1Exception(Reason.INVALID_STATUS_LINE, base + i, "invalid reason character");
            }
        }
    }

    /** RFC 9112 §2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT; only 1.0 and 1.1 are accepted. */
    private static Http1Version version(byte[] b, int s, int e) {
        if (e - s != 8 || b[s] != 'H' || b[s + 1] != 'T' || b[s + 2] != 'T' || b[s + 3] != 'P'
                || b[s + 4] != '/' || b[s + 5] != '1' || b[s + 6] != '.') {
            return null;
        }
        if (b[s + 7] == '1') {
            return Http1Version.HTTP_1_1;
        }
        return b[s + 7] == '0' ? Http1Version.HTTP_1_0 : null;
    }
}
