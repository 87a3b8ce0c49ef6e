package dev.tether.http2.internal.conn;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Http2Exception;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Verifies the client connection preface magic on a server (RFC 9113 §3.4), across any split.
 *
 * <p>Invariants: {@link #done()} once all 24 octets matched; a mismatch is a connection error
 * PROTOCOL_ERROR at the first differing octet.
 *
 * <p>Thread safety: confined to its connection's thread.
 */
@NotThreadSafe
public final class Preface {
    /** The client magic, {@code PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n}. */
    public static final byte[] MAGIC = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private int matched;

    /** {@return true once the whole magic was read} */
    public boolean done() {
        return matched == MAGIC.length;
    }

    /**
     * Consumes magic octets from {@code in}.
     *
     * @param in input; advances over the octets consumed
     * @throws Http2Exception if an octet differs
     */
    public void read(ByteBuffer in) throws Http2Exception {
        while (matched < MAGIC.length && in.hasRemaining()) {
            byte b = in.get();
            if (b != MAGIC[matched]) {
                throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR,
                        "invalid connection preface at octet " + matched);
            }
            matched++;
        }
    }
}
