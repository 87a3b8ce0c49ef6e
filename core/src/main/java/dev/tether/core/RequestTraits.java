package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

/**
 * Flags describing a request to {@link ReuseEngine#acquire}, combined with {@code |}. An
 * {@code int} keeps the hot path free of allocation.
 *
 * <p>Thread safety: constants only.
 */
@ThreadSafe
public final class RequestTraits {
    /** No trait: a subsequent request (the second or later of its client connection). */
    public static final int NONE = 0;
    /**
     * The first request of an HTTP/1 client connection, or a request the host originates itself
     * (R69). Never set for requests from HTTP/2 client connections.
     */
    public static final int FIRST = 1;
    /**
     * The host will replay the request on connection failure, empty response and response timeout
     * alike: such a request counts as subsequent (R15).
     */
    public static final int RETRY_SAFE = 1 << 1;
    /** The request needs another protocol than plain requests (e.g. a websocket upgrade): skip reuse (R11). */
    public static final int UPGRADE_NEEDS_OTHER_PROTOCOL = 1 << 2;
    /** The request must ride a new connection (a replay after a stale reuse): skip reuse (R12). */
    public static final int FRESH_ONLY = 1 << 3;

    static final int ALL = FIRST | RETRY_SAFE | UPGRADE_NEEDS_OTHER_PROTOCOL | FRESH_ONLY;

    private RequestTraits() {
    }

    /** True when {@code traits} describes a first request under the policy table (R15). */
    public static boolean isFirst(int traits) {
        return (traits & FIRST) != 0 && (traits & RETRY_SAFE) == 0;
    }

    /** Returns the names of the set flags, for messages and logs. */
    public static String toString(int traits) {
        if (traits == NONE) {
            return "NONE";
        }
        StringBuilder sb = new StringBuilder();
        append(sb, traits, FIRST, "FIRST");
        append(sb, traits, RETRY_SAFE, "RETRY_SAFE");
        append(sb, traits, UPGRADE_NEEDS_OTHER_PROTOCOL, "UPGRADE_NEEDS_OTHER_PROTOCOL");
        append(sb, traits, FRESH_ONLY, "FRESH_ONLY");
        return sb.toString();
    }

    private static void append(StringBuilder sb, int traits, int flag, String name) {
        if ((traits & flag) != 0) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append(name);
        }
    }
}
