package dev.tether.examples.tls;

import dev.tether.core.annotations.ThreadSafe;

/**
 * The life of a {@link TlsEngine}.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public enum TlsState {
    /** Created; {@link TlsEngine#beginHandshake} not called yet. */
    NEW,
    /** Handshake messages are being exchanged. */
    HANDSHAKING,
    /** Application data flows. */
    OPEN,
    /** Both sides' {@code close_notify} went through. */
    CLOSED,
    /** A {@link TlsException} ended it. */
    FAILED
}
