package dev.tether.http1.internal.parser;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http1.Http1Fields;
import dev.tether.http1.Http1Head;
import dev.tether.http1.Http1Version;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The storage of one parsed head or trailer section and the reusable view of it handed to
 * listeners: the raw bytes as received plus the offsets of the start line parts and of each field
 * line's name and value.
 *
 * <p>Invariants: {@code bytes[0, length)} holds the section as received; for every field
 * {@code i < fieldCount}, {@code nameStart[i] < nameEnd[i] <= valueStart[i] <= valueEnd[i] <= length}.
 * Offsets are rewritten by the parser for each message. The storage starts small (a codec that
 * waits costs little, and one made per connection is cheap to make) and grows, once, to what the
 * messages need: the offset arrays at most to {@code maxFields} entries, {@code bytes} at most to
 * {@code Http1Config.maxBufferedBytes() + 1}.
 *
 * <p>Thread safety: confined to the codec's thread.
 */
@NotThreadSafe
public final class HeadView implements Http1Head {
    byte[] bytes;
    int length;
    int[] nameStart;
    int[] nameEnd;
    int[] valueStart;
    int[] valueEnd;
    int fieldCount;
    /** The most field lines a section may have. */
    final int maxFields;

    boolean request;
    Method method;
    int methodStart;
    int methodEnd;
    int targetStart;
    int targetEnd;
    int status;
    int reasonStart;
    int reasonEnd;
    Http1Version version;
    boolean keepAlive;
    boolean upgrade;
    long contentLength;
    boolean chunked;

    HeadView(int initialBytes, int initialFields, int maxFields) {
        this.bytes = new byte[initialBytes];
        this.maxFields = maxFields;
        this.nameStart = new int[initialFields];
        this.nameEnd = new int[initialFields];
        this.valueStart = new int[initialFields];
        this.valueEnd = new int[initialFields];
    }

    /**
     * Makes room for one more field line.
     *
     * @return false if {@code maxFields} lines are held already
     */
    boolean roomForField() {
        int n = nameStart.length;
        if (fieldCount < n) {
            return true;
        }
        if (n >= maxFields) {
            return false;
        }
        int size = Math.min(maxFields, n * 2);
        nameStart = java.util.Arrays.copyOf(nameStart, size);
        nameEnd = java.util.Arrays.copyOf(nameEnd, size);
        valueStart = java.util.Arrays.copyOf(valueStart, size);
        valueEnd = java.util.Arrays.copyOf(valueEnd, size);
        return true;
    }

    void clearFields() {
        fieldCount = 0;
        length = 0;
    }

    /** The method class of the request this view holds (valid for requests). */
    public Method methodKind() {
        return method;
    }

    @Override
    public boolean isRequest() {
        return request;
    }

    @Override
    public String method() {
        if (!request) {
            return null;
        }
        return method != Method.OTHER ? method.text : Ascii.latin1(bytes, methodStart, methodEnd);
    }

    @Override
    public String target() {
        return request ? Ascii.latin1(bytes, targetStart, targetEnd) : null;
    }

    @Override
    public boolean targetEquals(CharSequence target) {
        return request && Ascii.equalsLatin1(bytes, targetStart, targetEnd, target);
    }

    @Override
    public int status() {
        return request ? 0 : status;
    }

    @Override
    public String reasonPhrase() {
        return request ? null : Ascii.latin1(bytes, reasonStart, reasonEnd);
    }

    @Override
    public Http1Version version() {
        return version;
    }

    @Override
    public boolean keepAlive() {
        return keepAlive;
    }

    @Override
    public boolean upgrade() {
        return upgrade;
    }

    @Override
    public long contentLength() {
        return contentLength;
    }

    @Override
    public boolean chunked() {
        return chunked;
    }

    @Override
    public int fieldCount() {
        return fieldCount;
    }

    @Override
    public String fieldName(int i) {
        java.util.Objects.checkIndex(i, fieldCount);
        return Ascii.latin1(bytes, nameStart[i], nameEnd[i]);
    }

    @Override
    public String fieldValue(int i) {
        java.util.Objects.checkIndex(i, fieldCount);
        return Ascii.latin1(bytes, valueStart[i], valueEnd[i]);
    }

    @Override
    public boolean nameEquals(int i, CharSequence name) {
        java.util.Objects.checkIndex(i, fieldCount);
        return Ascii.equalsIgnoreCase(bytes, nameStart[i], nameEnd[i], name);
    }

    @Override
    public boolean valueEquals(int i, CharSequence value) {
        java.util.Objects.checkIndex(i, fieldCount);
        return Ascii.equalsLatin1(bytes, valueStart[i], valueEnd[i], value);
    }

    @Override
    public boolean contains(CharSequence name) {
        return indexOf(name, 0) >= 0;
    }

    @Override
    public String value(CharSequence name) {
        int i = indexOf(name, 0);
        return i < 0 ? null : fieldValue(i);
    }

    @Override
    public List<String> values(CharSequence name) {
        int i = indexOf(name, 0);
        if (i < 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>(2);
        for (; i >= 0; i = indexOf(name, i + 1)) {
            out.add(fieldValue(i));
        }
        return Collections.unmodifiableList(out);
    }

    private int indexOf(CharSequence name, int from) {
        for (int i = from; i < fieldCount; i++) {
            if (Ascii.equalsIgnoreCase(bytes, nameStart[i], nameEnd[i], name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Http1Fields toFields() {
        Http1Fields.Builder b = Http1Fields.builder();
        for (int i = 0; i < fieldCount; i++) {
            b.add(fieldName(i), fieldValue(i));
        }
        return b.build();
    }

    @Override
    public String toString() {
        String start = request ? method() + " " + target() + " " + version.text()
                : version.text() + " " + status;
        return "Http1Head{" + start + ", fields=" + fieldCount + "}";
    }

    /**
     * The request methods the codec treats specially, plus the standard ones returned as constants.
     *
     * <p>Thread safety: immutable.
     */
    @dev.tether.core.annotations.ThreadSafe
    public enum Method {
        GET("GET"), HEAD("HEAD"), POST("POST"), PUT("PUT"), DELETE("DELETE"), CONNECT("CONNECT"),
        OPTIONS("OPTIONS"), TRACE("TRACE"), PATCH("PATCH"), OTHER(null);

        private static final Method[] KNOWN = values();
        final String text;

        Method(String text) {
            this.text = text;
        }

        /** Classifies {@code buf[from, to)} (case-sensitive: methods are, RFC 9110 §9.1). */
        static Method of(byte[] buf, int from, int to) {
            for (Method m : KNOWN) {
                if (m.text != null && m.text.length() == to - from && matches(m.text, buf, from)) {
                    return m;
                }
            }
            return OTHER;
        }

        /** Classifies a method string. */
        public static Method of(String s) {
            for (Method m : KNOWN) {
                if (s.equals(m.text)) {
                    return m;
                }
            }
            return OTHER;
        }

        private static boolean matches(String text, byte[] buf, int from) {
            for (int i = 0; i < text.length(); i++) {
                if (buf[from + i] != text.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }
}
