package dev.tether.http1;

import dev.tether.core.annotations.ThreadSafe;

import java.nio.charset.StandardCharsets;

/**
 * One request/response exchange to round-trip through a client and a server codec, with the
 * transcripts each side must report.
 *
 * <p>Invariants: immutable; byte arrays are never modified after construction.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
final class ExchangeSpec {
    final String name;
    final String method;
    final String target;
    final Http1Fields requestFields;
    final byte[] requestBody;
    final Http1Fields requestTrailers;
    final int interims;
    final int status;
    final String reason;
    final Http1Fields responseFields;
    final byte[] responseBody;
    final Http1Fields responseTrailers;
    final byte[] tunnelUp;
    final byte[] tunnelDown;
    final boolean closeDelimited;

    private ExchangeSpec(Builder b) {
        name = b.name;
        method = b.method;
        target = b.target;
        requestFields = b.requestFields;
        requestBody = b.requestBody;
        requestTrailers = b.requestTrailers;
        interims = b.interims;
        status = b.status;
        reason = b.reason;
        responseFields = b.responseFields;
        responseBody = b.responseBody;
        responseTrailers = b.responseTrailers;
        tunnelUp = b.tunnelUp;
        tunnelDown = b.tunnelDown;
        closeDelimited = b.closeDelimited;
    }

    static Builder builder(String name) {
        return new Builder(name);
    }

    boolean tunnel() {
        return tunnelUp != null;
    }

    String expectedServerTranscript() {
        StringBuilder sb = new StringBuilder("REQ " + method + " " + target + " HTTP/1.1 " + requestFields + "\n");
        appendBody(sb, requestBody, requestTrailers);
        return sb.append(tunnel() ? "TUNNEL " + latin1(tunnelUp) + "\n" : "").toString();
    }

    String expectedClientTranscript() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < interims; i++) {
            sb.append("INFO 100 ").append(Http1Fields.EMPTY).append('\n');
        }
        sb.append("RES HTTP/1.1 ").append(status).append(' ').append(reason).append(' ').append(sentResponseFields())
                .append('\n');
        appendBody(sb, responseBody, responseTrailers);
        return sb.append(tunnel() ? "TUNNEL " + latin1(tunnelDown) + "\n" : "").toString();
    }

    /**
     * The response fields as the server codec sends them: a response after which the connection
     * closes (a close-delimited body) also says {@code Connection: close} (RFC 9112 §9.6).
     */
    Http1Fields sentResponseFields() {
        if (!closeDelimited) {
            return responseFields;
        }
        Http1Fields.Builder b = Http1Fields.builder();
        for (int i = 0; i < responseFields.size(); i++) {
            b.add(responseFields.name(i), responseFields.value(i));
        }
        return b.add("Connection", "close").build();
    }

    private static void appendBody(StringBuilder sb, byte[] body, Http1Fields trailers) {
        if (body.length > 0) {
            sb.append("BODY ").append(latin1(body)).append('\n');
        }
        if (trailers.size() > 0) {
            sb.append("TRAILERS ").append(trailers).append('\n');
        }
        sb.append("END\n");
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * Builds a spec; defaults to {@code GET /} answered by {@code 200 OK} with no body.
     *
     * <p>Thread safety: confined to the building thread.
     */
    @dev.tether.core.annotations.NotThreadSafe
    static final class Builder {
        private final String name;
        private String method = "GET";
        private String target = "/";
        private Http1Fields requestFields = Http1Fields.of("Host", "example.test");
        private byte[] requestBody = new byte[0];
        private Http1Fields requestTrailers = Http1Fields.EMPTY;
        private int interims;
        private int status = 200;
        private String reason = "OK";
        private Http1Fields responseFields = Http1Fields.of("Content-Length", "0");
        private byte[] responseBody = new byte[0];
        private Http1Fields responseTrailers = Http1Fields.EMPTY;
        private byte[] tunnelUp;
        private byte[] tunnelDown;
        private boolean closeDelimited;

        private Builder(String name) {
            this.name = name;
        }

        Builder request(String m, String t, Http1Fields fields, String body, Http1Fields trailers) {
            method = m;
            target = t;
            requestFields = fields;
            requestBody = body.getBytes(StandardCharsets.ISO_8859_1);
            requestTrailers = trailers;
            return this;
        }

        Builder response(int s, String r, Http1Fields fields, String body, Http1Fields trailers) {
            status = s;
            reason = r;
            responseFields = fields;
            responseBody = body.getBytes(StandardCharsets.ISO_8859_1);
            responseTrailers = trailers;
            return this;
        }

        Builder interims(int n) {
            interims = n;
            return this;
        }

        Builder tunnel(String up, String down) {
            tunnelUp = up.getBytes(StandardCharsets.ISO_8859_1);
            tunnelDown = down.getBytes(StandardCharsets.ISO_8859_1);
            return this;
        }

        Builder closeDelimited() {
            closeDelimited = true;
            return this;
        }

        ExchangeSpec build() {
            return new ExchangeSpec(this);
        }
    }
}
