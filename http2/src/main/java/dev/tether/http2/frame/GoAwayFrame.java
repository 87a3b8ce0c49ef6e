package dev.tether.http2.frame;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.http2.ErrorCode;

import java.nio.ByteBuffer;

/**
 * A GOAWAY frame (RFC 9113 §6.8), on stream 0.
 *
 * <p>Invariants: {@code lastStreamId} in {@code [0, 2^31-1]}; {@code errorCode} is the raw unsigned
 * 32-bit value.
 *
 * <p>Thread safety: immutable; see {@link Frame} on payload views.
 *
 * @param lastStreamId the highest peer-initiated stream the sender processed or may process
 * @param errorCode the raw error code
 * @param debugData opaque diagnostic data (read-only view)
 */
@ThreadSafe
public record GoAwayFrame(int lastStreamId, long errorCode, ByteBuffer debugData) implements Frame {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if a field is out of range
     */
    public GoAwayFrame {
        Frames.checkStream(lastStreamId, false);
        Frames.checkUnsigned32(errorCode);
        debugData = debugData.asReadOnlyBuffer();
    }

    /** {@return a fresh read-only view of the debug data} */
    @Override
    public ByteBuffer debugData() {
        return debugData.duplicate();
    }

    /** {@return the error code as a constant; unknown values map to INTERNAL_ERROR} */
    public ErrorCode error() {
        return ErrorCode.of(errorCode);
    }

    @Override
    public int streamId() {
        return 0;
    }

    @Override
    public int typeCode() {
        return FrameType.GOAWAY.code();
    }

    @Override
    public int flags() {
        return 0;
    }
}
