package dev.tether.http2.internal.hpack;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http2.internal.hpack.HpackException.Reason;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The HPACK decoder of one HTTP/2 connection (RFC 7541): turns complete header blocks into fields
 * reported to a {@link HeaderListener}, keeping the decoding context (dynamic table) across blocks.
 *
 * <p>Invariants: the dynamic table's capacity never exceeds {@code maxTableSize}; a block is
 * decoded in full or the decoder is failed, and a failed decoder stays failed (its context cannot
 * be trusted, so the connection must end with {@code COMPRESSION_ERROR}); within one block the
 * listener never receives fields whose RFC 9113 §6.5.2 size sum exceeds {@code maxHeaderListSize},
 * nor a name or value longer than {@code maxStringLength}, and both limits are checked before the
 * offending {@code String} is allocated. Indexed fields reuse the tables' {@code String} instances;
 * the only allocations per block are the strings of literal fields (and, for direct buffers, a
 * reusable input copy).
 *
 * <p>Thread safety: not thread-safe; confined to the thread that drives the connection.
 */
@NotThreadSafe
public final class HpackDecoder {
    private final int maxHeaderListSize;
    private final int maxStringLength;
    private final DynamicTable table;
    private final HpackReader reader = new HpackReader();
    /** Largest table size update the peer may send: our acknowledged SETTINGS_HEADER_TABLE_SIZE. */
    private int maxTableSize;
    /** Set when we lowered maxTableSize below the table's capacity; cleared by a size update. */
    private boolean sizeUpdateRequired;
    /** Once true, always true. */
    private boolean failed;
    /** Input copy for buffers without an accessible array; grows to the largest such block. */
    private byte[] input = new byte[0];

    /** Per-block state, valid while {@link #decode} runs. */
    private long listSize;
    private boolean fieldSeen;
    private int representationStart;

    /**
     * Creates a decoder whose dynamic table starts with capacity {@code maxTableSize}.
     *
     * @param maxTableSize the SETTINGS_HEADER_TABLE_SIZE we advertise: the initial table capacity
     *     and the upper bound for size updates; at least 0
     * @param maxHeaderListSize the largest RFC 9113 §6.5.2 size (name + value + 32 per field) one
     *     decoded block may have; at least 0
     * @param maxStringLength the longest name or value, in octets, at least 0
     * @throws IllegalArgumentException if a limit is negative
     */
    public HpackDecoder(int maxTableSize, int maxHeaderListSize, int maxStringLength) {
        this.maxTableSize = requireNonNegative("maxTableSize", maxTableSize);
        this.maxHeaderListSize = requireNonNegative("maxHeaderListSize", maxHeaderListSize);
        this.maxStringLength = requireNonNegative("maxStringLength", maxStringLength);
        this.table = new DynamicTable(maxTableSize);
    }

    /**
     * Decodes one complete header block (HEADERS plus CONTINUATION fragments, already joined),
     * reporting each field to {@code listener} in order. Consumes all remaining octets of
     * {@code block}, whatever the outcome. Never throws anything but {@link HpackException} for any
     * block content; an unexpected runtime exception, including one thrown by the listener, becomes
     * an {@link Reason#INTERNAL} error with the cause attached.
     *
     * @param block the header block, from its position to its limit
     * @param listener receives the fields
     * @throws HpackException if the block is malformed or exceeds a limit; the decoder is then failed
     * @throws IllegalStateException if the decoder failed on an earlier block
     * @throws NullPointerException if an argument is null
     */
    public void decode(ByteBuffer block, HeaderListener listener) throws HpackException {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(listener, "listener");
        if (failed) {
            throw new IllegalStateException("decode in state FAILED: an earlier block failed, the decoder is unusable");
        }
        failed = true;  // cleared only when the whole block decodes
        int length = block.remaining();
        if (block.hasArray()) {
            int from = block.arrayOffset() + block.position();
            reader.reset(block.array(), from, from + length);
        } else {
            if (input.length < length) {
                input = new byte[length];
            }
            block.get(block.position(), input, 0, length);
            reader.reset(input, 0, length);
        }
        block.position(block.limit());
        representationStart = 0;
        try {
            decodeBlock(listener);
            failed = false;
        } catch (RuntimeException e) {
            // Backstop: no unchecked exception escapes, whatever the input.
            throw new HpackException(Reason.INTERNAL, representationStart, "unexpected " + e, e);
        } finally {
            reader.release();
            if (failed) {
                table.clear();
            }
        }
    }

    private void decodeBlock(HeaderListener listener) throws HpackException {
        listSize = 0;
        fieldSeen = false;
        if (sizeUpdateRequired && (!reader.hasRemaining() || (reader.peek() & 0xE0) != 0x20)) {
            // RFC 7541 §4.2: after the maximum size was reduced, the next block starts with an update.
            throw new HpackException(Reason.TABLE_SIZE_UPDATE_MISSING, 0,
                    "SETTINGS_HEADER_TABLE_SIZE was reduced to " + maxTableSize
                            + " but the block does not start with a dynamic table size update");
        }
        while (reader.hasRemaining()) {
            representationStart = reader.offset();
            int b = reader.peek();
            if (b >= 0x80) {
                indexedField(listener);              // RFC 7541 §6.1: 1xxxxxxx
            } else if (b >= 0x40) {
                literalField(listener, 6, true, false);   // §6.2.1: 01xxxxxx
            } else if (b >= 0x20) {
                sizeUpdate();                        // §6.3: 001xxxxx
            } else {
                literalField(listener, 4, false, b >= 0x10); // §6.2.2: 0000xxxx, §6.2.3: 0001xxxx
            }
        }
    }

    private void indexedField(HeaderListener listener) throws HpackException {
        int index = reader.readInt(7);
        String name;
        String value;
        if (index >= 1 && index <= StaticTable.LENGTH) {
            name = StaticTable.name(index);
            value = StaticTable.value(index);
        } else {
            int i = dynamicIndex(index);
            name = table.name(i);
            value = table.value(i);
        }
        // An HPACK bomb repeats one large entry: the limit trips here, before anything is allocated.
        addToListSize(name.length(), value.length());
        fieldSeen = true;
        listener.onHeader(name, value, false);
    }

    private void literalField(HeaderListener listener, int prefixBits, boolean incremental, boolean neverIndexed)
            throws HpackException {
        int nameIndex = reader.readInt(prefixBits);
        String name;
        if (nameIndex == 0) {
            int nameLength = reader.readString(maxStringLength);
            checkListSize(nameLength, 0);
            name = reader.string();
        } else if (nameIndex <= StaticTable.LENGTH) {
            name = StaticTable.name(nameIndex);
        } else {
            name = table.name(dynamicIndex(nameIndex));
        }
        int valueLength = reader.readString(maxStringLength);
        addToListSize(name.length(), valueLength);
        String value = reader.string();
        fieldSeen = true;
        if (incremental) {
            table.add(name, value);  // RFC 7541 §6.2.1: insert, evicting as §4.4 says.
        }
        listener.onHeader(name, value, neverIndexed);
    }

    private void sizeUpdate() throws HpackException {
        if (fieldSeen) {
            // RFC 7541 §4.2: a size update must occur at the beginning of the block.
            throw new HpackException(Reason.TABLE_SIZE_UPDATE_NOT_AT_START, representationStart,
                    "dynamic table size update after a header field");
        }
        int newSize = reader.readInt(5);
        if (newSize > maxTableSize) {
            // RFC 7541 §6.3: the new size must not exceed the limit set by the protocol.
            throw new HpackException(Reason.TABLE_SIZE_UPDATE_TOO_LARGE, representationStart,
                    "dynamic table size update to " + newSize + " exceeds SETTINGS_HEADER_TABLE_SIZE " + maxTableSize);
        }
        table.setCapacity(newSize);
        sizeUpdateRequired = false;
    }

    /** Maps an HPACK index above the static table to a dynamic table position (RFC 7541 §2.3.3). */
    private int dynamicIndex(int index) throws HpackException {
        int i = index - StaticTable.LENGTH - 1;
        if (index == 0 || i >= table.length()) {
            throw new HpackException(Reason.INVALID_INDEX, representationStart,
                    "index " + index + " is not in the static table or the " + table.length()
                            + "-entry dynamic table");
        }
        return i;
    }

    private void checkListSize(int nameLength, int valueLength) throws HpackException {
        long fieldSize = (long) nameLength + valueLength + DynamicTable.ENTRY_OVERHEAD;
        if (listSize + fieldSize > maxHeaderListSize) {
            // RFC 9113 §6.5.2: name + value + 32 per field, summed over the block.
            throw new HpackException(Reason.HEADER_LIST_TOO_LARGE, representationStart,
                    "header list exceeds " + maxHeaderListSize + " octets");
        }
    }

    private void addToListSize(int nameLength, int valueLength) throws HpackException {
        checkListSize(nameLength, valueLength);
        listSize += (long) nameLength + valueLength + DynamicTable.ENTRY_OVERHEAD;
    }

    /**
     * Records a new SETTINGS_HEADER_TABLE_SIZE of ours once the peer acknowledged it. If it is below
     * the table's current capacity, the peer's next block must start with a dynamic table size
     * update no larger than it (RFC 7541 §4.2); until then the table keeps its entries.
     *
     * @param maxTableSize the new advertised size, at least 0
     * @throws IllegalArgumentException if it is negative
     */
    public void setMaxTableSize(int maxTableSize) {
        this.maxTableSize = requireNonNegative("maxTableSize", maxTableSize);
        if (maxTableSize < table.capacity()) {
            sizeUpdateRequired = true;
        }
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
     * Returns the dynamic table's capacity: the last size update, or the initial maximum.
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
        return "HpackDecoder{table=" + table.length() + " entries/" + table.size() + " of " + table.capacity()
                + " octets, maxTableSize=" + maxTableSize + ", sizeUpdateRequired=" + sizeUpdateRequired
                + ", failed=" + failed + '}';
    }

    static int requireNonNegative(String what, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " < 0: " + value);
        }
        return value;
    }
}
