package dev.tether.http2.frame;

import dev.tether.core.annotations.ThreadSafe;

import java.nio.ByteBuffer;

/**
 * A frame of a type this implementation does not know: ignored (RFC 9113 §4.1, §5.5).
 *
 * <p>Invariants: {@code type} is an 8-bit code that {@link FrameType#of(int)} does not know;
 * {@code flags} an 8-bit value.
 *
 * <p>Thread safety: immutable; see {@link Frame} on payload views.
 *
 * @param type the 8-bit type code
 * @param flags the flags octet
 * @param streamId the stream id
 * @param payload the payload (read-only view)
 */
@ThreadSafe
public record UnknownFrame(int type, int flags, int streamId, ByteBuffer payload) implements Frame {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if a field is out of range
     */
    public UnknownFrame {
        if (type < 0 || type > 0xff || FrameType.of(type) != null || flags < 0 || flags > 0xff) {
            throw new IllegalArgumentException("not an unknown frame type: " + type + ", flags " + flags);
        }
        Frames.checkStream(streamId, false);
        payload = payload.asReadOnlyBuffer();
    }

    /** {@return a fresh read-only view of the payload} */
    @Override
    public ByteBuffer payload() {
        return payload.duplicate();
    }

    @Override
    public int typeCode() {
        return type;
    }
}
