package dev.tether.http2.frame;

import dev.tether.core.annotations.ThreadSafe;

/**
 * A PING frame (RFC 9113 §6.7), on stream 0.
 *
 * <p>Invariants: the 8 opaque octets are held as one big-endian {@code long}.
 *
 * <p>Thread safety: immutable.
 *
 * @param ack the ACK flag
 * @param opaqueData the 8 octets of opaque data
 */
@ThreadSafe
public record PingFrame(boolean ack, long opaqueData) implements Frame {
    @Override
    public int streamId() {
        return 0;
    }

    @Override
    public int typeCode() {
        return FrameType.PING.code();
    }

    @Override
    public int flags() {
        return ack ? FLAG_ACK : 0;
    }
}
