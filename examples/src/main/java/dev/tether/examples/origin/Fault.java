package dev.tether.examples.origin;

import dev.tether.core.annotations.ThreadSafe;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The faults the origin can inject, one per request when chosen (see {@link Faults}). On an HTTP/1
 * connection the h2-only faults fall back to their nearest HTTP/1 equivalent.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public enum Fault {
    /** Head and half the body, then the connection is reset (h2c: RST_STREAM INTERNAL_ERROR). */
    RESET_MID_BODY,
    /** The head, then the connection closes (h2c too: the whole connection). */
    CLOSE_AFTER_HEADERS,
    /** No byte for {@link Faults#stallMs()}, then the normal answer. */
    STALL,
    /** The head, then the body's first bytes one per {@link Faults#dripMs()}, then the rest. */
    SLOW_DRIP,
    /** A Content-Length larger than the body sent, then the connection closes (h2c: END_STREAM early). */
    WRONG_LENGTH,
    /** h2c: GOAWAY whose last-stream-id is below this stream, which is never answered; HTTP/1: close, no answer. */
    GOAWAY_LOW,
    /** h2c: RST_STREAM REFUSED_STREAM instead of an answer; HTTP/1: close, no answer. */
    REFUSED_STREAM,
    /** h2c: RST_STREAM INTERNAL_ERROR instead of an answer; HTTP/1: reset, no answer. */
    INTERNAL_ERROR,
    /** After the answer, the connection closes once idle for a random 0 to 50 ms. */
    IDLE_CLOSE;

    /** The name on the command line: {@code reset-mid-body}. */
    public String flag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses {@code all}, {@code none} or a comma-separated list of {@link #flag()} names.
     *
     * @param spec the text
     * @return the faults
     * @throws IllegalArgumentException naming an unknown fault
     */
    public static Set<Fault> parse(String spec) {
        if ("all".equals(spec)) {
            return EnumSet.allOf(Fault.class);
        }
        Set<Fault> s = EnumSet.noneOf(Fault.class);
        if ("none".equals(spec) || spec.isEmpty()) {
            return s;
        }
        for (String f : spec.split(",")) {
            String name = f.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            try {
                s.add(Fault.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown fault: " + f.trim() + " (known: all, none, "
                        + String.join(", ", EnumSet.allOf(Fault.class).stream().map(Fault::flag).toList()) + ")");
            }
        }
        return s;
    }
}
