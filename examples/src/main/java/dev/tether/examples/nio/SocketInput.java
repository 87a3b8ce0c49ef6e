package dev.tether.examples.nio;

import dev.tether.core.annotations.ThreadConfined;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The receiving half of a {@link NioSocket}: its input buffer (borrowed from the loop's pool when
 * the socket is readable, given back as soon as the handler consumed every byte), the reads, the
 * pause and resume of reading, and the end of input.
 *
 * <p>Invariants: {@code in} is {@code null} or holds unconsumed bytes, in write mode between events;
 * while the handler reads it ({@code delivering}), nobody else gives it back; {@code eof} and
 * {@code eofReported} only go from false to true, the second after the first.
 *
 * <p>Thread safety: confined to its socket's loop thread.
 */
@ThreadConfined("event loop")
final class SocketInput {
    private final NioSocket socket;
    /** Offers buffered bytes on the socket's loop of the moment ({@link #resume()}); made once. */
    private final SocketTask deliverLater;
    /** Received bytes the handler has not consumed; {@code null} when there are none. */
    private ByteBuffer in;
    boolean paused;
    /** Read returned end of input; once true, always true. */
    boolean eof;
    /** The handler was told about {@link #eof}; once true, always true. */
    boolean eofReported;
    /** Inside {@link SocketHandler#onRead}: {@code in} is the handler's until it returns. */
    private boolean delivering;

    SocketInput(NioSocket socket) {
        this.socket = socket;
        this.deliverLater = new SocketTask(socket, this::deliver);
    }

    /** Bytes received and not consumed. */
    int buffered() {
        return in == null ? 0 : in.position();
    }

    /** True while reading is wanted: not paused, not at the end, room in the buffer. */
    boolean wantsRead() {
        return !paused && !eof && (in == null || in.hasRemaining());
    }

    /** Resumes reading; buffered bytes (or an unreported end) are offered in a later task. */
    void resume() {
        paused = false;
        if (in != null || (eof && !eofReported)) {
            deliverLater.queue();
        }
    }

    /** True when nothing is buffered, reading is not paused, and the end of input was not seen. */
    boolean idle() {
        return in == null && !paused && !eof && !delivering;
    }

    /** Reads what the channel has; while lingering the bytes are dropped, else offered to the handler. */
    void read(boolean lingering) {
        if (in == null) {
            in = socket.pool().acquire();
        }
        int n;
        try {
            n = socket.channel.read(in);
        } catch (IOException e) {
            socket.fail(e);
            return;
        }
        eof |= n < 0;
        if (lingering) {
            socket.pool().release(in); // dropped: we answered all we will
            in = null;
            if (eof) {
                socket.close();
            }
            return;
        }
        deliver();
    }

    /** Offers the buffered bytes, then the end of input, to the handler (unless paused). */
    void deliver() {
        if (socket.isClosed()) {
            return;
        }
        if (in != null && in.position() > 0 && !paused) {
            in.flip();
            delivering = true;
            try {
                socket.handler().onRead(in);
            } finally {
                delivering = false;
                in.compact();
            }
        }
        if (in != null && (socket.isClosed() || in.position() == 0)) {
            socket.pool().release(in); // every byte consumed (or the socket closed meanwhile)
            in = null;
        }
        if (socket.isClosed()) {
            return;
        }
        if (eof && !eofReported && !paused) {
            eofReported = true;
            socket.handler().onEndOfInput();
            socket.closeIfBothEnded();
            return;
        }
        socket.updateInterest();
    }

    /**
     * True if the peer sent bytes nobody read: some are buffered, or (if {@code look}) one non-blocking
     * read (whose bytes are dropped: the socket is closing) finds more.
     */
    boolean unread(boolean look) {
        if (in != null) {
            return true;
        }
        if (!look) {
            return false;
        }
        BufferPool pool = socket.pool();
        ByteBuffer probe = pool.acquire();
        int n;
        try {
            n = socket.channel.read(probe);
        } catch (IOException e) {
            n = -1;
        }
        pool.release(probe);
        eof |= n < 0;
        return n > 0;
    }

    /** The socket closed: gives the buffer back, unless the handler is reading it (then on return). */
    void closed() {
        if (in != null && !delivering) {
            socket.pool().release(in);
            in = null;
        }
    }
}
