package dev.tether.http2.internal.hpack;

import dev.tether.core.annotations.NotThreadSafe;

import java.util.Arrays;

/**
 * The HPACK dynamic table (RFC 7541 §2.3.2, §4): a FIFO of fields kept in a ring of parallel
 * arrays, newest first, so that adding and evicting allocate nothing once the ring is large enough.
 *
 * <p>Invariants: {@code 0 <= size() <= capacity()}; {@code size()} is the sum of
 * {@code name.length() + value.length() + 32} over the entries (RFC 7541 §4.1); entry 0 is the
 * newest, entry {@code length() - 1} the oldest, and HPACK index {@code StaticTable.LENGTH + 1 + i}
 * names entry {@code i}; eviction always removes the oldest entry first; the ring's length is a
 * power of two, at least {@code length()}, and grows only when an entry would not fit; slots outside
 * the live range hold no references. A zero-capacity table is always empty.
 *
 * <p>Thread safety: not thread-safe; owned by one {@link HpackDecoder} or {@link HpackEncoder}.
 */
@NotThreadSafe
final class DynamicTable {
    /** RFC 7541 §4.1: the size of an entry is its name and value lengths plus 32. */
    static final int ENTRY_OVERHEAD = 32;

    private String[] names = new String[16];
    private String[] values = new String[16];
    private int[] sizes = new int[16];
    /** For the encoder's lookups: name hash in the high half, value hash in the low half. */
    private long[] hashes = new long[16];
    private int mask = 15;
    /** Ring slot of the newest entry. */
    private int head = -1;
    private int length;
    private int size;
    private int capacity;

    /**
     * Creates an empty table.
     *
     * @param capacity the maximum size in octets, at least 0
     */
    DynamicTable(int capacity) {
        this.capacity = capacity;
    }

    /** Returns the number of entries. */
    int length() {
        return length;
    }

    /** Returns the table size in octets as RFC 7541 §4.1 counts it. */
    int size() {
        return size;
    }

    /** Returns the maximum size in octets. */
    int capacity() {
        return capacity;
    }

    /** Returns the name of entry {@code i}, 0 being the newest; {@code i} must be below {@link #length()}. */
    String name(int i) {
        return names[(head - i) & mask];
    }

    /** Returns the value of entry {@code i}, 0 being the newest; {@code i} must be below {@link #length()}. */
    String value(int i) {
        return values[(head - i) & mask];
    }

    /** Returns the size of entry {@code i} (name + value + 32). */
    int entrySize(int i) {
        return sizes[(head - i) & mask];
    }

    /** Returns the hashes stored with entry {@code i} by {@link #add(String, String, long)}. */
    long hashes(int i) {
        return hashes[(head - i) & mask];
    }

    /**
     * Adds a field as the newest entry, first evicting the oldest entries until it fits. A field
     * larger than the capacity empties the table and is not added (RFC 7541 §4.4).
     *
     * @param name the name; the table keeps this instance
     * @param value the value; the table keeps this instance
     * @param hashes opaque lookup hashes kept beside the entry (0 when unused)
     */
    void add(String name, String value, long hashes) {
        long entrySize = (long) name.length() + value.length() + ENTRY_OVERHEAD;
        if (entrySize > capacity) {
            evictTo(0);  // RFC 7541 §4.4: not an error; the table ends up empty.
            return;
        }
        evictTo(capacity - (int) entrySize);
        if (length == names.length) {
            grow();
        }
        head = (head + 1) & mask;
        names[head] = name;
        values[head] = value;
        sizes[head] = (int) entrySize;
        this.hashes[head] = hashes;
        length++;
        size += (int) entrySize;
    }

    /** Same as {@link #add(String, String, long)} without lookup hashes. */
    void add(String name, String value) {
        add(name, value, 0L);
    }

    /**
     * Changes the capacity, evicting the oldest entries until the table fits (RFC 7541 §4.3).
     *
     * @param newCapacity the new maximum size in octets, at least 0
     */
    void setCapacity(int newCapacity) {
        capacity = newCapacity;
        evictTo(newCapacity);
    }

    /** Evicts the oldest entries until {@code size() <= limit}. */
    private void evictTo(int limit) {
        while (size > limit) {
            int oldest = (head - length + 1) & mask;
            size -= sizes[oldest];
            names[oldest] = null;
            values[oldest] = null;
            length--;
        }
    }

    /** Doubles the ring, moving the entries so that the oldest lands in slot 0. */
    private void grow() {
        int newLength = names.length * 2;
        String[] newNames = new String[newLength];
        String[] newValues = new String[newLength];
        int[] newSizes = new int[newLength];
        long[] newHashes = new long[newLength];
        for (int i = 0; i < length; i++) {
            int from = (head - length + 1 + i) & mask;
            newNames[i] = names[from];
            newValues[i] = values[from];
            newSizes[i] = sizes[from];
            newHashes[i] = hashes[from];
        }
        names = newNames;
        values = newValues;
        sizes = newSizes;
        hashes = newHashes;
        mask = newLength - 1;
        head = length - 1;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("DynamicTable{size=").append(size).append('/').append(capacity)
                .append(", entries=[");
        for (int i = 0; i < length; i++) {
            sb.append(i == 0 ? "" : ", ").append(name(i)).append(": ").append(value(i));
        }
        return sb.append("]}").toString();
    }

    /** Returns the ring's current slot count (for tests of the growth rule). */
    int ringLength() {
        return names.length;
    }

    /** Clears every slot; used when a decoder fails so the table holds no references. */
    void clear() {
        Arrays.fill(names, null);
        Arrays.fill(values, null);
        length = 0;
        size = 0;
        head = -1;
    }
}
