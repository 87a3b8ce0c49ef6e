package dev.tether.http2.frame;

import dev.tether.core.annotations.ThreadSafe;

/**
 * A PRIORITY frame (RFC 9113 §6.3): deprecated, read and ignored.
 *
 * <p>Invariants: {@code streamId > 0}; {@code priority} is not {@code null}.
 *
 * <p>Thread safety: immutable.
 *
 * @param streamId the stream, above 0
 * @param priority the priority fields
 */
@ThreadSafe
public record PriorityFrame(int streamId, Priority priority) implements Frame {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if a field is out of range
     */
    public PriorityFrame {
        Frames.checkStream(streamId, true);
        if (priority == null) {
            throw new IllegalArgumentException("priority must not be null");
        }
    }

    @Override
    public int typeCode() {
        return FrameType.PRIORITY.code();
    }

    @Override
    public int flags() {
        return 0;
    }
}
