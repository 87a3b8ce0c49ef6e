package dev.tether.examples.tls;

import dev.tether.core.annotations.ThreadConfined;

import java.nio.ByteBuffer;

/**
 * What a {@link TlsEngine} reports to its owner. Every call comes on the loop thread, from inside a call into the engine
 * or from the loop executor after delegated tasks.
 *
 * <p>Thread safety: called on the loop thread only.
 */
@ThreadConfined("event loop")
public interface TlsListener {
    /** The handshake finished; {@link TlsEngine#applicationProtocol()} and {@link TlsEngine#sslEngine()} are final. */
    void onHandshakeDone();

    /**
     * Decrypted bytes. Consume what you can; the rest is offered again by the next
     * {@link TlsEngine#receive} or {@link TlsEngine#resume()}, and nothing more is decrypted until it is consumed.
     *
     * @param plaintext the bytes, in read mode
     */
    void onPlaintext(ByteBuffer plaintext);

    /** The peer sent {@code close_notify}: no more plaintext will come. */
    void onCloseNotify();

    /**
     * The connection failed; the engine is {@code FAILED}. Any alert for the peer waits in
     * {@link TlsEngine#pollOutbound}. Once.
     *
     * @param failure the typed failure
     */
    void onFailure(TlsException failure);

    /**
     * Delegated tasks finished and the engine advanced on the loop: poll outbound bytes and offer
     * again any input {@link TlsEngine#receive} left behind.
     */
    void onTasksDone();
}
