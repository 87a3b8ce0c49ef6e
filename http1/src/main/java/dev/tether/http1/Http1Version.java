package dev.tether.http1;

import dev.tether.core.annotations.ThreadSafe;

/**
 * The HTTP/1 protocol versions the codec speaks (RFC 9112 §2.3).
 *
 * <p>Invariants: {@link #text()} is the exact on-the-wire form.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public enum Http1Version {
    /** HTTP/1.0: persistent only with {@code Connection: keep-alive}. */
    HTTP_1_0("HTTP/1.0"),
    /** HTTP/1.1: persistent unless {@code Connection: close}. */
    HTTP_1_1("HTTP/1.1");

    private final String text;

    Http1Version(String text) {
        this.text = text;
    }

    /** The on-the-wire form, e.g. {@code HTTP/1.1}. */
    public String text() {
        return text;
    }
}
