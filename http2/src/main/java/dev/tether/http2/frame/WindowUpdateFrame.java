package dev.tether.http2.frame;

import dev.tether.core.annotations.ThreadSafe;

/**
 * A WINDOW_UPDATE frame (RFC 9113 §6.9); stream 0 updates the connection window.
 *
 * <p>Invariants: {@code streamId} in {@code [0, 2^31-1]}; {@code increment} in
 * {@code [0, 2^31-1]} (0 is rejected by the parser, but may be written in tests).
 *
 * <p>Thread safety: immutable.
 *
 * @param streamId the stream, or 0 for the connection
 * @param increment the window size increment
 */
@ThreadSafe
public record WindowUpdateFrame(int streamId, int increment) implements Frame {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if a field is out of range
     */
    public WindowUpdateFrame {
        Frames.checkStream(streamId, false);
        if (increment < 0) {
            throw new IllegalArgumentException("increment out of range: " + increment);
        }
    }

    @Override
    public int typeCode() {
        return FrameType.WINDOW_UPDATE.code();
    }

    @Override
    public int flags() {
        return 0;
    }
}
