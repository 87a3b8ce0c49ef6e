package dev.tether.examples.tls;

import dev.tether.core.annotations.ThreadSafe;

import java.io.IOException;

/**
 * A TLS failure with its {@link TlsFailure kind}: the typed reason a TLS connection's close path
 * carries, so that a host can answer, count or fail over by kind without reading messages.
 *
 * <p>Thread safety: immutable once thrown.
 */
@ThreadSafe
public final class TlsException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Not serialised with the exception: a kind is rebuilt by classifying the cause. */
    private final transient TlsFailure kind;

    /**
     * Creates the exception.
     *
     * @param kind the kind
     * @param message what happened, naming the peer when the caller knows it
     * @param cause the JDK's exception, or {@code null}
     */
    public TlsException(TlsFailure kind, String message, Throwable cause) {
        super(kind.reason() + ": " + message, cause);
        this.kind = kind;
    }

    /** The kind. */
    public TlsFailure kind() {
        return kind;
    }
}
