package dev.tether.examples.proxy;

import dev.tether.core.ReuseKey;
import dev.tether.core.Target;
import dev.tether.core.annotations.ThreadSafe;

import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reuse keys of one {@code sni=@host} backend, one per SNI: a request's {@code Host} /
 * {@code :authority} gives the SNI, and the SNI is the key's name (R5), so connections opened for
 * one name never carry a request for another (R6) while requests for the same name share them.
 *
 * <p>Invariants: every key has the backend's target and destination; equal SNIs give the same key
 * object once cached; at most {@link #MAX_CACHED} authorities are cached (beyond that a key is built
 * per request, still equal by R6, so only speed suffers).
 *
 * <p>Thread safety: safe from any thread (a concurrent map of immutable keys).
 */
@ThreadSafe
final class SniKeys {
    /** Authorities remembered; a client choosing names at will cannot grow the map past this. */
    static final int MAX_CACHED = 4096;

    private final Target target;
    private final InetSocketAddress destination;
    private final BackendTls tls;
    private final ConcurrentHashMap<String, ReuseKey> byAuthority = new ConcurrentHashMap<>();

    SniKeys(Target target, InetSocketAddress destination, BackendTls tls) {
        this.target = target;
        this.destination = destination;
        this.tls = tls;
    }

    /**
     * The key for a request to {@code authority}: a map hit allocates nothing.
     *
     * @param authority the request's {@code Host} or {@code :authority}, possibly empty
     * @return the key; without a usable name (none, or an IP literal) the key has no name and no SNI is sent
     */
    ReuseKey key(String authority) {
        ReuseKey k = byAuthority.get(authority);
        if (k != null) {
            return k;
        }
        String sni = tls.sniFor(authority);
        ReuseKey.Builder b = ReuseKey.builder(target).destination(destination);
        k = (sni == null ? b : b.name(sni)).build();
        if (byAuthority.size() < MAX_CACHED) {
            ReuseKey prior = byAuthority.putIfAbsent(authority, k);
            return prior != null ? prior : k;
        }
        return k;
    }
}
