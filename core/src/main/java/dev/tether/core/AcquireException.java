package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

import java.util.Objects;

/**
 * Thrown by {@link ReuseEngine#acquire} (or passed to {@link SessionListener#onLeaseFailed}) when no
 * lease can be given; {@link #failure()} says why. When it fails, an acquire changes no counter and
 * leaves nothing open (R24).
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public final class AcquireException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient AcquireFailure failure;

    /**
     * Creates an exception for an ordinary outcome: it records no stack trace, since none is needed to
     * understand a drain or a full queue.
     *
     * @param failure why no lease was given
     * @param message a message naming the target
     */
    public AcquireException(AcquireFailure failure, String message) {
        super(message, null, false, false);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /**
     * Creates an exception caused by another, such as the {@link Connector}'s.
     *
     * @param failure why no lease was given
     * @param message a message naming the target
     * @param cause what caused it
     */
    public AcquireException(AcquireFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** Why no lease was given. */
    public AcquireFailure failure() {
        return failure;
    }
}
