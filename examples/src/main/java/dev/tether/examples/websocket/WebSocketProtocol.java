package dev.tether.examples.websocket;

import dev.tether.core.annotations.ThreadSafe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The constants and rules of RFC 6455 that both directions share: opcodes, which close codes may
 * appear on the wire, and the opening handshake's key and accept values.
 *
 * <p>Invariants: stateless; {@link #accept} is the RFC 6455 §4.2.2 derivation (SHA-1 of the key and
 * the protocol GUID, base64).
 *
 * <p>Thread safety: stateless (the key source is a thread-safe {@link SecureRandom}).
 */
@ThreadSafe
public final class WebSocketProtocol {
    /** A continuation frame. */
    public static final int CONTINUATION = 0x0;
    /** A text frame. */
    public static final int TEXT = 0x1;
    /** A binary frame. */
    public static final int BINARY = 0x2;
    /** A close frame. */
    public static final int CLOSE = 0x8;
    /** A ping frame. */
    public static final int PING = 0x9;
    /** A pong frame. */
    public static final int PONG = 0xA;
    /** RFC 6455 §7.4.1: a normal closure. */
    public static final int NORMAL_CLOSURE = 1000;
    /** RFC 6455 §7.4.1: "no status code was present", never sent in a frame. */
    public static final int NO_STATUS = 1005;
    /** RFC 6455 §5.5: the largest control frame payload. */
    public static final int MAX_CONTROL_PAYLOAD = 125;

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom KEYS = new SecureRandom();

    private WebSocketProtocol() {
    }

    /** True for the opcodes RFC 6455 §5.2 defines; the others are reserved. */
    static boolean knownOpcode(int opcode) {
        return opcode <= BINARY || (opcode >= CLOSE && opcode <= PONG);
    }

    /**
     * Tells whether a close code may appear in a close frame (RFC 6455 §7.4, IANA registry):
     * 1000–1003, 1007–1014 and the application range 3000–4999. 1004, 1005, 1006 and 1015 are
     * reserved for local use and never sent.
     *
     * @param code the code
     * @return true if an endpoint may send it
     */
    public static boolean validCloseCode(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    /**
     * The {@code Sec-WebSocket-Accept} value for a key (RFC 6455 §4.2.2 step 5.4).
     *
     * @param key the client's {@code Sec-WebSocket-Key}
     * @return base64 of SHA-1 of the key and the protocol GUID
     */
    public static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** A fresh {@code Sec-WebSocket-Key}: base64 of 16 random bytes (RFC 6455 §4.1). */
    public static String newKey() {
        byte[] b = new byte[16];
        KEYS.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /**
     * Tells whether a {@code Sec-WebSocket-Key} is well formed: base64 of exactly 16 bytes.
     *
     * @param key the value, or {@code null}
     * @return true if the server may accept it
     */
    public static boolean validKey(String key) {
        if (key == null || key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key.trim()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
