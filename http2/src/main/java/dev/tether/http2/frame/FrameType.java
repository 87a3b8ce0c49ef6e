package dev.tether.http2.frame;

import dev.tether.core.annotations.ThreadSafe;

/**
 * The frame types of RFC 9113 §6, with their wire codes.
 *
 * <p>Invariants: {@link #code()} is the 8-bit type on the wire; {@link #of(int)} returns
 * {@code null} for a type this implementation does not know (such frames are ignored, RFC 9113 §4.1).
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public enum FrameType {
    /** DATA (§6.1). */
    DATA(0x0),
    /** HEADERS (§6.2). */
    HEADERS(0x1),
    /** PRIORITY (§6.3, deprecated, read and ignored). */
    PRIORITY(0x2),
    /** RST_STREAM (§6.4). */
    RST_STREAM(0x3),
    /** SETTINGS (§6.5). */
    SETTINGS(0x4),
    /** PUSH_PROMISE (§6.6). */
    PUSH_PROMISE(0x5),
    /** PING (§6.7). */
    PING(0x6),
    /** GOAWAY (§6.8). */
    GOAWAY(0x7),
    /** WINDOW_UPDATE (§6.9). */
    WINDOW_UPDATE(0x8),
    /** CONTINUATION (§6.10). */
    CONTINUATION(0x9);

    private static final FrameType[] BY_CODE = values();

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    /**
     * The type code on the wire.
     *
     * @return the 8-bit code
     */
    public int code() {
        return code;
    }

    /**
     * Maps a wire code to its type.
     *
     * @param code the 8-bit type read from a frame header
     * @return the type, or {@code null} when unknown
     */
    public static FrameType of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
