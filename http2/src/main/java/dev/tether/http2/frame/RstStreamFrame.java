package dev.tether.http2.frame;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.http2.ErrorCode;

/**
 * A RST_STREAM frame (RFC 9113 §6.4).
 *
 * <p>Invariants: {@code streamId > 0}; {@code errorCode} is the raw unsigned 32-bit value (it may
 * be a code this implementation does not know).
 *
 * <p>Thread safety: immutable.
 *
 * @param streamId the stream, above 0
 * @param errorCode the raw error code
 */
@ThreadSafe
public record RstStreamFrame(int streamId, long errorCode) implements Frame {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if a field is out of range
     */
    public RstStreamFrame {
        Frames.checkStream(streamId, true);
        Frames.checkUnsigned32(errorCode);
    }

    /** {@return the error code as a constant; unknown values map to INTERNAL_ERROR} */
    public ErrorCode error() {
        return ErrorCode.of(errorCode);
    }

    @Override
    public int typeCode() {
        return FrameType.RST_STREAM.code();
    }

    @Override
    public int flags() {
        return 0;
    }
}
