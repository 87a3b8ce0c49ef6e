package dev.tether.examples;

import dev.tether.core.annotations.ThreadSafe;

/**
 * A well-formed command could not start: its port is taken, or a host name does not resolve. The
 * message says what failed and which option it came from, in one line; {@link Main} prints it and
 * exits with status 1 (with the cause's stack trace only under {@code --verbose}).
 *
 * <p>Thread safety: immutable after construction.
 */
@ThreadSafe
final class StartupException extends Exception {
    private static final long serialVersionUID = 1L;

    StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
