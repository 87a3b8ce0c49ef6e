package dev.tether.http2.frame;

import dev.tether.core.annotations.ThreadSafe;

/**
 * The deprecated priority fields of HEADERS and PRIORITY frames (RFC 9113 §5.3.2, §6.3); read and
 * ignored by the connection.
 *
 * <p>Thread safety: immutable record.
 *
 * @param streamDependency the stream this one depends on, {@code [0, 2^31-1]}
 * @param exclusive the exclusive flag
 * @param weight the weight, {@code [1, 256]} (the wire carries weight − 1)
 */
@ThreadSafe
public record Priority(int streamDependency, boolean exclusive, int weight) {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if a field is out of range
     */
    public Priority {
        if (streamDependency < 0 || weight < 1 || weight > 256) {
            throw new IllegalArgumentException("priority out of range: dependency=" + streamDependency
                    + ", weight=" + weight);
        }
    }
}
