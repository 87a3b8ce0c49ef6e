package dev.tether.examples.origin;

import dev.tether.core.annotations.ThreadSafe;

import java.util.ArrayList;
import java.util.List;

/**
 * What the origin answers to one request, decided from the path and the connection's history (the
 * same for HTTP/1 and h2c): {@code /delay/<ms>}, {@code /bytes/<n>}, {@code /echo} (the request
 * body back), {@code /close}, NTLM and
 * close-after-N. Every answer carries {@code x-conn-id}, {@code x-conn-request}, and
 * the request body's length and CRC-32. A request with an {@code x-request-id} is answered a
 * {@link ChecksummedBody} ({@code /chaos/<n>}: n payload bytes), with the fault drawn for it, if any.
 *
 * <p>Invariants: {@code bodyLength ≥ 0}; HEAD answers carry the length but no body.
 *
 * <p>Thread safety: immutable once built.
 */
@ThreadSafe
final class OriginReply {
    private static final long MAX_BODY = 1L << 32;

    final int status;
    final long bodyLength;
    final long delayMs;
    final boolean close;
    final boolean authenticates;
    /** Name/value pairs, lower-case names. */
    final List<String> fields;
    /** The body's bytes (the request's for {@code /echo}, a {@link ChecksummedBody}), or {@code null} for the pattern. */
    final java.nio.ByteBuffer echo;
    /** The fault to inject while answering, or {@code null}. */
    final Fault fault;

    private OriginReply(int status, long bodyLength, long delayMs, boolean close, boolean authenticates,
                        List<String> fields, java.nio.ByteBuffer echo, Fault fault) {
        this.echo = echo;
        this.fault = fault;
        this.status = status;
        this.bodyLength = bodyLength;
        this.delayMs = delayMs;
        this.close = close;
        this.authenticates = authenticates;
        this.fields = fields;
    }

    /**
     * Decides the answer.
     *
     * @param cfg the origin's behaviours
     * @param connId the connection's number
     * @param index the request's index on the connection, from 1
     * @param authenticated true once the connection was challenged (NTLM mode)
     * @param path the request path
     * @param via the request's {@code Via}, or {@code null}
     * @param forwardedFor the request's {@code X-Forwarded-For}, or {@code null}
     * @param body the request body received
     * @param requestId the request's {@code x-request-id}, or {@code null}
     * @param fault the fault drawn for it, or {@code null}
     * @return the answer
     */
    static OriginReply decide(OriginConfig cfg, long connId, int index, boolean authenticated, String path,
                              String via, String forwardedFor, ReceivedBody body, String requestId, Fault fault) {
        List<String> f = new ArrayList<>(16);
        add(f, "x-conn-id", Long.toString(connId));
        add(f, "x-conn-request", Integer.toString(index));
        add(f, "content-type", "text/plain");
        add(f, "x-request-bytes", Long.toString(body.length()));
        add(f, "x-request-crc32", Long.toString(body.crc32()));
        if (via != null) {
            add(f, "x-seen-via", via);
        }
        if (forwardedFor != null) {
            add(f, "x-seen-forwarded-for", forwardedFor);
        }
        boolean close = (cfg.closeAfter() > 0 && index >= cfg.closeAfter()) || path.startsWith("/close");
        if (cfg.ntlm() && !authenticated) {
            // R29: a connection-bound challenge; the next request on this connection succeeds.
            add(f, "www-authenticate", "NTLM");
            return new OriginReply(401, 0, 0, close, true, f, null, null);
        }
        if (cfg.ntlm()) {
            add(f, "x-ntlm-conn", Long.toString(connId));
        }
        if (requestId != null) {
            byte[] b = ChecksummedBody.build(requestId, path.startsWith("/chaos/")
                    ? (int) parse(path.substring(7), 1 << 20) : 16);
            long stall = fault == Fault.STALL ? cfg.faults().stallMs() : 0;
            return new OriginReply(200, b.length, stall, close, false, f, java.nio.ByteBuffer.wrap(b), fault);
        }
        long delay = 0;
        long length = 3;
        if (path.startsWith("/delay/")) {
            delay = parse(path.substring(7), 60_000);
        } else if (path.startsWith("/bytes/")) {
            length = parse(path.substring(7), MAX_BODY);
        }
        java.nio.ByteBuffer echo = ReceivedBody.isEcho(path) ? body.echoed() : null;
        if (echo != null) {
            length = echo.remaining();
        }
        return new OriginReply(200, length, delay, close, false, f, echo, null);
    }

    private static long parse(String s, long max) {
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        if (end == 0 || end > 12) {
            return 0;
        }
        return Math.min(max, Long.parseLong(s.substring(0, end)));
    }

    private static void add(List<String> f, String name, String value) {
        f.add(name);
        f.add(value);
    }
}
