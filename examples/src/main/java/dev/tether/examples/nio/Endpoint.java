package dev.tether.examples.nio;

import dev.tether.core.annotations.ThreadConfined;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One connection's byte stream as its {@link SocketHandler} sees it: plaintext in, plaintext out,
 * with backpressure, half-close and close. A plain {@link NioSocket} is one; a layer that transforms
 * the bytes (TLS) is another, sitting on a {@code NioSocket} as that socket's handler and offering
 * this interface upward, so a handler never knows which one it has.
 *
 * <p>Reading: the endpoint calls {@link SocketHandler#onRead} with the bytes received; the handler
 * consumes what it can, the rest stays for the next call; reading stops while the handler
 * {@link #pauseReading() paused} it or the unconsumed bytes fill the endpoint's buffer.
 *
 * <p>Writing: put at most {@link #outSpace()} bytes into {@link #out()}, then {@link #flush()} now or
 * {@link #flushLater()} (before the loop next waits, so one loop iteration's output leaves in one
 * write); when more is to come than fits, {@link #needWritable()} asks for
 * {@link SocketHandler#onWritable()} once the output was written.
 *
 * <p>Buffer ownership: the endpoint owns both buffers and borrows them from its loop's
 * {@link BufferPool} only while bytes are in flight, so an idle connection holds none. The buffer
 * given to {@code onRead} is valid during that call only; the one {@link #out()} returns is valid
 * until the next {@link #flush()}, {@link #close()} or the end of the current event, whichever comes
 * first: never keep a reference to either.
 *
 * <p>Closing: {@link #closeAfterFlush()} writes what is pending, then closes with a FIN (lingering
 * when the peer may still be sending, so that no reset destroys what it has not read);
 * {@link #shutdownOutput()} half-closes; {@link #close()} closes now. {@link SocketHandler#onClosed()}
 * follows exactly once.
 *
 * <p>Thread safety: confined to {@link #loop()}'s thread, except {@link #closeFromAnyThread()}.
 */
@ThreadConfined("event loop")
public interface Endpoint {
    /** The loop that drives this endpoint. */
    EventLoop loop();

    /**
     * Hands the endpoint to another handler (protocol detection, an upgrade to a tunnel): every later
     * event goes to {@code h}.
     *
     * @param h the new handler
     */
    void handler(SocketHandler h);

    /**
     * The output buffer, in write mode, borrowed from the loop's pool if none is held: put at most
     * {@link #outSpace()} bytes, then flush. Valid until the next flush, close or end of the event.
     *
     * @return the buffer
     */
    ByteBuffer out();

    /** Free bytes in the output buffer (its whole size when none is held); borrows nothing. */
    int outSpace();

    /** Bytes waiting to be written. */
    int outPending();

    /** Writes as much of the pending output as the connection takes now; waits for the rest. */
    void flush();

    /** A {@link #flush()} before the loop next waits, once however often it is asked meanwhile. */
    void flushLater();

    /**
     * Asks for {@link SocketHandler#onWritable()} once the pending output was written: call it when
     * more was to be written than {@link #outSpace()} allowed. The call comes in a later event, never
     * re-entrantly.
     */
    void needWritable();

    /** Stops reading until {@link #resumeReading()}; bytes already received stay buffered. */
    void pauseReading();

    /** Resumes reading; buffered bytes are offered again in a later event, never re-entrantly. */
    void resumeReading();

    /**
     * Half-closes: once the pending output is written, the peer sees end of input (a FIN); reading
     * goes on until the peer closes its side, then {@link SocketHandler#onEndOfInput()} follows as
     * usual. Nothing may be written after it. Idempotent.
     */
    void shutdownOutput();

    /**
     * Closes once the pending output is written: at once with a FIN when the peer has sent nothing
     * more, else after a lingering close (output shut down, input read and dropped until the peer
     * closes or a bound passes). Idempotent.
     */
    void closeAfterFlush();

    /**
     * {@link #closeAfterFlush()} for a peer that has said it sends nothing more (an HTTP/1.1 client's
     * {@code close} option, RFC 9112 §9.6): the endpoint may skip the read that looks for bytes sent
     * since the last one and close at once, lingering only over bytes it already received and nobody
     * consumed. A peer that breaks its word may then get a reset. The default is
     * {@link #closeAfterFlush()}. Idempotent; the first close asked for decides.
     */
    default void closeAfterFlushPeerDone() {
        closeAfterFlush();
    }

    /** Closes now; pending output is dropped. Idempotent. */
    void close();

    /** {@link #close()} on the endpoint's loop; may be called from any thread. */
    void closeFromAnyThread();

    /** True once closed. */
    boolean isClosed();

    /** True once the connection is established (for TLS: once the handshake is done). */
    boolean isConnected();

    /** The peer's address, or {@code null} if unknown. */
    InetSocketAddress remoteAddress();
}
