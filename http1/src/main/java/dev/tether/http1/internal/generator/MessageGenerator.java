package dev.tether.http1.internal.generator;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http1.Http1Fields;
import dev.tether.http1.Http1Version;
import dev.tether.http1.internal.parser.Ascii;
import dev.tether.http1.internal.parser.HeadView;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Encodes one outgoing HTTP/1.1 message at a time into the caller's buffers: the head (and the
 * last-chunk with trailers) are staged in a small internal buffer and drained by {@link #poll}; body
 * bytes are framed straight from the caller's source into the caller's output, never staged.
 *
 * <p>Invariants: a message is written in order head, body, end; a Content-Length body never exceeds
 * or falls short of its declared length (host misuse fails with {@link IllegalStateException}); body
 * bytes are never written while staged bytes remain; in tunnel mode bytes pass through unframed.
 *
 * <p>Thread safety: confined to the codec's thread.
 */
@NotThreadSafe
public final class MessageGenerator {
    /**
     * How the body being sent is delimited: {@code NONE} means the head was staged and no body may
     * follow; {@code ENDED} means the host ended the message.
     *
     * <p>Thread safety: immutable.
     */
    @dev.tether.core.annotations.ThreadSafe
    public enum Mode { IDLE, NONE, LENGTH, CHUNKED, UNTIL_CLOSE, ENDED, TUNNEL }

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final OutgoingFraming framing = new OutgoingFraming();
    private byte[] staged = new byte[512];
    private int stagedStart;
    private int stagedEnd;
    private Mode mode = Mode.IDLE;
    private long remaining;
    private boolean keepAlive;

    /** The current mode. */
    public Mode mode() {
        return mode;
    }

    /** True if the message being sent allows the connection to persist after it. */
    public boolean keepAlive() {
        return keepAlive;
    }

    /** True if the head sent last carried an Upgrade field. */
    public boolean upgrade() {
        return framing.upgrade;
    }

    /** True when the message was ended and every staged byte was polled. */
    public boolean complete() {
        return mode == Mode.ENDED && stagedStart == stagedEnd;
    }

    /** True while staged bytes wait for {@link #poll}. */
    public boolean hasStaged() {
        return stagedStart < stagedEnd;
    }

    /** Forgets the finished message; ready for the next head. */
    public void reset() {
        mode = Mode.IDLE;
        stagedStart = 0;
        stagedEnd = 0;
    }

    /** Passes every later byte through unframed. */
    public void enterTunnel() {
        mode = Mode.TUNNEL;
    }

    /**
     * Stages a request head ({@code HTTP/1.1}) and fixes the body framing from its fields.
     *
     * @param method a token
     * @param target the request-target, visible ASCII URI characters only
     * @param fields the fields; Host is required
     * @throws IllegalArgumentException on an invalid method, target or framing fields
     */
    public void requestHead(String method, String target, Http1Fields fields) {
        checkToken("method", method);
        checkTarget(target);
        framing.read(fields);
        if (framing.hosts != 1) {
            throw new IllegalArgumentException("an HTTP/1.1 request needs exactly one Host field: " + framing.hosts);
        }
        if (framing.transferEncoding && !framing.chunked) {
            throw new IllegalArgumentException("request Transfer-Encoding must end with chunked");
        }
        writeAscii(method);
        put(' ');
        writeAscii(target);
        writeAscii(" HTTP/1.1\r\n");
        writeFields(fields);
        keepAlive = !framing.close;
        mode = framing.chunked ? Mode.CHUNKED : framing.contentLength > 0 ? Mode.LENGTH : Mode.NONE;
        remaining = Math.max(0, framing.contentLength);
    }

    /**
     * Stages a response head ({@code HTTP/1.1}) and fixes the body framing from its fields and the
     * request it answers. The connection options of a final response are made to say what will
     * happen (RFC 9112 §9.6 and Appendix C.2.2): {@code Connection: close} is added when the
     * connection will close after it and the fields do not say so; {@code Connection: keep-alive} is
     * added when an HTTP/1.0 request's keep-alive is honoured. A chunked body to an HTTP/1.0 request is
     * sent without Transfer-Encoding, delimited by closing the connection (RFC 9112 §6.1).
     *
     * @param status 100 to 999
     * @param reason the reason phrase, possibly empty
     * @param fields the fields
     * @param requestMethod the method of the request being answered
     * @param requestVersion the version of that request
     * @param requestKeepAlive whether that request allows the connection to persist
     * @throws IllegalArgumentException on an invalid status, reason or framing fields
     */
    public void responseHead(int status, String reason, Http1Fields fields, HeadView.Method requestMethod,
                             Http1Version requestVersion, boolean requestKeepAlive) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status out of 100..999: " + status);
        }
        checkReason(reason);
        framing.read(fields);
        writeAscii("HTTP/1.1 ");
        put('0' + status / 100);
        put('0' + status / 10 % 10);
        put('0' + status % 10);
        put(' ');
        writeAscii(reason);
        writeAscii("\r\n");
        boolean interim = status < 200 && status != 101;
        boolean bodiless = status < 200 || status == 204 || status == 304 || requestMethod == HeadView.Method.HEAD;
        boolean tunnel = status == 101 || (requestMethod == HeadView.Method.CONNECT && status / 100 == 2);
        // RFC 9112 §6.1: no Transfer-Encoding to an HTTP/1.0 request; its body then ends at close.
        boolean dropChunked = requestVersion == Http1Version.HTTP_1_0 && framing.transferEncoding && !bodiless && !tunnel;
        if (bodiless || tunnel) {
            mode = Mode.NONE;
        } else if (framing.transferEncoding) {
            mode = framing.chunked && !dropChunked ? Mode.CHUNKED : Mode.UNTIL_CLOSE;
        } else if (framing.contentLength >= 0) {
            mode = framing.contentLength > 0 ? Mode.LENGTH : Mode.NONE;
        } else {
            mode = Mode.UNTIL_CLOSE;
        }
        remaining = Math.max(0, framing.contentLength);
        keepAlive = requestKeepAlive && !framing.close && mode != Mode.UNTIL_CLOSE && !tunnel;
        writeFieldLines(fields, dropChunked ? "transfer-encoding" : null);
        if (!interim && !tunnel) {
            if (!keepAlive && !framing.close) {
                writeAscii("Connection: close\r\n"); // RFC 9112 §9.6
            } else if (keepAlive && requestVersion == Http1Version.HTTP_1_0 && !framing.keepAliveToken) {
                writeAscii("Connection: keep-alive\r\n"); // RFC 9112 Appendix C.2.2
            }
        }
        writeAscii("\r\n");
    }

    /**
     * Copies staged bytes into {@code out}.
     *
     * @param out the caller's output buffer
     * @return the number of bytes written
     */
    public int poll(ByteBuffer out) {
        int n = Math.min(out.remaining(), stagedEnd - stagedStart);
        out.put(staged, stagedStart, n);
        stagedStart += n;
        if (stagedStart == stagedEnd) {
            stagedStart = 0;
            stagedEnd = 0;
        }
        return n;
    }

    /**
     * Writes staged bytes, then frames as much of {@code src} as fits into {@code out}.
     *
     * @param src body bytes; its position advances past what was written
     * @param out the caller's output buffer
     * @return the number of bytes written to {@code out}
     * @throws IllegalStateException if the message has no body, is ended, or {@code src} exceeds the
     *     declared Content-Length
     */
    public int body(ByteBuffer src, ByteBuffer out) {
        if (mode == Mode.IDLE || mode == Mode.NONE || mode == Mode.ENDED) {
            throw new IllegalStateException("cannot send body in state " + mode);
        }
        if (mode == Mode.LENGTH && src.remaining() > remaining) {
            throw new IllegalStateException("body exceeds Content-Length: " + src.remaining() + " > " + remaining);
        }
        int written = poll(out);
        if (hasStaged() || !src.hasRemaining()) {
            return written;
        }
        if (mode != Mode.CHUNKED) {
            int n = Math.min(src.remaining(), out.remaining());
            copy(src, out, n);
            if (mode == Mode.LENGTH) {
                remaining -= n;
            }
            return written + n;
        }
        int space = out.remaining();
        int n = Math.min(src.remaining(), space - hexDigits(space) - 4);
        if (n <= 0) {
            return written;
        }
        int digits = hexDigits(n);
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.put(HEX[(n >>> shift) & 0xF]);
        }
        out.put((byte) '\r').put((byte) '\n');
        copy(src, out, n);
        out.put((byte) '\r').put((byte) '\n');
        return written + digits + 4 + n;
    }

    /**
     * Ends the message: stages the last chunk and trailers when chunked.
     *
     * @param trailers trailer fields, only allowed (non-empty) for a chunked body
     * @throws IllegalStateException if the declared Content-Length was not fully sent, or trailers are
     *     given for a body that is not chunked
     */
    public void end(Http1Fields trailers) {
        if (mode == Mode.IDLE || mode == Mode.TUNNEL || mode == Mode.ENDED) {
            throw new IllegalStateException("cannot end a message in state " + mode);
        }
        if (trailers.size() > 0 && mode != Mode.CHUNKED) {
            throw new IllegalStateException("trailers need a chunked body, mode is " + mode);
        }
        if (mode == Mode.LENGTH && remaining != 0) {
            throw new IllegalStateException("Content-Length not reached: " + remaining + " bytes missing");
        }
        if (mode == Mode.CHUNKED) {
            writeAscii("0\r\n"); // RFC 9112 §7.1: last-chunk, trailer section, CRLF
            writeFields(trailers);
        }
        mode = Mode.ENDED;
    }

    private static void copy(ByteBuffer src, ByteBuffer out, int n) {
        int limit = src.limit();
        src.limit(src.position() + n);
        out.put(src);
        src.limit(limit);
    }

    private static int hexDigits(int n) {
        return n <= 0 ? 1 : (35 - Integer.numberOfLeadingZeros(n)) / 4;
    }

    private void writeFields(Http1Fields fields) {
        writeFieldLines(fields, null);
        writeAscii("\r\n");
    }

    /** Writes the field lines, without those named {@code skip} (any case; {@code null}: none). */
    private void writeFieldLines(Http1Fields fields, String skip) {
        for (int i = 0; i < fields.size(); i++) {
            if (skip != null && Ascii.equalsIgnoreCase(fields.name(i), skip)) {
                continue;
            }
            writeAscii(fields.name(i));
            writeAscii(": ");
            writeAscii(fields.value(i));
            writeAscii("\r\n");
        }
    }

    private void writeAscii(String s) {
        int n = s.length();
        if (stagedEnd + n > staged.length) {
            staged = Arrays.copyOf(staged, Math.max(staged.length * 2, stagedEnd + n));
        }
        for (int i = 0; i < n; i++) {
            staged[stagedEnd + i] = (byte) s.charAt(i); // Http1Fields guarantees chars <= 0xFF
        }
        stagedEnd += n;
    }

    private void put(int c) {
        if (stagedEnd == staged.length) {
            staged = Arrays.copyOf(staged, staged.length * 2);
        }
        staged[stagedEnd++] = (byte) c;
    }

    private static void checkToken(String what, String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty " + what);
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7F || !Ascii.isTchar(s.charAt(i))) {
                throw new IllegalArgumentException(what + " is not a token: " + s);
            }
        }
    }

    private static void checkTarget(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty request-target");
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7F || !Ascii.isTargetChar(s.charAt(i))) {
                throw new IllegalArgumentException("invalid character in request-target: " + s);
            }
        }
    }

    private static void checkReason(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF || !Ascii.isReasonChar(s.charAt(i))) {
                throw new IllegalArgumentException("invalid character in reason phrase: " + s);
            }
        }
    }
}
