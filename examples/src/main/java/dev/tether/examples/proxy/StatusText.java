package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadSafe;

import java.nio.charset.StandardCharsets;

/**
 * The words the proxy's frontends put around a status code: the HTTP/1.1 reason phrase, and the
 * plain-text body of an answer the proxy gives itself ({@code 502 Bad Gateway: connect-failed}).
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class StatusText {
    private StatusText() {
    }

    /**
     * The reason phrase for {@code status}.
     *
     * @param status the status code
     * @return the phrase, or an empty string for a code the proxy does not name (RFC 9112 §4 allows it)
     */
    static String reason(int status) {
        switch (status) {
            case 101: return "Switching Protocols";
            case 200: return "OK";
            case 204: return "No Content";
            case 304: return "Not Modified";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 408: return "Request Timeout";
            case 426: return "Upgrade Required";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return "";
        }
    }

    /**
     * The body of an error the proxy answers itself: status, phrase and the {@code x-tether-error}
     * reason, one line.
     *
     * @param status the status code
     * @param reason the {@code x-tether-error} value
     * @return the body bytes
     */
    static byte[] errorBody(int status, String reason) {
        return (status + " " + reason(status) + ": " + reason + "\n").getBytes(StandardCharsets.US_ASCII);
    }
}
