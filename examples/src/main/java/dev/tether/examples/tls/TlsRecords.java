package dev.tether.examples.tls;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.BufferPool;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import java.nio.ByteBuffer;

/**
 * The record buffers of one {@link TlsEngine} and the {@link SSLEngine} calls that fill and drain
 * them: network input waiting to be unwrapped, plaintext waiting for the listener, and encrypted
 * output waiting to be polled. Records are unwrapped straight from the caller's buffer while none of
 * its bytes are held ({@link #readFrom}): only a partial record, or input the listener holds up, is
 * copied into {@code netIn}.
 *
 * <p>Invariants: each buffer is borrowed from the pool only while it holds bytes and is {@code null}
 * otherwise; {@code netIn} and {@code netOut} are in write mode, {@code appIn} in read mode; input is
 * unwrapped from {@code netIn} when it holds bytes, else from {@code direct}, so records stay in
 * order; {@code direct} is the caller's and is never kept past {@link #readFrom readFrom(null)};
 * after {@link #releaseAll()} nothing is borrowed.
 *
 * <p>Thread safety: confined to the engine's loop thread.
 */
@ThreadConfined("event loop")
final class TlsRecords {
    /** The empty source of handshake and close wraps; never written. */
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine ssl;
    /** Changes only by {@link #moveTo}, while nothing is borrowed. */
    private BufferPool buffers;
    private ByteBuffer netIn;
    /** The caller's network input (read mode), unwrapped in place while {@code netIn} is empty; else {@code null}. */
    private ByteBuffer direct;
    private ByteBuffer appIn;
    private ByteBuffer netOut;

    TlsRecords(SSLEngine ssl, BufferPool buffers) {
        this.ssl = ssl;
        this.buffers = buffers;
    }

    /** Copies what fits of {@code in} into the input buffer; false when it was already full. */
    boolean takeInput(ByteBuffer in) {
        if (netIn == null) {
            netIn = buffers.acquire();
        }
        return netIn.hasRemaining() && move(in, netIn) >= 0;
    }

    /**
     * Unwraps from {@code in} in place from now on, until called with {@code null}: only while nothing
     * is held ({@link #hasInput()} false), so no earlier byte is passed over.
     *
     * @param in the caller's network input, read mode; {@code null} ends it
     */
    void readFrom(ByteBuffer in) {
        if (in != null && netIn != null) {
            throw new IllegalStateException("input held: records would be reordered");
        }
        direct = in;
    }

    /** True while network input waits to be unwrapped. */
    boolean hasInput() {
        return netIn != null || (direct != null && direct.hasRemaining());
    }

    /** True when the input buffer is full and still holds no whole record. */
    boolean inputFull() {
        return netIn != null && !netIn.hasRemaining();
    }

    /** Drops network input (after {@code close_notify} or a failure). */
    void dropInput() {
        netIn = give(netIn);
        if (direct != null) {
            direct.position(direct.limit());
        }
    }

    /**
     * Unwraps from the input buffer into a fresh plaintext buffer, then {@link #plaintext()} holds what
     * came out. Call only with {@link #hasInput()} and no {@link #plaintext()}.
     *
     * @return the engine's result
     * @throws SSLException from the engine; buffers stay consistent
     */
    SSLEngineResult unwrap() throws SSLException {
        appIn = buffers.acquire();
        if (netIn == null) {
            try {
                return ssl.unwrap(direct, appIn);
            } finally {
                plaintextReady();
            }
        }
        netIn.flip();
        try {
            return ssl.unwrap(netIn, appIn);
        } finally {
            netIn.compact();
            if (netIn.position() == 0) {
                netIn = give(netIn);
            }
            plaintextReady();
        }
    }

    /** After an unwrap: {@code appIn} to read mode, or given back if nothing came out. */
    private void plaintextReady() {
        appIn.flip();
        if (!appIn.hasRemaining()) {
            appIn = give(appIn);
        }
    }

    /** Plaintext not yet consumed by the listener, in read mode, or {@code null}. */
    ByteBuffer plaintext() {
        return appIn;
    }

    /**
     * Hands the plaintext buffer itself to the caller, who owns it from now on and gives it back to
     * the pool: the listener's way to keep plaintext without copying it.
     *
     * @return the buffer of {@link #plaintext()}, read mode, or {@code null}
     */
    ByteBuffer takePlaintext() {
        ByteBuffer p = appIn;
        appIn = null;
        return p;
    }

    /** Gives the plaintext buffer back if the listener consumed it all; true when nothing is left. */
    boolean plaintextConsumed() {
        if (appIn != null && !appIn.hasRemaining()) {
            appIn = give(appIn);
        }
        return appIn == null;
    }

    /**
     * Wraps {@code src} (empty for handshake and close records) into the output buffer.
     *
     * @param src plaintext, or {@code null} for none
     * @return the number of bytes produced (0 when the output buffer has no room for a record)
     * @throws SSLException from the engine
     */
    int wrap(ByteBuffer src) throws SSLException {
        if (netOut == null) {
            netOut = buffers.acquire();
        }
        try {
            return ssl.wrap(src == null ? EMPTY : src, netOut).bytesProduced();
        } finally {
            if (netOut.position() == 0) {
                netOut = give(netOut);
            }
        }
    }

    /**
     * Wraps {@code src} straight into {@code dst} (the socket's output) while no earlier record waits
     * in {@code netOut} and {@code dst} has room for a whole record: no copy of the ciphertext.
     *
     * @param src plaintext, read mode
     * @param dst the socket's output, write mode
     * @param record the room a record needs
     * @return the number of bytes produced
     * @throws SSLException from the engine
     */
    int wrapInto(ByteBuffer src, ByteBuffer dst, int record) throws SSLException {
        int produced = 0;
        while (netOut == null && src.hasRemaining() && dst.remaining() >= record) {
            int n = ssl.wrap(src, dst).bytesProduced();
            if (n == 0) {
                break;
            }
            produced += n;
        }
        return produced;
    }

    /** Wraps the alerts the JDK holds after a failure, best effort: the peer then learns why. */
    void wrapAlerts() {
        try {
            for (int i = 0; i < 4 && !ssl.isOutboundDone() && wrap(null) > 0; i++) {
                // one alert record per wrap
            }
        } catch (SSLException | RuntimeException ignored) {
            // The peer learns of the failure from the closed socket instead.
        }
    }

    /** True while encrypted bytes wait to be polled. */
    boolean hasOutput() {
        return netOut != null;
    }

    /** Moves encrypted bytes into {@code out}; returns how many. */
    int pollOutput(ByteBuffer out) {
        if (netOut == null) {
            return 0;
        }
        netOut.flip();
        int n = move(netOut, out);
        netOut.compact();
        if (netOut.position() == 0) {
            netOut = give(netOut);
        }
        return n;
    }

    /** True when no buffer is borrowed: no record, plaintext or output is held. */
    boolean empty() {
        return netIn == null && appIn == null && netOut == null;
    }

    /** Borrows from {@code pool} from now on (the connection moved loops); only while nothing is borrowed. */
    void moveTo(BufferPool pool) {
        if (!empty()) {
            throw new IllegalStateException("moving TLS records that hold bytes: " + this);
        }
        buffers = pool;
    }

    /** Gives every buffer back to the pool. Idempotent. */
    void releaseAll() {
        netIn = give(netIn);
        appIn = give(appIn);
        netOut = give(netOut);
        direct = null; // nothing left to read: a listener that closed mid-delivery ends the unwrap loop
    }

    /** Copies as many bytes as fit from {@code src} (read mode) into {@code dst} (write mode); returns how many. */
    static int move(ByteBuffer src, ByteBuffer dst) {
        int n = Math.min(src.remaining(), dst.remaining());
        int limit = src.limit();
        src.limit(src.position() + n);
        dst.put(src);
        src.limit(limit);
        return n;
    }

    private ByteBuffer give(ByteBuffer b) {
        if (b != null) {
            buffers.release(b);
        }
        return null;
    }

    @Override
    public String toString() {
        return (netIn != null ? ",netIn=" + netIn.position() : "") + (appIn != null ? ",appIn=" + appIn.remaining() : "")
                + (netOut != null ? ",netOut=" + netOut.position() : "");
    }
}
