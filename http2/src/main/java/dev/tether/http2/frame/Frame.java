package dev.tether.http2.frame;

import dev.tether.core.annotations.ThreadSafe;

/**
 * One HTTP/2 frame (RFC 9113 §4.1), as parsed or to be written. Each frame type is an immutable
 * record in this package.
 *
 * <p>Invariants: {@link #streamId()} is in {@code [0, 2^31-1]} (the reserved bit is dropped on read
 * and written as 0). Frames that carry a payload buffer expose a read-only view; when it came from a
 * parser it is valid only during the listener callback that delivered it: copy the bytes to keep them.
 *
 * <p>Thread safety: immutable (a payload view must not be shared while its source buffer changes).
 */
@ThreadSafe
public sealed interface Frame permits DataFrame, HeadersFrame, PriorityFrame, RstStreamFrame,
        SettingsFrame, PushPromiseFrame, PingFrame, GoAwayFrame, WindowUpdateFrame, ContinuationFrame,
        UnknownFrame {
    /** Length of the frame header on the wire (RFC 9113 §4.1). */
    int HEADER_LENGTH = 9;
    /** Flag END_STREAM (DATA, HEADERS). */
    int FLAG_END_STREAM = 0x1;
    /** Flag ACK (SETTINGS, PING). */
    int FLAG_ACK = 0x1;
    /** Flag END_HEADERS (HEADERS, PUSH_PROMISE, CONTINUATION). */
    int FLAG_END_HEADERS = 0x4;
    /** Flag PADDED (DATA, HEADERS, PUSH_PROMISE). */
    int FLAG_PADDED = 0x8;
    /** Flag PRIORITY (HEADERS). */
    int FLAG_PRIORITY = 0x20;
    /** Largest stream id (2^31-1). */
    int MAX_STREAM_ID = Integer.MAX_VALUE;

    /**
     * The stream the frame belongs to.
     *
     * @return the stream id, 0 for connection frames
     */
    int streamId();

    /**
     * The wire type code of this frame.
     *
     * @return the 8-bit type code
     */
    int typeCode();

    /**
     * The flags octet this frame is written with.
     *
     * @return the flags
     */
    int flags();
}
