package dev.tether.examples.nio;

import dev.tether.core.annotations.ThreadConfined;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;

/**
 * The sending half of a {@link NioSocket}: its output buffer (borrowed from the loop's pool only while
 * bytes wait to be written), the writes, the writable notification, the half-close and the close
 * once everything was written.
 *
 * <p>Nagle: {@code TCP_NODELAY} is set before the socket's second write, not when it opens. Linux's
 * Nagle test (Minshall's variant) holds a small segment back only while an earlier small segment is
 * unacknowledged, so a first write is never held, and a client answered in one write and closed (one
 * request per connection) costs one system call fewer.
 *
 * <p>Invariants: {@code out} is {@code null} or in write mode with bytes pending after a flush;
 * nothing is written once {@code shut}; {@code shut} and {@code lingering} only go from false to
 * true; the linger timer exists only once a lingering close started, and dies with the socket.
 *
 * <p>Thread safety: confined to its socket's loop thread.
 */
@ThreadConfined("event loop")
final class SocketOutput {
    private final NioSocket socket;
    /** Tells the handler it may write, on the socket's loop of the moment; made once. */
    private final SocketTask notifyWritableLater;
    /** The socket's flush (which first completes a connect), on its loop of the moment, inside its guard; made once. */
    private final SocketTask flushLater;
    private ByteBuffer out;
    /** A producer has more to write: call {@link SocketHandler#onWritable()} once the output is empty. */
    private boolean writableWanted;
    /** {@link #closeAfterFlush} was asked; once true, always true. */
    private boolean closeWhenFlushed;
    /** The peer said it sends nothing more: closing does not read to look for more. Set with {@code closeWhenFlushed}. */
    private boolean peerDone;
    /** {@link #shutdown()} was asked; once true, always true. */
    private boolean shutdownWhenFlushed;
    /** The output was shut down (FIN sent); once true, always true. */
    boolean shut;
    /** Closing: input is read and dropped until the peer closes; once true, always true. */
    boolean lingering;
    /** Bounds a lingering close. */
    private EventLoop.Timer lingerTimer;
    /** Writes made so far, counted up to 2 (Nagle is turned off before the second). */
    private int writes;

    SocketOutput(NioSocket socket) {
        this.socket = socket;
        this.notifyWritableLater = new SocketTask(socket, this::notifyWritable);
        this.flushLater = new SocketTask(socket, socket::flush);
    }

    /**
     * A flush was refused the guard while the socket still lives on this loop (another loop is trying to
     * move it, and will not, as bytes wait or it still connects): flushes once the guard is free, so the
     * bytes (or the connect) are not left without a write or an interest.
     */
    void flushWhenGuardFree() {
        flushLater.queue();
    }

    /** True when nothing waits to be written and nothing was asked of the output beyond writing. */
    boolean idle() {
        return out == null && !writableWanted && !closeWhenFlushed && !shutdownWhenFlushed && !shut && !lingering;
    }

    /** The output buffer, borrowed if none is held; after close, an empty buffer that takes nothing. */
    ByteBuffer buffer() {
        if (out == null) {
            if (socket.isClosed()) {
                return socket.pool().empty(); // nothing may borrow from the pool for a socket that will not give it back
            }
            out = socket.pool().acquire();
        }
        return out;
    }

    int space() {
        return socket.isClosed() ? 0 : out == null ? socket.pool().bufferSize() : out.remaining();
    }

    int pending() {
        return out == null ? 0 : out.position();
    }

    /** True while bytes wait for OP_WRITE. */
    boolean waiting() {
        return out != null && !shut;
    }

    /** Writes what the channel takes; then closes, shuts down or notifies as asked once all is written. */
    void flush() {
        if (socket.isClosed() || !socket.isConnected() || shut) {
            return; // nothing may be written after the output was shut down
        }
        if (out != null && out.position() > 0) { // an empty buffer costs no system call
            out.flip();
            try {
                if (writes < 2 && ++writes == 2) {
                    socket.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
                socket.channel.write(out);
            } catch (IOException e) {
                socket.fail(e);
                return;
            }
            out.compact();
        }
        if (out != null && out.position() == 0) {
            socket.pool().release(out);
            out = null;
        }
        if (out == null) {
            if (closeWhenFlushed) {
                closeNowOrLinger();
                return;
            }
            if (shutdownWhenFlushed && !shutdownNow()) {
                return;
            }
            if (writableWanted) {
                notifyWritableLater.queue();
            }
        }
        socket.updateInterest();
    }

    void needWritable() {
        if (socket.isClosed() || writableWanted) {
            return;
        }
        writableWanted = true;
        if (out == null && socket.isConnected()) {
            notifyWritableLater.queue();
        } else {
            socket.updateInterest();
        }
    }

    /** OP_WRITE fired and the output is empty again: the handler may write more. */
    void written() {
        writableWanted = false;
    }

    private void notifyWritable() {
        if (writableWanted && !socket.isClosed() && out == null) {
            writableWanted = false;
            socket.handler().onWritable();
        }
    }

    void shutdown() {
        if (!socket.isClosed() && !shutdownWhenFlushed) {
            shutdownWhenFlushed = true;
            flush();
        }
    }

    void closeAfterFlush(boolean peerSaidDone) {
        if (!socket.isClosed() && !closeWhenFlushed) {
            closeWhenFlushed = true;
            peerDone = peerSaidDone;
            flush();
        }
    }

    /** Sends the FIN; false if the socket closed meanwhile (a failure, or both directions ended). */
    private boolean shutdownNow() {
        if (shut) {
            return true;
        }
        shut = true;
        try {
            socket.channel.shutdownOutput();
        } catch (IOException e) {
            socket.fail(e);
            return false;
        }
        return !socket.closeIfBothEnded();
    }

    /**
     * The last byte was written: close with a FIN if the peer has sent nothing more, else linger, as
     * nginx does: closing with unread input makes the kernel send a reset, which can destroy a
     * response the peer has not read yet. One non-blocking read tells which, unless the peer said it
     * is done (then only bytes already buffered count, as nginx decides).
     */
    private void closeNowOrLinger() {
        if (socket.input.eof || !socket.isConnected() || !socket.input.unread(!peerDone)) {
            socket.close();
            return;
        }
        lingering = true;
        if (!shutdownNow()) {
            return;
        }
        lingerTimer = socket.loop().timer(socket::close);
        lingerTimer.arm(NioSocket.LINGER_NANOS);
        socket.lingerStarted();
    }

    /** The socket closed: gives the buffer back and stops the linger timer. */
    void closed() {
        if (lingerTimer != null) {
            lingerTimer.cancel();
        }
        if (out != null) {
            socket.pool().release(out);
            out = null;
        }
    }
}
