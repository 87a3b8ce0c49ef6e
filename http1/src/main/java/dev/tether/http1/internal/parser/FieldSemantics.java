package dev.tether.http1.internal.parser;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http1.Http1Exception;
import dev.tether.http1.Http1Exception.Reason;

/**
 * The framing-relevant facts of one head, gathered field line by field line without allocation:
 * Content-Length, Transfer-Encoding, Connection tokens, Host count and Upgrade presence.
 *
 * <p>Invariants: {@code contentLength} is -1 until a valid Content-Length line is seen, and every
 * later Content-Length value equals it (else the line is rejected); {@code chunkedCount} counts every
 * {@code chunked} coding over all Transfer-Encoding lines and {@code lastCodingChunked} tells whether
 * the final coding seen is {@code chunked}.
 *
 * <p>Thread safety: confined to the codec's thread.
 */
@NotThreadSafe
final class FieldSemantics {
    long contentLength;
    boolean transferEncoding;
    int chunkedCount;
    boolean lastCodingChunked;
    boolean connectionClose;
    boolean connectionKeepAlive;
    boolean connectionUpgrade;
    int hostCount;
    boolean upgrade;

    void reset() {
        contentLength = -1;
        transferEncoding = false;
        chunkedCount = 0;
        lastCodingChunked = false;
        connectionClose = false;
        connectionKeepAlive = false;
        connectionUpgrade = false;
        hostCount = 0;
        upgrade = false;
    }

    /**
     * Records one field line if its name matters for framing.
     *
     * @param b the section bytes
     * @param ns name start
     * @param ne name end
     * @param vs value start (whitespace trimmed)
     * @param ve value end
     * @param base message offset of {@code b[0]}, for errors
     * @throws Http1Exception on an invalid Content-Length or Transfer-Encoding value
     */
    void onField(byte[] b, int ns, int ne, int vs, int ve, long base) throws Http1Exception {
        switch (ne - ns) {
            case 4:
                if (Ascii.equalsLower(b, ns, ne, "host")) {
                    hostCount++;
                }
                break;
            case 7:
                if (Ascii.equalsLower(b, ns, ne, "upgrade")) {
                    upgrade = true;
                }
                break;
            case 10:
                if (Ascii.equalsLower(b, ns, ne, "connection")) {
                    connectionTokens(b, vs, ve);
                }
                break;
            case 14:
                if (Ascii.equalsLower(b, ns, ne, "content-length")) {
                    contentLength(b, vs, ve, base);
                }
                break;
            case 17:
                if (Ascii.equalsLower(b, ns, ne, "transfer-encoding")) {
                    transferCodings(b, vs, ve, base);
                }
                break;
            default:
                break;
        }
    }

    // RFC 9112 §6.3 p5: a list of identical valid values is accepted; anything else is an error.
    private void contentLength(byte[] b, int vs, int ve, long base) throws Http1Exception {
        int i = vs;
        while (true) {
            while (i < ve && Ascii.isWs(b[i])) {
                i++;
            }
            int start = i;
            long v = 0;
            while (i < ve && b[i] >= '0' && b[i] <= '9') {
                if (v > (Long.MAX_VALUE - 9) / 10) {
                    throw new Http1Exception(Reason.INVALID_CONTENT_LENGTH, base + i, "overflow");
                }
                v = v * 10 + (b[i] - '0');
                i++;
            }
            if (i == start) {
                throw new Http1Exception(Reason.INVALID_CONTENT_LENGTH, base + i, "not 1*DIGIT");
            }
            while (i < ve && Ascii.isWs(b[i])) {
                i++;
            }
            if (i < ve && b[i] != ',') {
                throw new Http1Exception(Reason.INVALID_CONTENT_LENGTH, base + i, "not 1*DIGIT");
            }
            if (contentLength >= 0 && contentLength != v) {
                throw new Http1Exception(Reason.CONFLICTING_CONTENT_LENGTH, base + start,
                        contentLength + " != " + v);
            }
            contentLength = v;
            if (i == ve) {
                return;
            }
            i++; // past the comma: another value must follow
        }
    }

    // RFC 9112 §6.1: Transfer-Encoding = #transfer-coding; transfer-coding = token *( OWS ";" OWS param ).
    private void transferCodings(byte[] b, int vs, int ve, long base) throws Http1Exception {
        transferEncoding = true;
        int i = vs;
        while (i < ve) {
            while (i < ve && (Ascii.isWs(b[i]) || b[i] == ',')) {
                i++; // RFC 9110 §5.6.1: empty list elements are ignored
            }
            if (i == ve) {
                break;
            }
            int start = i;
            while (i < ve && Ascii.isTchar(b[i])) {
                i++;
            }
            if (i == start) {
                throw new Http1Exception(Reason.INVALID_TRANSFER_ENCODING, base + i, "coding is not a token");
            }
            lastCodingChunked = Ascii.equalsLower(b, start, i, "chunked");
            if (lastCodingChunked) {
                chunkedCount++;
            }
            i = afterCoding(b, i, ve, base, lastCodingChunked);
        }
    }

    /** Skips OWS and the coding's parameters up to the next comma; chunked takes none (§7). */
    private static int afterCoding(byte[] b, int i, int ve, long base, boolean chunked) throws Http1Exception {
        while (i < ve && Ascii.isWs(b[i])) {
            i++;
        }
        if (i == ve || b[i] == ',') {
            return i;
        }
        if (b[i] != ';' || chunked) {
            throw new Http1Exception(Reason.INVALID_TRANSFER_ENCODING, base + i, "junk after coding");
        }
        boolean quoted = false;
        while (i < ve && (quoted || b[i] != ',')) {
            if (b[i] == '"') {
                quoted = !quoted;
            } else if (!quoted && !Ascii.isWs(b[i]) && b[i] != ';' && b[i] != '=' && !Ascii.isTchar(b[i])) {
                throw new Http1Exception(Reason.INVALID_TRANSFER_ENCODING, base + i, "bad coding parameter");
            }
            i++;
        }
        return i;
    }

    // RFC 9110 §7.6.1: Connection = #connection-option; options are case-insensitive tokens.
    private void connectionTokens(byte[] b, int vs, int ve) {
        int i = vs;
        while (i < ve) {
            while (i < ve && (Ascii.isWs(b[i]) || b[i] == ',')) {
                i++;
            }
            int start = i;
            while (i < ve && b[i] != ',' && !Ascii.isWs(b[i])) {
                i++;
            }
            if (Ascii.equalsLower(b, start, i, "close")) {
                connectionClose = true;
            } else if (Ascii.equalsLower(b, start, i, "keep-alive")) {
                connectionKeepAlive = true;
            } else if (Ascii.equalsLower(b, start, i, "upgrade")) {
                connectionUpgrade = true;
            }
        }
    }
}
