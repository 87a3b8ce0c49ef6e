package dev.tether.http1.internal.parser;

import dev.tether.core.annotations.NotThreadSafe;

import java.nio.ByteBuffer;

/**
 * Hands out read-only views of the caller's input buffer for body and tunnel slices, zero copy. The
 * view object is cached per input buffer, so a host that reads into the same buffer every time gets
 * slices with no allocation at all.
 *
 * <p>Invariants: {@code view} is {@code null} or a read-only duplicate of {@code source} (same
 * content, same capacity); a slice is valid only until the next call.
 *
 * <p>Thread safety: confined to the codec's thread.
 */
@NotThreadSafe
final class BodyViews {
    private ByteBuffer source;
    private ByteBuffer view;

    /**
     * Returns a read-only view of the next {@code n} bytes of {@code in} and advances {@code in} past
     * them.
     *
     * @param in the input buffer
     * @param n how many bytes, at most {@code in.remaining()}
     * @return a view whose position and limit bracket exactly those bytes
     */
    ByteBuffer slice(ByteBuffer in, int n) {
        if (in != source) {
            source = in;
            view = in.asReadOnlyBuffer();
        }
        int p = in.position();
        view.limit(view.capacity()).position(p).limit(p + n);
        in.position(p + n);
        return view;
    }
}
