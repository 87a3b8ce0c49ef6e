package dev.tether.http2.frame;

import dev.tether.core.annotations.ThreadSafe;

/**
 * One parameter of a SETTINGS frame (RFC 9113 §6.5.1).
 *
 * <p>Invariants: {@code id} is a 16-bit value; {@code value} an unsigned 32-bit value. Ranges per
 * identifier are checked by the parser and the connection, not here, so that invalid values can be
 * written in tests.
 *
 * <p>Thread safety: immutable.
 *
 * @param id the identifier
 * @param value the value
 */
@ThreadSafe
public record Setting(int id, long value) {
    /** SETTINGS_HEADER_TABLE_SIZE. */
    public static final int HEADER_TABLE_SIZE = 0x1;
    /** SETTINGS_ENABLE_PUSH. */
    public static final int ENABLE_PUSH = 0x2;
    /** SETTINGS_MAX_CONCURRENT_STREAMS. */
    public static final int MAX_CONCURRENT_STREAMS = 0x3;
    /** SETTINGS_INITIAL_WINDOW_SIZE. */
    public static final int INITIAL_WINDOW_SIZE = 0x4;
    /** SETTINGS_MAX_FRAME_SIZE. */
    public static final int MAX_FRAME_SIZE = 0x5;
    /** SETTINGS_MAX_HEADER_LIST_SIZE. */
    public static final int MAX_HEADER_LIST_SIZE = 0x6;
    /** SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441 §3): 1 lets the peer send extended CONNECT. */
    public static final int ENABLE_CONNECT_PROTOCOL = 0x8;

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if a field does not fit its wire width
     */
    public Setting {
        if (id < 0 || id > 0xffff) {
            throw new IllegalArgumentException("setting id out of range: " + id);
        }
        Frames.checkUnsigned32(value);
    }
}
