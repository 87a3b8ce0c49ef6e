package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

/**
 * How far a target lets requests share backend connections (HAProxy's {@code http-reuse}).
 *
 * <p>Every policy first looks at the requesting session's own connections (step 1). The policies
 * differ in which shared lists they may search next. A request is <em>first</em> when it is the
 * first request of an HTTP/1 client connection ({@link RequestTraits#FIRST}) and not
 * {@link RequestTraits#RETRY_SAFE}; otherwise it is <em>subsequent</em>. Parked lists are searched
 * in the order given (1 first, 2 second, − never):
 *
 * <table>
 *   <caption>Lookup order per policy (docs/behaviour.md R13–R15)</caption>
 *   <tr><th>policy</th><th>request</th><th>session</th><th>AVAILABLE</th><th>SAFE</th><th>IDLE</th></tr>
 *   <tr><td>NEVER</td><td>any</td><td>yes</td><td>no</td><td>−</td><td>−</td></tr>
 *   <tr><td>SAFE</td><td>first</td><td>yes</td><td>yes</td><td>−</td><td>−</td></tr>
 *   <tr><td>SAFE</td><td>subsequent</td><td>yes</td><td>yes</td><td>2</td><td>1</td></tr>
 *   <tr><td>AGGRESSIVE</td><td>first</td><td>yes</td><td>yes</td><td>1</td><td>−</td></tr>
 *   <tr><td>AGGRESSIVE</td><td>subsequent</td><td>yes</td><td>yes</td><td>2</td><td>1</td></tr>
 *   <tr><td>ALWAYS</td><td>first</td><td>yes</td><td>yes</td><td>1</td><td>2</td></tr>
 *   <tr><td>ALWAYS</td><td>subsequent</td><td>yes</td><td>yes</td><td>2</td><td>1</td></tr>
 * </table>
 *
 * <p>{@code IDLE} holds parked connections not yet proven reusable (one exchange on HTTP/1);
 * {@code SAFE} holds proven ones; {@code AVAILABLE} holds busy multiplexed connections with free
 * stream slots. Placement also differs: under {@link #SAFE} a multiplexed connection is reserved to
 * the session that uses it until its last stream ends; under {@link #ALWAYS} a new multiplexed
 * connection is shared at once, before it is even ready.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public enum ReusePolicy {
    /** Connections are never shared: every connection is private to the session that opened it. */
    NEVER,
    /** The default: first requests never ride a parked connection; proven connections are shared. */
    SAFE,
    /** First requests may ride proven ({@code SAFE}) parked connections only. */
    AGGRESSIVE,
    /** Any request may ride any compatible connection, even one not yet ready. */
    ALWAYS
}
