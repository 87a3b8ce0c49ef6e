package dev.tether.http2.internal.hpack;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.core.annotations.ThreadSafe;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The HPACK encoder of one HTTP/2 connection (RFC 7541): writes header blocks into the caller's
 * buffer, keeping the encoding context (dynamic table) in step with the peer's decoder.
 *
 * <p>Encoding choices: a field found whole in the static or dynamic table is written indexed
 * (static first, then the newest dynamic match); otherwise a literal names the field by index when
 * it can (static first), and its {@link IndexingPolicy} decides whether it enters the dynamic
 * table. Sensitive fields are never-indexed literals and never enter the table. Strings are
 * Huffman-coded as the {@link StringCoding} says; by default when that is strictly shorter.
 *
 * <p>Invariants: the table's capacity is the last {@link #setMaxTableSize} value, or the
 * construction-time size before any; every change to it is announced by a size update at the start
 * of the next block, the smallest intermediate size first (RFC 7541 §4.2); a field enters the table only
 * after all its octets were written, and a failed {@code encode} leaves the buffer's position and
 * the table as they were. Using less than the peer allows needs no announcement: the peer's table
 * then holds a superset of ours, so our indexes stay valid.
 *
 * <p>Thread safety: not thread-safe; confined to the thread that drives the connection.
 */
@NotThreadSafe
public final class HpackEncoder {
    /** Upper bound of the octets {@link #beginBlock} writes: two size updates. */
    public static final int MAX_BLOCK_PREFIX_LENGTH = 2 * HpackWriter.MAX_INT_LENGTH;

    private final StringCoding coding;
    private final IndexingPolicy policy;
    private final DynamicTable table;
    /** The table size the peer's decoder last learned of (initially our starting size). */
    private int announcedSize;
    /** Smallest table size since the last announcement. */
    private int smallestSinceAnnounced;
    /** True from a table size change until {@link #beginBlock} announces it. */
    private boolean announcementPending;
    /** Dynamic table index of the newest name-only match found by the last {@link #findInDynamicTable}. */
    private int dynamicNameIndex;

    /**
     * When string literals are Huffman-coded (RFC 7541 §5.2).
     *
     * <p>Thread safety: immutable enum constants.
     */
    @ThreadSafe
    public enum StringCoding {
        /** Never: raw octets. */
        RAW,
        /** When the Huffman code is strictly shorter than the raw octets: the default. */
        HUFFMAN_WHEN_SHORTER,
        /**
         * When the Huffman code is not longer than the raw octets, which is what RFC 7541 Appendix C
         * does (C.6.2 codes {@code 307} in 3 octets).
         */
        HUFFMAN_UNLESS_LONGER
    }

    /**
     * Creates an encoder with the {@link IndexingPolicy#SELECTIVE} policy.
     *
     * @param maxTableSize the dynamic table size the encoder may use until {@link #setMaxTableSize}
     *     is called: normally 4096, the protocol's initial value; at least 0
     * @param useHuffman whether strings may be Huffman-coded (only when that is shorter)
     * @throws IllegalArgumentException if {@code maxTableSize} is negative
     */
    public HpackEncoder(int maxTableSize, boolean useHuffman) {
        this(maxTableSize, useHuffman ? StringCoding.HUFFMAN_WHEN_SHORTER : StringCoding.RAW,
                IndexingPolicy.SELECTIVE);
    }

    /**
     * Creates an encoder.
     *
     * @param maxTableSize the dynamic table size the encoder may use until {@link #setMaxTableSize}
     *     is called; at least 0
     * @param coding when strings are Huffman-coded
     * @param policy which fields enter the dynamic table
     * @throws IllegalArgumentException if {@code maxTableSize} is negative
     * @throws NullPointerException if {@code coding} or {@code policy} is null
     */
    public HpackEncoder(int maxTableSize, StringCoding coding, IndexingPolicy policy) {
        HpackDecoder.requireNonNegative("maxTableSize", maxTableSize);
        this.coding = Objects.requireNonNull(coding, "coding");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.table = new DynamicTable(maxTableSize);
        this.announcedSize = maxTableSize;
        this.smallestSinceAnnounced = maxTableSize;
    }

    /**
     * Applies the peer's new SETTINGS_HEADER_TABLE_SIZE: the table takes that capacity at once
     * (evicting the oldest entries if it shrinks), and the next {@link #beginBlock} announces the
     * change (RFC 7541 §4.2, §6.3). The encoder uses all it is given, so a caller that wants to bound
     * its memory passes {@code min(peer's setting, its own cap)}.
     *
     * @param peerMaxTableSize the table size to use: the peer's setting, or less; at least 0
     * @throws IllegalArgumentException if it is negative
     */
    public void setMaxTableSize(int peerMaxTableSize) {
        HpackDecoder.requireNonNegative("peerMaxTableSize", peerMaxTableSize);
        table.setCapacity(peerMaxTableSize);
        smallestSinceAnnounced = Math.min(smallestSinceAnnounced, peerMaxTableSize);
        announcementPending = smallestSinceAnnounced != announcedSize || peerMaxTableSize != announcedSize;
    }

    /**
     * Returns an upper bound of the octets {@link #encode} writes for this field, whatever the
     * table holds: one representation octet, two length prefixes of at most 6 octets, and the raw
     * octets of name and value (Huffman is used only when shorter).
     *
     * @param name the field name
     * @param value the field value
     * @return the bound, at most {@link Integer#MAX_VALUE}
     */
    public static int maxEncodedLength(CharSequence name, CharSequence value) {
        long bound = 1L + 2L * HpackWriter.MAX_INT_LENGTH + name.length() + value.length();
        return (int) Math.min(Integer.MAX_VALUE, bound);
    }

    /**
     * Starts a header block: writes the pending dynamic table size updates, if any (at most
     * {@link #MAX_BLOCK_PREFIX_LENGTH} octets). Call it once before the first field of every block.
     *
     * @param out where the octets go
     * @throws BufferOverflowException if {@code out} lacks room; nothing is written then, and the
     *     updates stay pending
     */
    public void beginBlock(ByteBuffer out) {
        if (!announcementPending) {
            return;
        }
        int size = table.capacity();
        int start = out.position();
        try {
            if (smallestSinceAnnounced < size && smallestSinceAnnounced < announcedSize) {
                // RFC 7541 §4.2: signal the smallest size reached, then the final one. A dip that
                // stayed at or above the announced size evicted nothing the peer still has.
                HpackWriter.writeInt(out, 0x20, 5, smallestSinceAnnounced);
            }
            HpackWriter.writeInt(out, 0x20, 5, size);
        } catch (BufferOverflowException e) {
            out.position(start);
            throw e;
        }
        announcedSize = size;
        smallestSinceAnnounced = size;
        announcementPending = false;
    }

    /**
     * Encodes one field. Sensitive fields are written as never-indexed literals (RFC 7541 §6.2.3)
     * and never enter the dynamic table.
     *
     * @param name the field name, chars 0..0xFF
     * @param value the field value, chars 0..0xFF
     * @param sensitive whether the field must never be indexed, by us or by intermediaries
     * @param out where the octets go; {@link #maxEncodedLength} octets always suffice
     * @throws BufferOverflowException if {@code out} lacks room; its position and the table are then
     *     unchanged
     * @throws IllegalArgumentException if a char is above 0xFF; nothing is written then
     * @throws IllegalStateException if the table size changed and {@link #beginBlock} has not
     *     announced it yet: the peer would decode this field against the wrong table
     * @throws NullPointerException if an argument is null
     */
    public void encode(CharSequence name, CharSequence value, boolean sensitive, ByteBuffer out) {
        if (announcementPending) {
            throw new IllegalStateException("encode with a table size update pending: call beginBlock first");
        }
        int nameHash = octetHash("name", name);
        int valueHash = octetHash("value", value);
        Objects.requireNonNull(out, "out");
        int staticNameIndex = StaticTable.indexOfName(name, nameHash);
        long entrySize = (long) name.length() + value.length() + DynamicTable.ENTRY_OVERHEAD;
        int decision = sensitive ? IndexingPolicy.NEVER_INDEX
                : policy.decide(staticNameIndex, value.length(), entrySize, table.capacity());
        long hashes = ((long) nameHash << 32) | (valueHash & 0xFFFFFFFFL);
        dynamicNameIndex = 0;
        int start = out.position();
        try {
            if (decision != IndexingPolicy.NEVER_INDEX) {
                int index = StaticTable.indexOf(staticNameIndex, value);
                if (index == 0) {
                    index = findInDynamicTable(name, value, hashes);
                }
                if (index != 0) {
                    HpackWriter.writeInt(out, 0x80, 7, index);  // RFC 7541 §6.1
                    return;
                }
            } else if (staticNameIndex == 0) {
                findInDynamicTable(name, value, hashes);  // a name-only match is all we may use
            }
            int nameIndex = staticNameIndex != 0 ? staticNameIndex : dynamicNameIndex;
            writeLiteral(out, decision, nameIndex, name, value);
            if (decision == IndexingPolicy.INDEX) {
                table.add(tableName(nameIndex, name), value.toString(), hashes);
            }
        } catch (BufferOverflowException e) {
            out.position(start);
            throw e;
        }
    }

    private void writeLiteral(ByteBuffer out, int decision, int nameIndex, CharSequence name, CharSequence value) {
        if (decision == IndexingPolicy.INDEX) {
            HpackWriter.writeInt(out, 0x40, 6, nameIndex);  // RFC 7541 §6.2.1
        } else if (decision == IndexingPolicy.NEVER_INDEX) {
            HpackWriter.writeInt(out, 0x10, 4, nameIndex);  // RFC 7541 §6.2.3
        } else {
            HpackWriter.writeInt(out, 0x00, 4, nameIndex);  // RFC 7541 §6.2.2
        }
        if (nameIndex == 0) {
            HpackWriter.writeString(out, name, coding);
        }
        HpackWriter.writeString(out, value, coding);
    }

    /**
     * Scans the dynamic table, newest first, for {@code name: value}. Returns the HPACK index of the
     * first full match, or 0; leaves the HPACK index of the newest name-only match in
     * {@link #dynamicNameIndex} (0 if none).
     */
    private int findInDynamicTable(CharSequence name, CharSequence value, long hashes) {
        int nameHash = (int) (hashes >>> 32);
        for (int i = 0, n = table.length(); i < n; i++) {
            long entryHashes = table.hashes(i);
            if ((int) (entryHashes >>> 32) != nameHash || !table.name(i).contentEquals(name)) {
                continue;
            }
            if (entryHashes == hashes && table.value(i).contentEquals(value)) {
                return StaticTable.LENGTH + 1 + i;
            }
            if (dynamicNameIndex == 0) {
                dynamicNameIndex = StaticTable.LENGTH + 1 + i;
            }
        }
        return 0;
    }

    /** Returns the name instance to keep in the table: a table's own instance when there is one. */
    private String tableName(int nameIndex, CharSequence name) {
        if (nameIndex == 0) {
            return name.toString();
        }
        return nameIndex <= StaticTable.LENGTH ? StaticTable.name(nameIndex)
                : table.name(nameIndex - StaticTable.LENGTH - 1);
    }

    /**
     * Returns the hash {@link String#hashCode()} would give, checking that every char is an octet.
     */
    private static int octetHash(String what, CharSequence s) {
        Objects.requireNonNull(s, what);
        int hash = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c > 0xFF) {
                throw new IllegalArgumentException("header " + what + " has a char above 0xFF at index " + i
                        + ": U+" + Integer.toHexString(c | 0x10000).substring(1).toUpperCase(java.util.Locale.ROOT));
            }
            hash = 31 * hash + c;
        }
        return hash;
    }

    /**
     * Returns the dynamic table's size in octets, counted as RFC 7541 §4.1 does.
     *
     * @return the sum of name + value + 32 over the entries
     */
    public int dynamicTableSize() {
        return table.size();
    }

    /**
     * Returns the dynamic table's capacity: the last {@link #setMaxTableSize} value.
     *
     * @return the capacity in octets
     */
    public int dynamicTableCapacity() {
        return table.capacity();
    }

    /** Returns the dynamic table, for tests. */
    DynamicTable table() {
        return table;
    }

    @Override
    public String toString() {
        return "HpackEncoder{table=" + table.length() + " entries/" + table.size() + " of " + table.capacity()
                + " octets, announced=" + announcedSize + ", policy=" + policy + ", coding=" + coding + '}';
    }
}
