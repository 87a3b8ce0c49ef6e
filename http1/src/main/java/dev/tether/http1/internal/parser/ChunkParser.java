package dev.tether.http1.internal.parser;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http1.Http1Exception;
import dev.tether.http1.Http1Exception.Reason;

import java.nio.ByteBuffer;

/**
 * Parses the framing lines of a chunked body (RFC 9112 §7.1): the chunk-size line with its
 * extensions, and the CRLF that must follow each chunk's data. Chunk data itself and the trailer
 * section are handled by the caller. Extensions are validated and skipped, never buffered.
 *
 * <p>Invariants: {@link #size} is meaningful once {@link #parseLine} returned true; a size of more
 * than 16 hex digits (leading zeros included) or above {@code Long.MAX_VALUE} is rejected; bare LF is
 * rejected everywhere (a deliberate choice: RFC 9112 §2.2 only permits accepting it).
 *
 * <p>Thread safety: confined to the codec's thread.
 */
@NotThreadSafe
final class ChunkParser {
    private static final int SIZE_START = 0;
    private static final int SIZE = 1;
    private static final int SIZE_BWS = 2;
    private static final int NAME_START = 3;
    private static final int NAME = 4;
    private static final int AFTER_NAME = 5;
    private static final int VALUE_START = 6;
    private static final int TOKEN_VALUE = 7;
    private static final int QUOTED = 8;
    private static final int ESCAPE = 9;
    private static final int AFTER_VALUE = 10;
    private static final int LINE_LF = 11;
    private static final int DATA_CR = 12;
    private static final int DATA_LF = 13;
    private static final int DONE = 14;
    private static final int WINDOW = 64;

    private final int maxExtension;
    private final byte[] window = new byte[WINDOW];
    private int state;
    private int digits;
    private int extLength;
    long size;

    ChunkParser(int maxExtension) {
        this.maxExtension = maxExtension;
    }

    /** Prepares to parse a chunk-size line. */
    void startLine() {
        state = SIZE_START;
        size = 0;
        digits = 0;
        extLength = 0;
    }

    /** Prepares to parse the CRLF after chunk data. */
    void startDataEnd() {
        state = DATA_CR;
    }

    /**
     * Consumes input until the current line (chunk-size line or data CRLF) is complete.
     *
     * @param in the input; its position ends just after the consumed bytes
     * @param base the message offset of {@code in}'s position
     * @return true once the line is complete
     * @throws Http1Exception if the line is malformed
     */
    boolean parse(ByteBuffer in, long base) throws Http1Exception {
        long offset = base;
        while (in.hasRemaining()) {
            int n = Math.min(in.remaining(), WINDOW);
            in.get(window, 0, n);
            for (int i = 0; i < n; i++) {
                step(window[i], offset + i);
                if (state == DONE) {
                    in.position(in.position() - (n - i - 1));
                    return true;
                }
            }
            offset += n;
        }
        return false;
    }

    private void step(byte b, long at) throws Http1Exception {
        if (b == Ascii.LF && state != LINE_LF && state != DATA_LF) {
            throw new Http1Exception(Reason.BARE_LF, at, "in chunk framing");
        }
        if (state >= SIZE_BWS && state <= AFTER_VALUE && b != Ascii.CR && ++extLength > maxExtension) {
            throw new Http1Exception(Reason.CHUNK_EXTENSION_TOO_LONG, at, null);
        }
        switch (state) {
            case SIZE_START:
            case SIZE:
                sizeDigit(b, at);
                break;
            case LINE_LF:
                if (b != Ascii.LF) {
                    throw new Http1Exception(Reason.BARE_CR, at - 1, "in chunk-size line");
                }
                state = DONE;
                break;
            case DATA_CR:
                expect(b == Ascii.CR, DATA_LF, at);
                break;
            case DATA_LF:
                expect(b == Ascii.LF, DONE, at);
                break;
            default:
                extension(b, at);
                break;
        }
    }

    private void expect(boolean ok, int next, long at) throws Http1Exception {
        if (!ok) {
            throw new Http1Exception(Reason.MISSING_CHUNK_CRLF, at, null); // RFC 9112 §7.1
        }
        state = next;
    }

    /** RFC 9112 §7.1: chunk-size = 1*HEXDIG, then chunk-ext or CRLF. */
    private void sizeDigit(byte b, long at) throws Http1Exception {
        int v = Ascii.hexValue(b);
        if (v >= 0) {
            if (++digits > 16 || size > (Long.MAX_VALUE >> 4)) {
                throw new Http1Exception(Reason.CHUNK_SIZE_OVERFLOW, at, null);
            }
            size = (size << 4) | v;
            state = SIZE;
            return;
        }
        if (state == SIZE_START) {
            throw new Http1Exception(Reason.INVALID_CHUNK_SIZE, at, "no hex digit");
        }
        if (b == Ascii.CR) {
            state = LINE_LF;
        } else if (b == ';') {
            state = NAME_START;
        } else if (Ascii.isWs(b)) {
            state = SIZE_BWS;
        } else {
            throw new Http1Exception(Reason.INVALID_CHUNK_SIZE, at, "byte 0x" + Integer.toHexString(b & 0xFF));
        }
    }

    /** RFC 9112 §7.1.1: chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] ). */
    private void extension(byte b, long at) throws Http1Exception {
        boolean ws = Ascii.isWs(b);
        boolean tchar = Ascii.isTchar(b);
        int next;
        switch (state) {
            case SIZE_BWS:
                next = ws ? SIZE_BWS : b == ';' ? NAME_START : -2;
                break;
            case NAME_START:
                next = ws ? NAME_START : tchar ? NAME : -1;
                break;
            case NAME:
                next = tchar ? NAME : ws ? AFTER_NAME : b == '=' ? VALUE_START : afterValue(b);
                break;
            case AFTER_NAME:
                next = ws ? AFTER_NAME : b == '=' ? VALUE_START : b == ';' ? NAME_START : -1;
                break;
            case VALUE_START:
                next = ws ? VALUE_START : b == '"' ? QUOTED : tchar ? TOKEN_VALUE : -1;
                break;
            case TOKEN_VALUE:
                next = tchar ? TOKEN_VALUE : ws ? AFTER_VALUE : afterValue(b);
                break;
            case QUOTED:
                next = b == '"' ? AFTER_VALUE : b == '\\' ? ESCAPE
                        : Ascii.isFieldChar(b) ? QUOTED : -1; // RFC 9110 §5.6.4 qdtext
                break;
            case ESCAPE:
                next = Ascii.isFieldChar(b) ? QUOTED : -1;
                break;
            default: // AFTER_VALUE
                next = ws ? AFTER_VALUE : afterValue(b);
                break;
        }
        if (next == -2) {
            throw new Http1Exception(Reason.INVALID_CHUNK_SIZE, at, "whitespace after chunk size");
        }
        if (next < 0) {
            throw new Http1Exception(Reason.INVALID_CHUNK_EXTENSION, at, "byte 0x" + Integer.toHexString(b & 0xFF));
        }
        state = next;
    }

    private static int afterValue(byte b) {
        return b == ';' ? NAME_START : b == Ascii.CR ? LINE_LF : -1;
    }
}
