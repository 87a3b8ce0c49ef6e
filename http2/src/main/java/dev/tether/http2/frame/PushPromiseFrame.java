package dev.tether.http2.frame;

import dev.tether.core.annotations.ThreadSafe;

import java.nio.ByteBuffer;

/**
 * A PUSH_PROMISE frame (RFC 9113 §6.6).
 *
 * <p>Invariants: {@code streamId > 0} (the associated stream); {@code promisedStreamId > 0};
 * {@code padLength} is −1 or in {@code [0, 255]}.
 *
 * <p>Thread safety: immutable; see {@link Frame} on payload views.
 *
 * @param streamId the associated stream
 * @param promisedStreamId the reserved stream
 * @param fragment the field block fragment (read-only view)
 * @param endHeaders the END_HEADERS flag
 * @param padLength the pad length, or −1 when not padded
 */
@ThreadSafe
public record PushPromiseFrame(int streamId, int promisedStreamId, ByteBuffer fragment, boolean endHeaders,
                               int padLength) implements Frame {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if a field is out of range
     */
    public PushPromiseFrame {
        Frames.checkStream(streamId, true);
        Frames.checkStream(promisedStreamId, false);
        Frames.checkPad(padLength);
        fragment = fragment.asReadOnlyBuffer();
    }

    /** {@return a fresh read-only view of the fragment} */
    @Override
    public ByteBuffer fragment() {
        return fragment.duplicate();
    }

    @Override
    public int typeCode() {
        return FrameType.PUSH_PROMISE.code();
    }

    @Override
    public int flags() {
        return (endHeaders ? FLAG_END_HEADERS : 0) | (padLength >= 0 ? FLAG_PADDED : 0);
    }
}
