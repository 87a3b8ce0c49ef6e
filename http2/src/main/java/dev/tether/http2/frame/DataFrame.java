package dev.tether.http2.frame;

import dev.tether.core.annotations.ThreadSafe;

import java.nio.ByteBuffer;

/**
 * A DATA frame (RFC 9113 §6.1).
 *
 * <p>Invariants: {@code streamId > 0}; {@code padLength} is −1 (no PADDED flag) or in
 * {@code [0, 255]}; the flow-controlled length is the whole payload, padding included.
 *
 * <p>Thread safety: immutable; see {@link Frame} on payload views.
 *
 * @param streamId the stream, above 0
 * @param data the application data (read-only view)
 * @param endStream the END_STREAM flag
 * @param padLength the pad length, or −1 when not padded
 */
@ThreadSafe
public record DataFrame(int streamId, ByteBuffer data, boolean endStream, int padLength) implements Frame {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if a field is out of range
     */
    public DataFrame {
        Frames.checkStream(streamId, true);
        Frames.checkPad(padLength);
        data = data.asReadOnlyBuffer();
    }

    /** {@return a fresh read-only view of the data, positioned at its start} */
    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }

    /** {@return the number of application data bytes} */
    public int dataLength() {
        return data.remaining();
    }

    /** {@return the bytes this frame counts against flow-control windows: the whole payload} */
    public int flowControlledLength() {
        return data.remaining() + (padLength >= 0 ? padLength + 1 : 0);
    }

    @Override
    public int typeCode() {
        return FrameType.DATA.code();
    }

    @Override
    public int flags() {
        return (endStream ? FLAG_END_STREAM : 0) | (padLength >= 0 ? FLAG_PADDED : 0);
    }
}
