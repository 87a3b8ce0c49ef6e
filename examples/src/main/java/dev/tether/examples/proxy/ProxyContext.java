package dev.tether.examples.proxy;

import dev.tether.core.ReuseEngine;
import dev.tether.core.ReuseKey;
import dev.tether.core.Target;
import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.stats.StatsJson;
import dev.tether.examples.stats.StatsPage;
import dev.tether.http1.Http1Config;
import dev.tether.http2.Http2Config;
import dev.tether.http2.StreamBudget;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every part of one proxy shares: the engine, the configuration, the upstreams (one target,
 * key and health per backend, chosen round-robin among those that are up), the health monitor and
 * the proxy's own counters.
 *
 * <p>Invariants: {@code upstreams} never changes; {@code live} counts exchanges started and not yet
 * finished, so it returns to 0 when the proxy is idle; {@code replays} is the sum of
 * {@code replayReasons}.
 *
 * <p>Thread safety: safe from any thread (immutable fields, atomic counters, a thread-safe engine).
 */
@ThreadSafe
public final class ProxyContext {
    /**
     * One backend as the engine knows it.
     *
     * <p>Thread safety: immutable.
     *
     * @param backend the backend
     * @param target its target
     * @param key the key of its requests: the destination, and the SNI as the name for an {@code https}
     *            backend with a fixed SNI ({@code sni=@host} backends build one per SNI instead)
     * @param health whether it takes traffic (docs/behaviour.md D10)
     * @param streams what its h2c connections really take (D12), shared by them; unused for HTTP/1
     */
    @ThreadSafe
    public record Upstream(Backend backend, Target target, ReuseKey key, TargetHealth health, StreamBudget streams) {
    }

    final ReuseEngine engine;
    final ProxyConfig config;
    final ProxyTls tls;
    final List<Upstream> upstreams;
    /** The per-SNI keys of the {@code sni=@host} upstreams; read-only after construction. */
    private final java.util.IdentityHashMap<Upstream, SniKeys> sniKeys = new java.util.IdentityHashMap<>();
    final HealthMonitor health;
    /** The h2c settings of every client connection ({@link ClientLimits#h2}). */
    final Http2Config clientH2;
    /** Client connections open now, protocol not yet known included ({@link ClientLimits#maxClientConnections()}). */
    final AtomicInteger openClients = new AtomicInteger();
    /** Client connections closed at once because {@code maxClientConnections} were open. */
    public final AtomicLong clientsRefused = new AtomicLong();
    private final AtomicInteger next = new AtomicInteger();
    /** Exchanges in progress. */
    public final AtomicLong live = new AtomicLong();
    /** Errors answered (502/503/504). */
    public final AtomicLong errors = new AtomicLong();
    /** Requests sent again: replays (D5, RFC 9113 §8.7) and failovers to another target (D10). */
    public final AtomicLong replays = new AtomicLong();
    /** {@code replays} by the failure that caused them ({@code x-tether-error} values). */
    private final ConcurrentHashMap<String, AtomicLong> replayReasons = new ConcurrentHashMap<>();
    /** Requests answered with no response so that the client may replay them (R72). */
    public final AtomicLong refusals = new AtomicLong();
    /** Responses cut because their client took none of it for the idle timeout (zero window, slow reader). */
    public final AtomicLong clientReadTimeouts = new AtomicLong();
    /** Times a client could not take a response as fast as its backend sent it (bytes were held). */
    public final AtomicLong responseStalls = new AtomicLong();
    /** Times an HTTP/1 backend connection stopped being read because its client was slower. */
    public final AtomicLong backendReadPauses = new AtomicLong();
    /** Client connections accepted. */
    public final AtomicLong clientConnections = new AtomicLong();
    /** Exchanges the client abandoned while their backend stream was open (not backend failures). */
    public final ClientCancels cancels = new ClientCancels();
    /** Tunnels open now (accepted upgrades and extended CONNECTs, D11). */
    public final AtomicLong tunnelsOpen = new AtomicLong();
    /** Tunnels opened since start. */
    public final AtomicLong tunnelsOpened = new AtomicLong();
    /** Tunnel bytes forwarded from clients to backends. */
    public final LongAdder tunnelBytesUp = new LongAdder();
    /** Tunnel bytes forwarded from backends to clients. */
    public final LongAdder tunnelBytesDown = new LongAdder();

    /** Per loop, the codecs its HTTP/1.1 client connections borrow while a request is in progress. */
    private final FrontendCodecPool[] codecPools;

    /** Open client connections, for graceful shutdown. */
    final java.util.Set<Frontend> frontends = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Responses of abandoned exchanges being drained now ({@link ResponseDrain}, D13), for graceful shutdown. */
    final AtomicInteger drains = new AtomicInteger();
    /** Set once when the proxy starts to shut down: no drain starts after (its connection is closed anyway). */
    volatile boolean stopping;

    void frontendOpened(Frontend f) {
        frontends.add(f);
    }

    void frontendClosed(Frontend f) {
        openClients.decrementAndGet();
        frontends.remove(f);
    }

    ProxyContext(ReuseEngine engine, ProxyConfig config, List<Upstream> upstreams, HealthMonitor health, ProxyTls tls) {
        this.engine = engine;
        this.config = config;
        this.tls = tls;
        this.upstreams = List.copyOf(upstreams);
        this.health = health;
        for (Upstream u : this.upstreams) {
            BackendTls backendTls = u.backend().tls();
            if (backendTls != null && backendTls.sniFromHost()) {
                sniKeys.put(u, new SniKeys(u.target(), u.backend().address(), backendTls));
            }
        }
        this.clientH2 = config.clientLimits().h2(RequestBody.CAPACITY - 1);
        Http1Config clientH1 = Http1Config.builder().maxHeaderSectionSize(config.clientLimits().maxHeaderListSize())
                .build();
        this.codecPools = new FrontendCodecPool[config.loops()];
        for (int i = 0; i < codecPools.length; i++) {
            codecPools[i] = new FrontendCodecPool(clientH1);
        }
    }

    /**
     * The key of a request to {@code up}: the upstream's own key, or for an {@code sni=@host} backend
     * the key whose name is the SNI of {@code authority} (R5), so that names never share a connection.
     *
     * @param up the upstream
     * @param authority the request's {@code Host} or {@code :authority}
     * @return the key
     */
    ReuseKey key(Upstream up, String authority) {
        if (sniKeys.isEmpty()) {
            return up.key();
        }
        SniKeys k = sniKeys.get(up);
        return k == null ? up.key() : k.key(authority);
    }

    /**
     * The HTTP/1.1 frontend codecs of loop {@code loop}; only that loop's thread may use them.
     *
     * @param loop the loop's index
     * @return its pool
     */
    FrontendCodecPool codecs(int loop) {
        return codecPools[loop];
    }

    /**
     * The next upstream that takes traffic, round-robin. Allocation-free.
     *
     * @param exclude an upstream not to return (the one that just failed), or {@code null}
     * @return the upstream, or {@code null} when none other than {@code exclude} is up
     */
    Upstream next(Upstream exclude) {
        int n = upstreams.size();
        int start = next.getAndIncrement();
        for (int i = 0; i < n; i++) {
            Upstream u = upstreams.get(Math.floorMod(start + i, n));
            if (u != exclude && u.health().available()) {
                return u;
            }
        }
        return null;
    }

    /** Counts a request sent again because of {@code reason}. */
    void replayed(String reason) {
        replays.incrementAndGet();
        replayReasons.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    /** {@code replays} by reason, a snapshot. */
    public Map<String, Long> replayReasons() {
        Map<String, Long> m = new TreeMap<>();
        replayReasons.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    /** The upstreams, in the order of the command line. */
    public List<Upstream> upstreams() {
        return upstreams;
    }

    /** The upstream of a target, or {@code null}. */
    Upstream upstream(Target target) {
        for (Upstream u : upstreams) {
            if (u.target() == target) {
                return u;
            }
        }
        return null;
    }

    /** The engine. */
    public ReuseEngine engine() {
        return engine;
    }

    /** The TLS contexts and counters. */
    public ProxyTls tls() {
        return tls;
    }

    /** The configuration. */
    public ProxyConfig config() {
        return config;
    }

    /**
     * The body the proxy answers itself for {@code path}, or {@code null} to proxy it.
     *
     * @param path the request path
     * @return the stats JSON, the stats page, or {@code null}
     */
    byte[] localAnswer(String path) {
        if (path.equals("/tether/stats") || path.startsWith("/tether/stats?")) {
            return StatsJson.render(this).getBytes(StandardCharsets.UTF_8);
        }
        if (path.equals("/tether/stats.html")) {
            return StatsPage.html().getBytes(StandardCharsets.UTF_8);
        }
        return null;
    }

    /** The response fields of a {@link #localAnswer} of {@code length} bytes for {@code path}. */
    static List<String> localAnswerFields(String path, int length) {
        String type = path.endsWith(".html") ? "text/html; charset=utf-8" : "application/json";
        return List.of("content-type", type, "cache-control", "no-store", "content-length", Integer.toString(length));
    }
}
