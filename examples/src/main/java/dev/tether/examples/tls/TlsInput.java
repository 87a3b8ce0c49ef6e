package dev.tether.examples.tls;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.BufferPool;
import dev.tether.examples.nio.Endpoint;
import dev.tether.examples.nio.SocketHandler;

import java.nio.ByteBuffer;

/**
 * The read side of a {@link TlsEndpoint}: decrypted bytes its handler has not consumed, offered to it
 * as a socket offers its input buffer (a partial message stays, and the next record's bytes join it).
 *
 * <p>Invariants: the buffer is borrowed from the loop's pool only while it holds bytes, in write mode
 * between offers; while the handler reads it, it is the handler's, and nothing gives it back, not
 * even a close from inside the handler (then it goes back when the handler returns).
 *
 * <p>Thread safety: confined to the endpoint's loop.
 */
@ThreadConfined("event loop")
final class TlsInput {
    /** Changes only by {@link #moveTo}, while nothing is borrowed. */
    private BufferPool buffers;
    private ByteBuffer in;
    /** Inside the handler's {@code onRead}. */
    private boolean delivering;

    TlsInput(BufferPool buffers) {
        this.buffers = buffers;
    }

    /** True when it holds no plaintext, so a whole buffer can be {@linkplain #adopt adopted}. */
    boolean holdsNothing() {
        return in == null;
    }

    /**
     * Takes {@code plaintext} itself as its buffer (no copy); only while {@link #holdsNothing()}.
     *
     * @param plaintext a buffer of this pool, read mode, now owned here
     */
    void adopt(ByteBuffer plaintext) {
        if (plaintext.position() == 0) { // to write mode holding [0, limit) without moving a byte
            plaintext.position(plaintext.limit()).limit(plaintext.capacity());
        } else {
            plaintext.compact();
        }
        in = plaintext;
    }

    /** Takes what fits of {@code plaintext} (read mode); the rest stays there: backpressure. */
    void take(ByteBuffer plaintext) {
        if (in == null) {
            in = buffers.acquire();
        }
        TlsRecords.move(plaintext, in);
    }

    /**
     * Offers what is buffered to {@code handler}, then gives the buffer back if it was all consumed or
     * the endpoint closed meanwhile.
     *
     * @param handler the endpoint's handler
     * @param endpoint the endpoint, which the handler may close from {@code onRead}
     */
    void deliver(SocketHandler handler, Endpoint endpoint) {
        if (in == null) {
            return;
        }
        if (in.position() > 0) {
            in.flip();
            delivering = true;
            try {
                handler.onRead(in);
            } finally {
                delivering = false;
                in.compact();
            }
        }
        if (in.position() == 0 || endpoint.isClosed()) {
            release();
        }
    }

    /** True when no plaintext is held (no buffer borrowed) and the handler is not reading. */
    boolean empty() {
        return in == null && !delivering;
    }

    /** Borrows from {@code pool} from now on (the connection moved loops); only while nothing is borrowed. */
    void moveTo(BufferPool pool) {
        if (!empty()) {
            throw new IllegalStateException("moving TLS input that holds plaintext");
        }
        buffers = pool;
    }

    /** The endpoint closed: gives the buffer back, unless the handler is reading it (then on return). */
    void closed() {
        if (!delivering) {
            release();
        }
    }

    private void release() {
        if (in != null) {
            buffers.release(in);
            in = null;
        }
    }
}
