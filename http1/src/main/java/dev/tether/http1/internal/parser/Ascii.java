package dev.tether.http1.internal.parser;

import dev.tether.core.annotations.ThreadSafe;

/**
 * Byte classes of RFC 9110 / RFC 3986 as lookup tables, and allocation-free ASCII comparisons.
 *
 * <p>Invariants: tables are indexed by {@code b & 0xFF} and never change after class init.
 *
 * <p>Thread safety: stateless (immutable tables).
 */
@ThreadSafe
public final class Ascii {
    public static final byte CR = '\r';
    public static final byte LF = '\n';
    public static final byte SP = ' ';
    public static final byte HTAB = '\t';

    /** RFC 9110 §5.6.2 tchar. */
    private static final boolean[] TCHAR = new boolean[256];
    /** RFC 9110 §5.5 field-vchar, SP and HTAB: what a field value may hold. */
    private static final boolean[] FIELD_CHAR = new boolean[256];
    /** RFC 3986 characters of a request-target: unreserved, sub-delims, ":@/?%" (no fragment). */
    private static final boolean[] TARGET_CHAR = new boolean[256];
    /** RFC 9112 §4 reason-phrase: HTAB, SP, VCHAR, obs-text. */
    private static final boolean[] REASON_CHAR = new boolean[256];

    static {
        String tSpecials = "!#$%&'*+-.^_`|~";
        String targetSpecials = "-._~!$&'()*+,;=:@/?%";
        for (int c = 0; c < 256; c++) {
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            TCHAR[c] = alnum || (c < 128 && tSpecials.indexOf(c) >= 0);
            TARGET_CHAR[c] = alnum || (c < 128 && targetSpecials.indexOf(c) >= 0);
            boolean vchar = c >= 0x21 && c <= 0x7E;
            boolean obsText = c >= 0x80;
            FIELD_CHAR[c] = vchar || obsText || c == ' ' || c == '\t';
            REASON_CHAR[c] = FIELD_CHAR[c];
        }
    }

    private Ascii() {
    }

    /** True if {@code b} is an RFC 9110 tchar. */
    public static boolean isTchar(int b) {
        return TCHAR[b & 0xFF];
    }

    /** True if {@code b} may appear in a field value (VCHAR, obs-text, SP, HTAB). */
    public static boolean isFieldChar(int b) {
        return FIELD_CHAR[b & 0xFF];
    }

    /** True if {@code b} may appear in a request-target. */
    public static boolean isTargetChar(int b) {
        return TARGET_CHAR[b & 0xFF];
    }

    /** True if {@code b} may appear in a reason phrase. */
    public static boolean isReasonChar(int b) {
        return REASON_CHAR[b & 0xFF];
    }

    /** True if {@code b} is SP or HTAB (RFC 9110 §5.6.3 OWS). */
    public static boolean isWs(int b) {
        return b == SP || b == HTAB;
    }

    /** Lower-cases an ASCII letter; other bytes unchanged. */
    public static int lower(int b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    /** The value of a hex digit, or -1. */
    public static int hexValue(int b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int l = lower(b);
        return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
    }

    /**
     * Compares {@code buf[from, to)} to a lower-case ASCII constant ignoring case.
     *
     * @param buf the bytes
     * @param from first index
     * @param to end index, exclusive
     * @param lowerConstant the constant, already lower case
     * @return true if equal ignoring ASCII case
     */
    public static boolean equalsLower(byte[] buf, int from, int to, String lowerConstant) {
        int n = lowerConstant.length();
        if (to - from != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (lower(buf[from + i]) != lowerConstant.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Compares {@code buf[from, to)} to a char sequence ignoring ASCII case.
     *
     * @param buf the bytes
     * @param from first index
     * @param to end index, exclusive
     * @param s the other side
     * @return true if equal ignoring ASCII case
     */
    public static boolean equalsIgnoreCase(byte[] buf, int from, int to, CharSequence s) {
        int n = s.length();
        if (to - from != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (lower(buf[from + i] & 0xFF) != lower(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Compares {@code buf[from, to)}, decoded as ISO-8859-1, to a char sequence exactly.
     *
     * @param buf the bytes
     * @param from first index
     * @param to end index, exclusive
     * @param s the other side
     * @return true if {@code latin1(buf, from, to)} equals {@code s}
     */
    public static boolean equalsLatin1(byte[] buf, int from, int to, CharSequence s) {
        int n = s.length();
        if (to - from != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if ((buf[from + i] & 0xFF) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Compares two strings ignoring ASCII case only (no locale, no Unicode folding).
     *
     * @param a one side
     * @param b other side
     * @return true if equal ignoring ASCII case
     */
    public static boolean equalsIgnoreCase(CharSequence a, CharSequence b) {
        int n = a.length();
        if (b.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (lower(a.charAt(i)) != lower(b.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decodes {@code buf[from, to)} as ISO-8859-1, the only charset field bytes map to losslessly.
     *
     * @param buf the bytes
     * @param from first index
     * @param to end index, exclusive
     * @return a new string
     */
    @SuppressWarnings("deprecation")
    public static String latin1(byte[] buf, int from, int to) {
        return new String(buf, 0, from, to - from);
    }
}
