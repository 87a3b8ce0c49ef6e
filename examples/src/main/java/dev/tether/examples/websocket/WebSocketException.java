package dev.tether.examples.websocket;

import dev.tether.core.annotations.ThreadSafe;

/**
 * Input a WebSocket endpoint must fail the connection for (RFC 6455 §7.1.7), with the close code it
 * sends before closing: {@link #PROTOCOL_ERROR} for a framing error, {@link #INVALID_DATA} for text
 * that is not UTF-8, {@link #TOO_BIG} for a message over the limit.
 *
 * <p>Invariants: {@link #closeCode()} is one of the three codes above.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public final class WebSocketException extends Exception {
    private static final long serialVersionUID = 1L;
    /** RFC 6455 §7.4.1: 1002, a protocol error. */
    public static final int PROTOCOL_ERROR = 1002;
    /** RFC 6455 §7.4.1: 1007, data inconsistent with the message type (text that is not UTF-8). */
    public static final int INVALID_DATA = 1007;
    /** RFC 6455 §7.4.1: 1009, a message too big to process. */
    public static final int TOO_BIG = 1009;

    private final int closeCode;

    /**
     * Creates the exception.
     *
     * @param closeCode {@link #PROTOCOL_ERROR}, {@link #INVALID_DATA} or {@link #TOO_BIG}
     * @param message what was wrong
     */
    public WebSocketException(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    /** The close code to send before closing the connection. */
    public int closeCode() {
        return closeCode;
    }

    @Override
    public String getMessage() {
        return closeCode + ": " + super.getMessage();
    }
}
