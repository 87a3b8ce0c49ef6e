package dev.tether.examples.tls;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.BufferPool;
import dev.tether.examples.nio.NioSocket;

import java.nio.ByteBuffer;

/**
 * The write side of a {@link TlsEndpoint}: the plaintext its handler writes, encrypted by the
 * {@link TlsEngine} into the socket below as the socket's buffer allows.
 *
 * <p>Invariants: the plaintext buffer is borrowed from the loop's pool only while it holds bytes,
 * and never after {@link #release()} (the socket closed: {@link #buffer()} is then an empty buffer
 * that takes nothing, as a closed socket's is); nothing is encrypted before the engine is {@code OPEN}; when the socket's buffer is full the socket
 * is asked for {@code onWritable}, and the endpoint calls {@link #flush()} again then; records go straight
 * into the socket's output when it has room for a whole one; the handler hears {@code onWritable}
 * (when it asked) only once plaintext and ciphertext are all written.
 *
 * <p>Thread safety: confined to the endpoint's loop.
 */
@ThreadConfined("event loop")
final class TlsOutput {
    /** What a closed endpoint offers its producers: capacity 0, so it takes nothing and never changes. */
    private static final ByteBuffer CLOSED = ByteBuffer.allocate(0);
    private final TlsEngine engine;
    /** Changes only by {@link #moveTo}, while nothing is borrowed. */
    private BufferPool buffers;
    private final NioSocket socket;
    /** Tells the endpoint's handler it may write; run on the socket's loop of the moment. */
    private final Runnable notifyWritable = this::notifyWritable;
    private final Runnable handlerWritable;
    /** The handler asked for {@code onWritable} and has not heard it yet. */
    private boolean writableWanted;
    /** Plaintext written and not yet encrypted, write mode; {@code null} when empty. */
    private ByteBuffer out;
    /** {@link #release()} ran: the socket closed; once true, always true. */
    private boolean released;

    TlsOutput(TlsEngine engine, BufferPool buffers, NioSocket socket, Runnable handlerWritable) {
        this.engine = engine;
        this.buffers = buffers;
        this.socket = socket;
        this.handlerWritable = handlerWritable;
    }

    /** The plaintext buffer, borrowed if none is held; after {@link #release()}, one that takes nothing. */
    ByteBuffer buffer() {
        if (out == null) {
            if (released) {
                return CLOSED; // nothing would give a buffer borrowed now back
            }
            out = buffers.acquire();
        }
        return out;
    }

    int space() {
        return released ? 0 : out == null ? buffers.bufferSize() : out.remaining();
    }

    int pending() {
        return out == null ? 0 : out.position();
    }

    /** True when neither plaintext nor encrypted bytes wait to be written. */
    boolean drained() {
        return out == null && socket.outPending() == 0;
    }

    /** Encrypts what was written (once the engine is open) and writes it to the socket. */
    void flush() {
        while (out != null && out.position() > 0 && engine.state() == TlsState.OPEN) {
            out.flip();
            int n = engine.send(out, socket.outSpace() >= engine.recordSize() ? socket.out() : null);
            if (out == null) {
                return; // the wrap failed and the endpoint closed: release() took the buffer
            }
            out.compact();
            boolean room = pump();
            if (n == 0 && !room) {
                break; // the socket is full: onWritable continues
            }
        }
        if (out != null && out.position() == 0) {
            giveBack();
        }
        pump();
    }

    /** Moves encrypted bytes into the socket and writes them; false when the socket's buffer is full. */
    boolean pump() {
        if (socket.isClosed()) {
            return false;
        }
        while (engine.hasOutbound() && socket.outSpace() > 0) {
            if (engine.pollOutbound(socket.out()) == 0) {
                break;
            }
        }
        socket.flush();
        boolean full = engine.hasOutbound() && socket.outSpace() == 0;
        if (full) {
            socket.needWritable();
        }
        return !full;
    }

    /** True when no plaintext waits (no buffer borrowed) and the socket holds no encrypted bytes. */
    boolean empty() {
        return out == null && socket.outPending() == 0;
    }

    /** The handler wants {@code onWritable}: it comes once everything was written (and the handshake is done). */
    void needWritable(boolean connected) {
        if (writableWanted || socket.isClosed()) {
            return;
        }
        writableWanted = true;
        if (connected) {
            notifyIfDrained();
        }
    }

    /** True while the handler waits for {@code onWritable}. */
    boolean writableWanted() {
        return writableWanted;
    }

    /** After a flush: if the handler waits and everything was written, tells it in a later task. */
    void notifyIfDrained() {
        if (writableWanted && drained()) {
            socket.runLater(notifyWritable);
        }
    }

    private void notifyWritable() {
        if (writableWanted && !socket.isClosed() && drained()) {
            writableWanted = false;
            handlerWritable.run();
        }
    }

    /** Borrows from {@code pool} from now on (the connection moved loops); only while nothing is borrowed. */
    void moveTo(BufferPool pool) {
        if (out != null) {
            throw new IllegalStateException("moving TLS output that holds plaintext");
        }
        buffers = pool;
    }

    /** The socket closed: gives the plaintext buffer back (what it held is dropped) and borrows no more. */
    void release() {
        released = true;
        giveBack();
    }

    private void giveBack() {
        if (out != null) {
            buffers.release(out);
            out = null;
        }
    }
}
