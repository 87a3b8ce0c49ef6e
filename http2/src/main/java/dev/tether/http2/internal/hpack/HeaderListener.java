package dev.tether.http2.internal.hpack;

import dev.tether.core.annotations.NotThreadSafe;

/**
 * Receives the fields of one header block from {@link HpackDecoder#decode}, one call per field, in
 * block order.
 *
 * <p>Invariants the decoder keeps for each call: {@code name} and {@code value} are non-null
 * octet strings (each char is one octet, 0..0xFF); the fields reported so far in the block, counted
 * as in RFC 9113 §6.5.2 (name + value + 32 each), fit the decoder's {@code maxHeaderListSize}.
 * Indexed fields hand over the table's own {@code String} instances, so do not rely on identity.
 *
 * <p>Thread safety: called on the thread that calls {@link HpackDecoder#decode}, never concurrently.
 */
@NotThreadSafe
@FunctionalInterface
public interface HeaderListener {
    /**
     * Receives one decoded field. Throwing aborts the block, and the decoder becomes unusable.
     *
     * @param name the field name
     * @param value the field value
     * @param neverIndexed true if it was a never-indexed literal (RFC 7541 §6.2.3): whoever
     *     re-encodes it must use a never-indexed literal too
     * @throws HpackException to reject the field, for example with {@link HpackException.Reason#INVALID_HEADER_NAME}
     */
    void onHeader(String name, String value, boolean neverIndexed) throws HpackException;
}
