package dev.tether.examples.nio;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Test fixture: a socket handler that reads and drops what arrives, ignores the end of input, and
 * notes its socket's close in {@link #closed}. Tests override what they look at.
 *
 * <p>Thread safety: called on the socket's loop; {@link #closed} may be read from any thread.
 */
class Dropping implements SocketHandler {
    final CompletableFuture<Void> closed = new CompletableFuture<>();

    @Override
    public void onRead(ByteBuffer in) {
        in.position(in.limit());
    }

    @Override
    public void onEndOfInput() {
        // Nothing to do.
    }

    @Override
    public void onClosed() {
        closed.complete(null);
    }
}
