package dev.tether.http1.internal.parser;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http1.Http1Exception;
import dev.tether.http1.Http1Exception.Reason;
import dev.tether.http1.Http1Version;

/**
 * Decides how the body of a parsed head is delimited (RFC 9112 §6.3) and whether the connection
 * persists after it (§9.3), from the facts {@link FieldSemantics} gathered.
 *
 * <p>Choices where the RFC leaves room, all strict: a message with both Transfer-Encoding and
 * Content-Length is rejected in both directions (§6.3 p3 says it "ought to be handled as an error";
 * HAProxy and nginx reject it); Transfer-Encoding in an HTTP/1.0 message is rejected (§6.1, faulty
 * framing); {@code chunked} applied twice is rejected (§7); a request's Transfer-Encoding must end
 * with a single {@code chunked} (§6.3 p4); a response whose final coding is not {@code chunked} is
 * read until close (§6.3 p4).
 *
 * <p>Invariants: after {@link #decide} the head view's {@code keepAlive}, {@code contentLength} and
 * {@code chunked} describe the message; a close-delimited or tunnelled message never has
 * {@code keepAlive}.
 *
 * <p>Thread safety: confined to the codec's thread.
 */
@NotThreadSafe
final class Framing {
    /**
     * How the body is delimited.
     *
     * <p>Thread safety: immutable.
     */
    @dev.tether.core.annotations.ThreadSafe
    enum Body { NONE, LENGTH, CHUNKED, UNTIL_CLOSE, INTERIM }

    private final HeadView view;
    private final FieldSemantics f;
    private final boolean requests;
    private HeadView.Method requestMethod = HeadView.Method.GET;
    private boolean requestUpgrade;
    private boolean tunnel;

    Framing(HeadView view, FieldSemantics f, boolean requests) {
        this.view = view;
        this.f = f;
        this.requests = requests;
    }

    void expect(HeadView.Method method, boolean upgrade) {
        this.requestMethod = method == null ? HeadView.Method.GET : method;
        this.requestUpgrade = upgrade;
        this.tunnel = false;
    }

    boolean tunnel() {
        return tunnel;
    }

    /**
     * Decides the framing of the head just parsed.
     *
     * @param at the message offset of the end of the head, for errors
     * @return how the body is delimited
     * @throws Http1Exception if the framing fields are contradictory or not allowed
     */
    Body decide(long at) throws Http1Exception {
        view.contentLength = -1;
        view.chunked = false;
        view.keepAlive = persistent();
        // RFC 9110 §7.8: Upgrade counts with the "upgrade" connection option, and never in HTTP/1.0.
        view.upgrade = f.upgrade && f.connectionUpgrade && view.version == Http1Version.HTTP_1_1;
        if (!requests && view.status < 200 && view.status != 101) {
            return Body.INTERIM;
        }
        checkTransferEncoding(at);
        Body body = requests ? requestBody(at) : responseBody(at);
        if (body == Body.UNTIL_CLOSE || tunnel) {
            view.keepAlive = false;
        }
        return body;
    }

    /** RFC 9112 §9.3: 1.1 persists unless "close"; 1.0 only with "keep-alive". */
    private boolean persistent() {
        if (f.connectionClose) {
            return false;
        }
        return view.version == Http1Version.HTTP_1_1 || f.connectionKeepAlive;
    }

    private void checkTransferEncoding(long at) throws Http1Exception {
        if (!f.transferEncoding) {
            return;
        }
        if (f.contentLength >= 0) {
            // RFC 9112 §6.3 p3, §6.1: a sender MUST NOT send both; treated as an error in both roles.
            throw new Http1Exception(Reason.CONTENT_LENGTH_WITH_TRANSFER_ENCODING, at, null);
        }
        if (view.version == Http1Version.HTTP_1_0) {
            throw new Http1Exception(Reason.TRANSFER_ENCODING_IN_HTTP10, at, null); // RFC 9112 §6.1
        }
        if (f.chunkedCount > 1) {
            throw new Http1Exception(Reason.INVALID_TRANSFER_ENCODING, at, "chunked applied twice"); // §7
        }
    }

    private Body requestBody(long at) throws Http1Exception {
        if (view.version == Http1Version.HTTP_1_1 && f.hostCount != 1) {
            // RFC 9112 §3.2: a server MUST respond 400 to a request without exactly one Host.
            throw new Http1Exception(Reason.INVALID_HOST, at, f.hostCount + " Host fields");
        }
        if (f.transferEncoding) {
            if (!f.lastCodingChunked) {
                // RFC 9112 §6.3 p4: request framing must end with chunked; MUST respond 400.
                throw new Http1Exception(Reason.INVALID_TRANSFER_ENCODING, at, "chunked is not final");
            }
            view.chunked = true;
            return Body.CHUNKED;
        }
        return lengthOrNone();
    }

    private Body lengthOrNone() {
        view.contentLength = f.contentLength;
        return f.contentLength > 0 ? Body.LENGTH : Body.NONE;
    }

    private Body responseBody(long at) throws Http1Exception {
        int status = view.status;
        if (status == 101) {
            if (!requestUpgrade || !f.upgrade) {
                // RFC 9110 §15.2.2: only to an upgrade offer, and naming the new protocol in Upgrade.
                throw new Http1Exception(Reason.UNSOLICITED_UPGRADE, at, requestUpgrade ? "no Upgrade field" : null);
            }
            tunnel = true;
            return Body.NONE;
        }
        if (requestMethod == HeadView.Method.CONNECT && status / 100 == 2) {
            tunnel = true; // RFC 9110 §9.3.6: the connection becomes a tunnel after the head
            return Body.NONE;
        }
        if (requestMethod == HeadView.Method.HEAD || status == 204 || status == 304) {
            view.contentLength = f.contentLength;
            return Body.NONE; // RFC 9112 §6.3 p1: these responses never have content
        }
        if (f.transferEncoding) {
            view.chunked = f.lastCodingChunked;
            return f.lastCodingChunked ? Body.CHUNKED : Body.UNTIL_CLOSE; // RFC 9112 §6.3 p4
        }
        if (f.contentLength >= 0) {
            return lengthOrNone();
        }
        return Body.UNTIL_CLOSE; // RFC 9112 §6.3 p8
    }
}
