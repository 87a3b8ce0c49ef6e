package dev.tether.http1;

import dev.tether.core.annotations.NotThreadSafe;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Feeds bytes to a codec in pieces, the way a transport would deliver them: each piece is appended to
 * a receive buffer, the codec is called until it consumes nothing more, and unconsumed bytes stay for
 * the next call. Splits are whole, byte-at-a-time, or chosen by a seeded random generator.
 *
 * <p>Invariants: every byte is offered exactly once, in order; {@link #leftover()} is what no call
 * consumed.
 *
 * <p>Thread safety: confined to the test thread.
 */
@NotThreadSafe
final class Feeder {
    /** A codec's {@code onBytes}. */
    @FunctionalInterface
    interface Sink {
        int onBytes(ByteBuffer in) throws Http1Exception;
    }

    private final ByteBuffer buffer;
    private final boolean direct;

    Feeder(int capacity, boolean direct) {
        this.direct = direct;
        this.buffer = direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
        buffer.flip();
    }

    static Feeder forBytes(byte[] data) {
        return new Feeder(data.length + 16, false);
    }

    /** Offers {@code data} whole. */
    void whole(byte[] data, Sink sink) throws Http1Exception {
        piece(data, 0, data.length, sink);
    }

    /** Offers {@code data} one byte at a time. */
    void byteAtATime(byte[] data, Sink sink) throws Http1Exception {
        for (int i = 0; i < data.length; i++) {
            piece(data, i, 1, sink);
        }
    }

    /** Offers {@code data} in random pieces (1 to maxPiece bytes) drawn from {@code random}. */
    void randomSplits(byte[] data, SplittableRandom random, int maxPiece, Sink sink) throws Http1Exception {
        int i = 0;
        while (i < data.length) {
            int n = Math.min(data.length - i, 1 + random.nextInt(maxPiece));
            piece(data, i, n, sink);
            i += n;
        }
    }

    private void piece(byte[] data, int from, int n, Sink sink) throws Http1Exception {
        buffer.compact();
        buffer.put(data, from, n);
        buffer.flip();
        while (buffer.hasRemaining() && sink.onBytes(buffer) > 0) {
            // keep going: the codec stops at message boundaries
        }
    }

    /** Bytes offered but not consumed. */
    int leftover() {
        return buffer.remaining();
    }

    boolean direct() {
        return direct;
    }
}
