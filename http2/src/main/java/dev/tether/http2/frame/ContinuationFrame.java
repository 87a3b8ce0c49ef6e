package dev.tether.http2.frame;

import dev.tether.core.annotations.ThreadSafe;

import java.nio.ByteBuffer;

/**
 * A CONTINUATION frame (RFC 9113 §6.10): a further fragment of a field block.
 *
 * <p>Invariants: {@code streamId > 0}.
 *
 * <p>Thread safety: immutable; see {@link Frame} on payload views.
 *
 * @param streamId the stream, above 0
 * @param fragment the field block fragment (read-only view)
 * @param endHeaders the END_HEADERS flag
 */
@ThreadSafe
public record ContinuationFrame(int streamId, ByteBuffer fragment, boolean endHeaders) implements Frame {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if a field is out of range
     */
    public ContinuationFrame {
        Frames.checkStream(streamId, true);
        fragment = fragment.asReadOnlyBuffer();
    }

    /** {@return a fresh read-only view of the fragment} */
    @Override
    public ByteBuffer fragment() {
        return fragment.duplicate();
    }

    @Override
    public int typeCode() {
        return FrameType.CONTINUATION.code();
    }

    @Override
    public int flags() {
        return endHeaders ? FLAG_END_HEADERS : 0;
    }
}
