package dev.tether.examples.nio;

import dev.tether.core.annotations.ThreadConfined;

import java.nio.ByteBuffer;

/**
 * What a socket reports to its owner.
 *
 * <p>Thread safety: called on the socket's loop thread only.
 */
@ThreadConfined("event loop")
public interface SocketHandler {
    /** A client socket finished connecting; reading has started. */
    default void onConnected() {
    }

    /**
     * Bytes arrived. Consume what you can; the rest stays for the next call.
     *
     * @param in the input, in read mode
     */
    void onRead(ByteBuffer in);

    /** The output buffer was fully written after a flush left bytes behind. */
    default void onWritable() {
    }

    /** The peer closed its side (end of input); reading stopped. */
    void onEndOfInput();

    /** The socket is closed: by {@link NioSocket#close()}, an I/O error or the loop stopping. Once. */
    void onClosed();
}
