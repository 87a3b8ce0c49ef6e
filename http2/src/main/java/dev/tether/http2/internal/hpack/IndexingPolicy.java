package dev.tether.http2.internal.hpack;

import dev.tether.core.annotations.ThreadSafe;

/**
 * Which literal representation the {@link HpackEncoder} uses for a field that is not already in a
 * table: with incremental indexing (it enters the dynamic table), without indexing, or never
 * indexed. Fields the caller marks sensitive are always never-indexed, whatever the policy.
 *
 * <p>Invariants: a policy never indexes a field larger than the table's capacity (adding it would
 * only empty the table, RFC 7541 §4.4); every decision is a pure function of its arguments.
 *
 * <p>Thread safety: immutable enum constants; safe from any thread.
 */
@ThreadSafe
public enum IndexingPolicy {
    /**
     * The default, for a proxy's traffic. Indexes every field that fits, except:
     * <ul>
     *   <li>entries larger than 3/4 of the table, which would evict most of it (nghttp2 does the same);</li>
     *   <li>{@code :path} values longer than {@value #MAX_INDEXED_PATH_LENGTH} octets: long paths carry
     *       ids and query strings that rarely repeat, and each would evict several reusable fields
     *       (host, user-agent, accept); short ones ({@code /}, {@code /api/health}) repeat and are indexed;</li>
     *   <li>values that change with every message, so that an entry would never be referenced:
     *       {@code content-length}, {@code content-range}, {@code age}, {@code etag},
     *       {@code if-match}, {@code if-none-match};</li>
     * </ul>
     * and it writes {@code authorization}, {@code proxy-authorization} and {@code cookie} values
     * shorter than {@value #MIN_SAFE_COOKIE_LENGTH} octets as never-indexed literals, whatever the
     * caller says: RFC 7541 §7.1.3 names them as the fields worth protecting from probing of the
     * dynamic table, and a short cookie can be guessed.
     */
    SELECTIVE,
    /**
     * Indexes every field that fits the table, as RFC 7541 Appendix C does; the choice that
     * reproduces the RFC's examples byte for byte.
     */
    ALWAYS,
    /** Never adds to the dynamic table: literals without indexing, indexed fields only from the static table. */
    NONE;

    /** Longest {@code :path} value {@link #SELECTIVE} indexes. */
    public static final int MAX_INDEXED_PATH_LENGTH = 32;
    /** Shortest {@code cookie} value {@link #SELECTIVE} lets be indexed. */
    public static final int MIN_SAFE_COOKIE_LENGTH = 20;

    /** Decision: literal with incremental indexing (RFC 7541 §6.2.1). */
    static final int INDEX = 0;
    /** Decision: literal without indexing (RFC 7541 §6.2.2). */
    static final int NO_INDEX = 1;
    /** Decision: literal never indexed (RFC 7541 §6.2.3). */
    static final int NEVER_INDEX = 2;

    /**
     * Chooses the representation of a field that is not sensitive.
     *
     * @param staticNameIndex the field name's first static table index, or 0
     * @param valueLength the value's length in octets
     * @param entrySize the field's table size, name + value + 32
     * @param capacity the dynamic table's capacity
     * @return {@link #INDEX}, {@link #NO_INDEX} or {@link #NEVER_INDEX}
     */
    int decide(int staticNameIndex, int valueLength, long entrySize, int capacity) {
        switch (this) {
            case ALWAYS:
                return entrySize <= capacity ? INDEX : NO_INDEX;
            case NONE:
                return NO_INDEX;
            default:
                return selective(staticNameIndex, valueLength, entrySize, capacity);
        }
    }

    private static int selective(int staticNameIndex, int valueLength, long entrySize, int capacity) {
        switch (staticNameIndex) {
            case StaticTable.AUTHORIZATION:
            case StaticTable.PROXY_AUTHORIZATION:
                return NEVER_INDEX;  // RFC 7541 §7.1.3
            case StaticTable.COOKIE:
                if (valueLength < MIN_SAFE_COOKIE_LENGTH) {
                    return NEVER_INDEX;  // RFC 7541 §7.1.3: short values are open to brute force.
                }
                break;
            case StaticTable.PATH:
                if (valueLength > MAX_INDEXED_PATH_LENGTH) {
                    return NO_INDEX;
                }
                break;
            case StaticTable.CONTENT_LENGTH:
            case StaticTable.CONTENT_RANGE:
            case StaticTable.AGE:
            case StaticTable.ETAG:
            case StaticTable.IF_MATCH:
            case StaticTable.IF_NONE_MATCH:
                return NO_INDEX;
            default:
                break;
        }
        return entrySize * 4 <= (long) capacity * 3 ? INDEX : NO_INDEX;
    }
}
