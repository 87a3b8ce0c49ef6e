package dev.tether.http2.internal.hpack;

import dev.tether.core.annotations.ThreadSafe;

/**
 * The 61-entry static table of RFC 7541 Appendix A, with the lookups the encoder needs.
 *
 * <p>Invariants: indexes run from 1 to {@link #LENGTH}; entries with the same name are contiguous
 * (the appendix lists them together), so a name's first index followed by a scan of its neighbours
 * finds every value it has. The arrays, and the {@code String} instances in them, never change; the
 * decoder hands those instances to listeners so that indexed fields allocate nothing.
 *
 * <p>Thread safety: immutable after class initialisation; every method is safe from any thread.
 */
@ThreadSafe
final class StaticTable {
    /** Number of entries; dynamic table indexes start at {@code LENGTH + 1} (RFC 7541 §2.3.3). */
    static final int LENGTH = 61;

    // Index 0 is unused, so that NAMES[i] is the entry HPACK calls i.
    private static final String[] NAMES = {
        null, ":authority", ":method", ":method", ":path", ":path", ":scheme", ":scheme", ":status",
        ":status", ":status", ":status", ":status", ":status", ":status", "accept-charset",
        "accept-encoding", "accept-language", "accept-ranges", "accept", "access-control-allow-origin",
        "age", "allow", "authorization", "cache-control", "content-disposition", "content-encoding",
        "content-language", "content-length", "content-location", "content-range", "content-type",
        "cookie", "date", "etag", "expect", "expires", "from", "host", "if-match", "if-modified-since",
        "if-none-match", "if-range", "if-unmodified-since", "last-modified", "link", "location",
        "max-forwards", "proxy-authenticate", "proxy-authorization", "range", "referer", "refresh",
        "retry-after", "server", "set-cookie", "strict-transport-security", "transfer-encoding",
        "user-agent", "vary", "via", "www-authenticate",
    };

    private static final String[] VALUES = new String[LENGTH + 1];

    /** Open-addressed map from a name's hash to the first index with that name; 0 marks a free slot. */
    private static final int[] FIRST_INDEX_BY_HASH = new int[128];

    static {
        java.util.Arrays.fill(VALUES, 1, LENGTH + 1, "");
        VALUES[2] = "GET";
        VALUES[3] = "POST";
        VALUES[4] = "/";
        VALUES[5] = "/index.html";
        VALUES[6] = "http";
        VALUES[7] = "https";
        VALUES[8] = "200";
        VALUES[9] = "204";
        VALUES[10] = "206";
        VALUES[11] = "304";
        VALUES[12] = "400";
        VALUES[13] = "404";
        VALUES[14] = "500";
        VALUES[16] = "gzip, deflate";
        for (int i = LENGTH; i >= 1; i--) {
            if (i > 1 && NAMES[i - 1].equals(NAMES[i])) {
                continue;  // only the first index of a name goes into the map
            }
            int slot = NAMES[i].hashCode() & 127;
            while (FIRST_INDEX_BY_HASH[slot] != 0) {
                slot = (slot + 1) & 127;
            }
            FIRST_INDEX_BY_HASH[slot] = i;
        }
    }

    // Static indexes the encoder's indexing policy looks at.
    static final int PATH = 4;
    static final int AGE = 21;
    static final int AUTHORIZATION = 23;
    static final int CONTENT_LENGTH = 28;
    static final int CONTENT_RANGE = 30;
    static final int COOKIE = 32;
    static final int ETAG = 34;
    static final int IF_MATCH = 39;
    static final int IF_NONE_MATCH = 41;
    static final int PROXY_AUTHORIZATION = 49;

    private StaticTable() {
    }

    /**
     * Returns the name of entry {@code index}.
     *
     * @param index 1..{@link #LENGTH}
     * @return the shared name instance
     */
    static String name(int index) {
        return NAMES[index];
    }

    /**
     * Returns the value of entry {@code index}.
     *
     * @param index 1..{@link #LENGTH}
     * @return the shared value instance, {@code ""} for entries without a value
     */
    static String value(int index) {
        return VALUES[index];
    }

    /**
     * Returns the smallest index whose name equals {@code name}, or 0 if there is none.
     *
     * @param name the name to find
     * @param nameHash {@code name}'s hash, computed as {@link String#hashCode()} does
     * @return the first index with that name, or 0
     */
    static int indexOfName(CharSequence name, int nameHash) {
        int slot = nameHash & 127;
        for (int index; (index = FIRST_INDEX_BY_HASH[slot]) != 0; slot = (slot + 1) & 127) {
            if (NAMES[index].hashCode() == nameHash && NAMES[index].contentEquals(name)) {
                return index;
            }
        }
        return 0;
    }

    /**
     * Returns the index of the entry with exactly this name and value, or 0 if there is none.
     *
     * @param nameIndex the name's first index, from {@link #indexOfName}, or 0
     * @param value the value to find
     * @return the index of the matching entry, or 0
     */
    static int indexOf(int nameIndex, CharSequence value) {
        if (nameIndex == 0) {
            return 0;
        }
        String name = NAMES[nameIndex];
        for (int i = nameIndex; i <= LENGTH && NAMES[i].equals(name); i++) {
            if (VALUES[i].contentEquals(value)) {
                return i;
            }
        }
        return 0;
    }
}
