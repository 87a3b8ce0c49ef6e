package dev.tether.examples.nio;

import dev.tether.core.annotations.ThreadSafe;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Tells HTTP/2 with prior knowledge (h2c) from HTTP/1.1 by the first bytes a client sends
 * (RFC 9113 §3.3: the client connection preface starts with {@code PRI * HTTP/2.0}).
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
public final class Preface {
    /**
     * What the first bytes say.
     *
     * <p>Thread safety: immutable.
     */
    @ThreadSafe
    public enum Kind {
        /** Not enough bytes yet. */
        UNKNOWN,
        /** The HTTP/2 connection preface. */
        H2C,
        /** Anything else: HTTP/1.x. */
        HTTP1
    }

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private Preface() {
    }

    /**
     * Looks at the first bytes without consuming them.
     *
     * @param in the bytes received so far, in read mode
     * @return the kind, or {@link Kind#UNKNOWN} while a prefix of the preface was received
     */
    public static Kind detect(ByteBuffer in) {
        int n = Math.min(in.remaining(), PREFACE.length);
        for (int i = 0; i < n; i++) {
            if (in.get(in.position() + i) != PREFACE[i]) {
                return Kind.HTTP1;
            }
        }
        return n == PREFACE.length ? Kind.H2C : Kind.UNKNOWN;
    }
}
