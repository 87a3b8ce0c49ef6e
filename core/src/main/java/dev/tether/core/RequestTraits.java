package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

/**
 * What the host knows about a request that changes where {@link ReuseEngine#acquire} may put it: an
 * immutable set of traits, combined with {@link #with}. Every combination is one interned instance
 * made when the class loads, so combining and passing traits never allocates, and {@code ==} is
 * equality.
 *
 * <p>Invariants: one instance per combination of the four traits; {@link #NONE} is the empty set.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public final class RequestTraits {
    private static final int FIRST_BIT = 1;
    private static final int RETRY_SAFE_BIT = 1 << 1;
    private static final int UPGRADE_BIT = 1 << 2;
    private static final int FRESH_ONLY_BIT = 1 << 3;
    private static final String[] NAMES = {"FIRST", "RETRY_SAFE", "UPGRADE_NEEDS_OTHER_PROTOCOL", "FRESH_ONLY"};
    private static final RequestTraits[] ALL = internAll();

    /** No trait: a subsequent request (the second or later of its client connection). */
    public static final RequestTraits NONE = ALL[0];
    /**
     * The first request of an HTTP/1 client connection, or a request the host originates itself
     * (R69). Never set for requests from HTTP/2 client connections.
     */
    public static final RequestTraits FIRST = ALL[FIRST_BIT];
    /**
     * The host will replay the request on connection failure, empty response and response timeout
     * alike: such a request counts as subsequent (R15).
     */
    public static final RequestTraits RETRY_SAFE = ALL[RETRY_SAFE_BIT];
    /** The request needs another protocol than plain requests (e.g. a websocket upgrade): skip reuse (R11). */
    public static final RequestTraits UPGRADE_NEEDS_OTHER_PROTOCOL = ALL[UPGRADE_BIT];
    /** The request must ride a new connection (a replay after a stale reuse): skip reuse (R12). */
    public static final RequestTraits FRESH_ONLY = ALL[FRESH_ONLY_BIT];

    private final int bits;

    private RequestTraits(int bits) {
        this.bits = bits;
    }

    private static RequestTraits[] internAll() {
        RequestTraits[] all = new RequestTraits[1 << NAMES.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = new RequestTraits(i);
        }
        return all;
    }

    /**
     * These traits and {@code more}.
     *
     * @param more the traits to add
     * @return the interned set of both
     */
    public RequestTraits with(RequestTraits more) {
        return ALL[bits | more.bits];
    }

    /**
     * Tells whether every trait of {@code traits} is in this set.
     *
     * @param traits the traits to look for
     * @return true if all are present
     */
    public boolean contains(RequestTraits traits) {
        return (bits & traits.bits) == traits.bits;
    }

    /** True when these traits describe a first request under the policy table: FIRST and not RETRY_SAFE (R15). */
    public boolean isFirst() {
        return (bits & (FIRST_BIT | RETRY_SAFE_BIT)) == FIRST_BIT;
    }

    /** The names of the traits, joined by {@code |}, or {@code NONE}. */
    @Override
    public String toString() {
        if (bits == 0) {
            return "NONE";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < NAMES.length; i++) {
            if ((bits & (1 << i)) != 0) {
                sb.append(sb.length() > 0 ? "|" : "").append(NAMES[i]);
            }
        }
        return sb.toString();
    }
}
