package dev.tether.http2;

import dev.tether.core.annotations.ThreadSafe;

/**
 * One field of a header or trailer section, as decoded or to be encoded.
 *
 * <p>Invariants: name and value are octet strings (each char is one byte, {@code <= 0xFF});
 * {@code sensitive} fields are written as never-indexed literals (RFC 7541 §6.2.3) and were received
 * as such.
 *
 * <p>Thread safety: immutable.
 *
 * @param name the field name (lower case in HTTP/2)
 * @param value the field value
 * @param sensitive true for a never-indexed field
 */
@ThreadSafe
public record Header(String name, String value, boolean sensitive) {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if name or value is {@code null}
     */
    public Header {
        if (name == null || value == null) {
            throw new IllegalArgumentException("header name and value must not be null");
        }
    }

    /**
     * A field that may be indexed.
     *
     * @param name the name
     * @param value the value
     * @return the field
     */
    public static Header of(String name, String value) {
        return new Header(name, value, false);
    }
}
