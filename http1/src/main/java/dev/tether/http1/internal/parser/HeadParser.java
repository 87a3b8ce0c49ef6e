package dev.tether.http1.internal.parser;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http1.Http1Config;
import dev.tether.http1.Http1Exception;
import dev.tether.http1.Http1Exception.Reason;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Incrementally parses a head (start line and field lines) or a trailer section into its
 * {@link HeadView}, at any split of the input. Input is copied into the view's storage in steps of at
 * most {@value #STEP} bytes and scanned there; bytes past the end of the section are given back to
 * the input buffer (its position is moved back), so the body is never copied.
 *
 * <p>Invariants: the view holds at most {@code Http1Config.maxBufferedBytes() + 1} bytes, and never
 * more than one byte past the section's configured limit; every line ends with CRLF (bare CR and bare LF are rejected); a field line is
 * rejected as soon as it is complete if malformed. Offsets in errors count from the first byte of the
 * message ({@code base} is the message offset of the section's first byte).
 *
 * <p>Thread safety: confined to the codec's thread.
 */
@NotThreadSafe
final class HeadParser {
    private static final int STEP = 2048;

    private final Http1Config config;
    private final boolean requests;
    final HeadView view;
    final FieldSemantics semantics = new FieldSemantics();
    private boolean trailers;
    private boolean inFields;
    private int scanPos;
    private int lineStart;
    private int sectionStart;
    /** Absolute index in the view past which the section cannot extend (its limit). */
    private int limitAbs;
    private final int maxStorage;
    /** The head storage a parser starts with; enough for most heads (it grows for bigger ones). */
    private static final int INITIAL_BYTES = 1024;
    /** The field lines a parser starts with room for; it grows up to the configured maximum. */
    private static final int INITIAL_FIELDS = 16;

    HeadParser(Http1Config config, boolean requests) {
        this.config = config;
        this.requests = requests;
        this.maxStorage = config.maxBufferedBytes() + 1;
        this.view = new HeadView(Math.min(INITIAL_BYTES, maxStorage), Math.min(INITIAL_FIELDS, config.maxFieldCount()),
                config.maxFieldCount());
    }

    /** Prepares for a new message head. */
    void startHead() {
        begin(false, config.maxStartLineLength() + 2 + config.maxHeaderSectionSize());
        view.request = requests;
        semantics.reset();
    }

    /** Prepares for the trailer section of a chunked message. */
    void startTrailers() {
        begin(true, config.maxTrailerSize());
        inFields = true;
    }

    private void begin(boolean trailerMode, int limit) {
        view.clearFields();
        trailers = trailerMode;
        inFields = false;
        scanPos = 0;
        lineStart = 0;
        sectionStart = 0;
        limitAbs = limit;
    }

    /** Bytes of the section held so far. */
    int buffered() {
        return view.length;
    }

    /**
     * Consumes input until the section is complete or the input is exhausted.
     *
     * @param in the input; on completion its position is just after the section's final CRLF
     * @param base the message offset of the section's first byte
     * @return true once the section is complete
     * @throws Http1Exception if the section is malformed or exceeds a limit
     */
    boolean parse(ByteBuffer in, long base) throws Http1Exception {
        while (true) {
            int end = scan(base);
            if (end >= 0) {
                in.position(in.position() - (view.length - end)); // give back what follows the section
                view.length = end;
                return true;
            }
            checkUnfinishedLimits(base);
            int n = Math.min(in.remaining(), Math.min(STEP, limitAbs + 1 - view.length));
            if (n <= 0) {
                return false;
            }
            ensureCapacity(view.length + n);
            in.get(view.bytes, view.length, n);
            view.length += n;
        }
    }

    private void ensureCapacity(int needed) {
        if (needed > view.bytes.length) {
            int size = Math.max(needed, Math.min(view.bytes.length * 2, maxStorage));
            view.bytes = Arrays.copyOf(view.bytes, size);
        }
    }

    /** Scans the bytes held; returns the index just past the section, or -1 if not complete. */
    private int scan(long base) throws Http1Exception {
        byte[] b = view.bytes;
        int len = view.length;
        for (int i = scanPos; i < len; i++) {
            byte c = b[i];
            if (c == Ascii.CR) {
                if (i + 1 == len) {
                    scanPos = i; // wait for the LF
                    return -1;
                }
                if (b[i + 1] != Ascii.LF) {
                    throw new Http1Exception(Reason.BARE_CR, base + i, null); // RFC 9112 §2.2
                }
                if (line(lineStart, i, base)) {
                    return i + 2;
                }
                i++;
                lineStart = i + 1;
            } else if (c == Ascii.LF) {
                // RFC 9112 §2.2 lets a recipient accept a bare LF; Tether does not (smuggling vector).
                throw new Http1Exception(Reason.BARE_LF, base + i, null);
            }
        }
        scanPos = len;
        return -1;
    }

    private void checkUnfinishedLimits(long base) throws Http1Exception {
        if (!inFields) {
            if (scanPos > config.maxStartLineLength()) {
                throw new Http1Exception(Reason.START_LINE_TOO_LONG, base + config.maxStartLineLength(), null);
            }
        } else if (scanPos > limitAbs - 2) {
            throw sectionTooLarge(base + limitAbs);
        }
    }

    private Http1Exception sectionTooLarge(long offset) {
        return trailers ? new Http1Exception(Reason.TRAILER_SECTION_TOO_LARGE, offset, null)
                : new Http1Exception(Reason.HEADER_SECTION_TOO_LARGE, offset, null);
    }

    /** Handles the complete line {@code [s, e)}; returns true if it ended the section. */
    private boolean line(int s, int e, long base) throws Http1Exception {
        if (!inFields) {
            if (e > config.maxStartLineLength()) {
                throw new Http1Exception(Reason.START_LINE_TOO_LONG, base + config.maxStartLineLength(), null);
            }
            if (s == e) {
                return false; // RFC 9112 §2.2: ignore empty lines before the start line
            }
            if (requests) {
                StartLine.request(view, s, e, base);
            } else {
                StartLine.status(view, s, e, base);
            }
            inFields = true;
            sectionStart = e + 2;
            limitAbs = sectionStart + config.maxHeaderSectionSize();
            return false;
        }
        if (e + 2 > limitAbs) {
            throw sectionTooLarge(base + limitAbs);
        }
        if (s == e) {
            return true;
        }
        fieldLine(s, e, base);
        return false;
    }

    /** RFC 9112 §5: field-line = field-name ":" OWS field-value OWS. */
    private void fieldLine(int s, int e, long base) throws Http1Exception {
        byte[] b = view.bytes;
        if (Ascii.isWs(b[s])) {
            // RFC 9112 §5.2 obs-fold (and §2.2 whitespace after the start line): reject.
            throw new Http1Exception(Reason.OBS_FOLD, base + s, null);
        }
        int i = s;
        while (i < e && Ascii.isTchar(b[i])) {
            i++;
        }
        if (i == e) {
            throw new Http1Exception(Reason.MISSING_COLON, base + e, null);
        }
        if (b[i] != ':') {
            throw badName(b, i, e, base);
        }
        if (i == s) {
            throw new Http1Exception(Reason.INVALID_FIELD_NAME, base + s, "empty name");
        }
        int nameEnd = i++;
        while (i < e && Ascii.isWs(b[i])) {
            i++;
        }
        int vs = i;
        int ve = e;
        while (ve > vs && Ascii.isWs(b[ve - 1])) {
            ve--;
        }
        for (int j = vs; j < ve; j++) {
            if (!Ascii.isFieldChar(b[j])) {
                throw new Http1Exception(Reason.INVALID_FIELD_VALUE, base + j, "byte 0x" + Integer.toHexString(b[j] & 0xFF));
            }
        }
        addField(s, nameEnd, vs, ve, base);
    }

    private static Http1Exception badName(byte[] b, int i, int e, long base) {
        int j = i;
        while (j < e && Ascii.isWs(b[j])) {
            j++;
        }
        if (j > i && j < e && b[j] == ':') {
            return new Http1Exception(Reason.WHITESPACE_BEFORE_COLON, base + i, null); // RFC 9112 §5.1
        }
        return new Http1Exception(Reason.INVALID_FIELD_NAME, base + i, "byte 0x" + Integer.toHexString(b[i] & 0xFF));
    }

    private void addField(int ns, int ne, int vs, int ve, long base) throws Http1Exception {
        HeadView v = view;
        int n = v.fieldCount;
        if (!v.roomForField()) {
            throw new Http1Exception(Reason.TOO_MANY_FIELDS, base + ns, null);
        }
        v.nameStart[n] = ns;
        v.nameEnd[n] = ne;
        v.valueStart[n] = vs;
        v.valueEnd[n] = ve;
        v.fieldCount = n + 1;
        if (!trailers) {
            semantics.onField(v.bytes, ns, ne, vs, ve, base);
        }
    }
}
