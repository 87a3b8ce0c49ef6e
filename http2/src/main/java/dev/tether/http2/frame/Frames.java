package dev.tether.http2.frame;

import dev.tether.core.annotations.ThreadSafe;

/**
 * Argument checks shared by the frame records.
 *
 * <p>Invariants: stateless.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class Frames {
    private Frames() {
    }

    static void checkStream(int streamId, boolean nonZero) {
        if (streamId < 0 || (nonZero && streamId == 0)) {
            throw new IllegalArgumentException("stream id out of range: " + streamId);
        }
    }

    static void checkPad(int padLength) {
        if (padLength < -1 || padLength > 255) {
            throw new IllegalArgumentException("pad length out of range: " + padLength);
        }
    }

    static void checkUnsigned32(long value) {
        if (value < 0 || value > 0xffffffffL) {
            throw new IllegalArgumentException("not an unsigned 32-bit value: " + value);
        }
    }
}
