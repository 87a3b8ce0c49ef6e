package dev.tether.http2.frame;

import dev.tether.core.annotations.ThreadSafe;

import java.nio.ByteBuffer;

/**
 * A HEADERS frame (RFC 9113 §6.2): the first fragment of a field block.
 *
 * <p>Invariants: {@code streamId > 0}; {@code padLength} is −1 or in {@code [0, 255]};
 * {@code priority} is {@code null} when the PRIORITY flag is absent.
 *
 * <p>Thread safety: immutable; see {@link Frame} on payload views.
 *
 * @param streamId the stream, above 0
 * @param fragment the field block fragment (read-only view)
 * @param endStream the END_STREAM flag
 * @param endHeaders the END_HEADERS flag
 * @param padLength the pad length, or −1 when not padded
 * @param priority the priority fields, or {@code null}
 */
@ThreadSafe
public record HeadersFrame(int streamId, ByteBuffer fragment, boolean endStream, boolean endHeaders,
                           int padLength, Priority priority) implements Frame {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if a field is out of range
     */
    public HeadersFrame {
        Frames.checkStream(streamId, true);
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
        return FrameType.HEADERS.code();
    }

    @Override
    public int flags() {
        return (endStream ? FLAG_END_STREAM : 0) | (endHeaders ? FLAG_END_HEADERS : 0)
                | (padLength >= 0 ? FLAG_PADDED : 0) | (priority != null ? FLAG_PRIORITY : 0);
    }
}
