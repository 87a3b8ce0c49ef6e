package dev.tether.examples.proxy;

import dev.tether.core.Target;
import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.tls.TlsContexts;
import dev.tether.examples.tls.TlsCounters;
import dev.tether.examples.tls.TlsWarmUp;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What the proxy's TLS connections share: the client context for {@code https} backends, the server
 * context of a TLS front, the pool that runs the engines' delegated tasks off the loops, and the TLS
 * counters of every target and of the front.
 *
 * <p>Invariants: built once at start-up; a target has counters only if its backend is {@code https}.
 *
 * <p>Thread safety: safe from any thread.
 */
@ThreadSafe
public final class ProxyTls implements AutoCloseable {
    private final TlsSettings settings;
    private final SSLContext client;
    private final SSLContext server;
    private final ExecutorService tasks;
    private final Map<String, TlsCounters> byTarget = new ConcurrentHashMap<>();
    private final Map<String, TlsVersionHint> versions = new ConcurrentHashMap<>();
    private final TlsCounters front = new TlsCounters();

    ProxyTls(TlsSettings settings, List<Backend> backends, int loops) throws GeneralSecurityException {
        this.settings = settings;
        boolean anyHttps = backends.stream().anyMatch(b -> b.tls() != null);
        this.client = anyHttps ? settings.clientContext() : null;
        this.server = settings.serverContext();
        if (client != null || server != null) {
            TlsWarmUp.once(); // a cold JDK's first handshakes are slow enough to time out a burst
        }
        for (Backend b : backends) {
            if (b.tls() != null) {
                byTarget.put(b.name(), new TlsCounters());
                versions.put(b.name(), new TlsVersionHint());
            }
        }
        // Certificate checks and key agreement take a millisecond or so each: a few threads keep them off the loops.
        this.tasks = Executors.newFixedThreadPool(Math.max(2, loops), r -> {
            Thread t = new Thread(r, "tether-tls-task");
            t.setDaemon(true);
            return t;
        });
    }

    /** The settings. */
    public TlsSettings settings() {
        return settings;
    }

    /** True when backend certificates are not checked: say so wherever the proxy reports. */
    public boolean insecure() {
        return settings.insecureSkipVerify();
    }

    /** Where delegated tasks run. */
    Executor tasks() {
        return tasks;
    }

    /**
     * A client engine for a connection to {@code backend} with {@code sni} (or none), offering the
     * versions its {@link TlsVersionHint} says.
     */
    SSLEngine clientEngine(Backend backend, String sni) {
        SSLEngine e = probeEngine(backend, sni);
        versions.get(backend.name()).apply(e);
        return e;
    }

    /**
     * A client engine for a health probe of {@code backend}: it offers every enabled version, so that
     * a backend whose versions changed while it was down is seen up at once.
     */
    SSLEngine probeEngine(Backend backend, String sni) {
        return TlsContexts.clientEngine(client, backend.address().getHostString(), backend.address().getPort(),
                sni, backend.tls().alpn(), !settings.insecureSkipVerify());
    }

    /** What {@link #clientEngine} offers {@code backend}, from what its handshakes negotiated. */
    TlsVersionHint versions(Backend backend) {
        return versions.get(backend.name());
    }

    /** A server engine for the front, choosing {@code h2} or {@code http/1.1}; {@code null} for a plaintext front. */
    SSLEngine serverEngine() {
        return server == null ? null : TlsContexts.serverEngine(server, TlsContexts.DEFAULT_ALPN);
    }

    /** The counters of {@code target}, or {@code null} when it is not an https backend. */
    public TlsCounters counters(Target target) {
        return byTarget.get(target.name());
    }

    /** The counters of {@code targetName}, or {@code null}. */
    public TlsCounters counters(String targetName) {
        return byTarget.get(targetName);
    }

    /** The front's counters (zero for a plaintext front). */
    public TlsCounters front() {
        return front;
    }

    @Override
    public void close() {
        tasks.shutdownNow();
    }
}
