package dev.tether.http2.internal.hpack;

import dev.tether.core.annotations.ThreadSafe;

import java.util.Objects;

/**
 * A header block that cannot be decoded: the typed error of the HPACK decoder. In HTTP/2 every one
 * of them is a connection error of type {@code COMPRESSION_ERROR} (RFC 9113 §4.3), because the
 * decoder's dynamic table can no longer be trusted.
 *
 * <p>Invariants: {@link #reason()} is never {@code null}; {@link #offset()} is at least 0 and is the
 * index, counted from the block's first octet, of the representation or primitive (integer,
 * string) that failed; an {@link Reason#INTERNAL} error carries the unexpected exception as its
 * cause.
 *
 * <p>Thread safety: immutable; safe to share between threads.
 */
@ThreadSafe
public final class HpackException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Why a header block was rejected.
     *
     * <p>Thread safety: immutable enum constants.
     */
    @ThreadSafe
    public enum Reason {
        /** An index is 0, or points past the end of the dynamic table (RFC 7541 §2.3.3, §6.1). */
        INVALID_INDEX,
        /** An integer exceeds 2^31−1, or uses more than 5 continuation octets (RFC 7541 §5.1). */
        INTEGER_OVERFLOW,
        /** The block ends inside a representation, an integer or a string. */
        TRUNCATED,
        /**
         * A Huffman code that is not in the code. Never raised by {@link HpackDecoder}: the HPACK
         * code is complete, so every bit sequence decodes to symbols, EOS or padding.
         */
        HUFFMAN_INVALID,
        /** A Huffman-coded string contains the EOS symbol (RFC 7541 §5.2). */
        HUFFMAN_EOS,
        /** Huffman padding longer than 7 bits, or not the most significant bits of EOS (RFC 7541 §5.2). */
        HUFFMAN_PADDING,
        /** A string's length prefix, or its decoded length, exceeds the decoder's {@code maxStringLength}. */
        STRING_TOO_LONG,
        /** The decoded header list would exceed {@code maxHeaderListSize} (RFC 9113 §6.5.2). */
        HEADER_LIST_TOO_LARGE,
        /** A dynamic table size update above the advertised SETTINGS_HEADER_TABLE_SIZE (RFC 7541 §6.3). */
        TABLE_SIZE_UPDATE_TOO_LARGE,
        /** A dynamic table size update after the first header field of a block (RFC 7541 §4.2). */
        TABLE_SIZE_UPDATE_NOT_AT_START,
        /**
         * The first block after we lowered SETTINGS_HEADER_TABLE_SIZE below the table's size does not
         * start with a dynamic table size update (RFC 7541 §4.2).
         */
        TABLE_SIZE_UPDATE_MISSING,
        /**
         * A field name a listener refuses. HPACK itself treats names as opaque octets, so the decoder
         * never raises it; a {@link HeaderListener} that validates names (RFC 9113 §8.2.1) may.
         */
        INVALID_HEADER_NAME,
        /** A bug: an unexpected runtime exception, attached as the cause. */
        INTERNAL
    }

    private final Reason reason;
    private final int offset;

    /**
     * Creates an error without a cause.
     *
     * @param reason why the block was rejected
     * @param offset the index of the failing representation or primitive within the block, at least 0
     * @param detail what was wrong, for the message
     */
    public HpackException(Reason reason, int offset, String detail) {
        this(reason, offset, detail, null);
    }

    /**
     * Creates an error with a cause.
     *
     * @param reason why the block was rejected
     * @param offset the index of the failing representation or primitive within the block, at least 0
     * @param detail what was wrong, for the message
     * @param cause the underlying exception, or {@code null}
     */
    public HpackException(Reason reason, int offset, String detail, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason") + " at offset " + offset + ": " + detail, cause);
        this.reason = reason;
        this.offset = Math.max(0, offset);
    }

    /**
     * Returns why the block was rejected.
     *
     * @return the reason, never {@code null}
     */
    public Reason reason() {
        return reason;
    }

    /**
     * Returns where in the block the failing representation or primitive starts.
     *
     * @return the offset from the block's first octet, at least 0
     */
    public int offset() {
        return offset;
    }
}
