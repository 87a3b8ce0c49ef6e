package dev.tether.examples;

import dev.tether.core.annotations.ThreadSafe;

/**
 * The command line is wrong: an unknown command or option, a missing or malformed value. The
 * message names the option as the user typed it, never a field of the code; {@link Main} prints it
 * on one line and exits with status 2.
 *
 * <p>Thread safety: immutable after construction.
 */
@ThreadSafe
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
