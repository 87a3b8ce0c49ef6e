package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ClientLimits;
import dev.tether.examples.proxy.HealthConfig;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code proxy} command: checks every option (naming the flag in each error), resolves the
 * backends before it starts, and starts the {@link ReverseProxy}.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class ProxyCommand {
    static final String HELP = String.join("\n",
            "usage: proxy --listen HOST:PORT --backend URL [--backend URL ...]",
            "             [--policy never|safe|aggressive|always] [--max-idle-per-target N] [--max-reuse N]",
            "             [--purge-delay-ms N] [--max-idle-per-session N] [--low-idle N] [--loops N]",
            "             [--connect-timeout-ms N] [--response-timeout-ms N] [--idle-timeout-ms N]",
            "             [--health-check PATH] [--health-interval-ms N] [--health-fall N]",
            "             [--health-backoff-ms N] [--health-backoff-max-ms N] [--tunnel-timeout-ms N]",
            "             [--max-header-list-size N] [--max-client-streams N] [--max-client-connections N]",
            "             [--request-header-timeout-ms N] [--max-rapid-resets N] [--verbose]",
            "             [--trust-pem FILE ...] [--insecure-skip-verify] [--tls-cert FILE --tls-key FILE]",
            "",
            "Backend URLs: h1://HOST:PORT (HTTP/1.1), h2c://HOST:PORT (HTTP/2, prior knowledge) and",
            "https://HOST:PORT[?sni=NAME|@host&alpn=h2,http/1.1] (TLS; the ALPN answer picks HTTP/2 or HTTP/1.1).",
            "Clients may speak HTTP/1.1 or h2c (prior knowledge) on the same port. Backends are used",
            "round-robin. GET /tether/stats answers JSON counters, /tether/stats.html a live page.",
            "Options take their value as --opt VALUE or --opt=VALUE. -1 means unlimited where allowed.",
            "Defaults: --listen 127.0.0.1:8080, --policy safe, the limits of docs/behaviour.md R2",
            "(--max-idle-per-target -1, --max-reuse -1, --purge-delay-ms 5000, --max-idle-per-session 5,",
            "--low-idle 0), one loop per core, --connect-timeout-ms 2000, --response-timeout-ms 30000,",
            "--idle-timeout-ms 60000. --verbose logs every backend failure and prints stack traces.",
            "",
            "Health: a connect that fails goes at once to the next backend (at most 3 tries). A backend",
            "that fails --health-fall times in a row (default 3) is down: no traffic for a back-off",
            "(--health-backoff-ms 1000, doubling to --health-backoff-max-ms 30000, with jitter), then one",
            "probe connect (or, with --health-check PATH, a GET PATH answered 2xx/3xx) brings it back.",
            "With --health-check, backends that are up are also checked every --health-interval-ms",
            "(default 2000). When every backend is down, requests get 503 all-backends-down at once.",
            "",
            "Client limits (flood and slow-client defences), with their defaults:",
            "  --max-header-list-size 65536      largest request head in bytes (HTTP/1.1: 400; h2: stream error)",
            "  --max-client-streams 128          concurrent streams per h2c client connection",
            "  --max-client-connections 10000    open client connections; one more is closed at once",
            "  --request-header-timeout-ms 10000 from a request's first byte to the end of its head (slowloris)",
            "  --idle-timeout-ms 60000           a client that sends no request, or reads none of its",
            "                                    response, for this long is closed (zero-window hold)",
            "  --max-rapid-resets 200            h2c streams reset right after opening before GOAWAY",
            "                                    ENHANCE_YOUR_CALM (CVE-2023-44487); CONTINUATION, SETTINGS and",
            "                                    PING floods end in ENHANCE_YOUR_CALM at the codec's limits",
            "",
            "Tunnels: WebSocket and other upgrades (HTTP/1.1 Upgrade, or RFC 8441 extended CONNECT from",
            "h2c clients) ride backend connections of their own that are never reused (an h2c backend that",
            "allows RFC 8441 carries them as streams of shared connections); a tunnel is closed after",
            "--tunnel-timeout-ms without a byte either way (default 3600000, one hour). Plain CONNECT is",
            "refused with 405: this is a reverse proxy, not a forward proxy.",
            "",
            "TLS: an https backend sends as SNI its HOST when that is a name (none for an IP address), or",
            "sni=NAME, or with sni=@host each request's Host (one pool of connections per name). It offers",
            "ALPN h2,http/1.1 unless alpn= narrows it. Certificates and host names are verified against the",
            "JDK's trust store plus the CA certificates of each --trust-pem FILE (PEM); --insecure-skip-verify",
            "turns that off, for testing only (logged at start-up and shown on the stats page). A handshake",
            "that fails is a connect that failed: the next backend, else 502 with x-tether-error tls-...",
            "--tls-cert FILE (PEM chain, leaf first) and --tls-key FILE (PEM PKCS #8 RSA or EC key) make the",
            "listener speak TLS, with ALPN h2 and http/1.1, instead of plaintext.");

    private static final Set<String> VALUED = Set.of("--listen", "--backend", "--policy", "--max-idle-per-target",
            "--max-reuse", "--purge-delay-ms", "--max-idle-per-session", "--low-idle", "--loops", "--connect-timeout-ms",
            "--response-timeout-ms", "--idle-timeout-ms", "--health-check", "--health-interval-ms", "--health-fall",
            "--health-backoff-ms", "--health-backoff-max-ms", "--tunnel-timeout-ms", "--max-header-list-size",
            "--max-client-streams", "--max-client-connections", "--request-header-timeout-ms", "--max-rapid-resets",
            "--trust-pem", "--tls-cert", "--tls-key");

    private ProxyCommand() {
    }

    /**
     * Starts the proxy described by {@code argv}.
     *
     * @param argv the arguments after {@code proxy}
     * @return the running proxy
     * @throws UsageException if an option is unknown, missing or malformed
     * @throws StartupException if a host does not resolve or the port cannot be bound
     */
    static ReverseProxy start(String[] argv) throws UsageException, StartupException {
        Args args = new Args(argv, VALUED, Set.of(TlsOptions.INSECURE));
        List<String> specs = args.all("--backend");
        if (specs.isEmpty()) {
            throw new UsageException("--backend is required: give at least one h1://HOST:PORT, h2c://HOST:PORT or"
                    + " https://HOST:PORT");
        }
        List<Backend> backends = new ArrayList<>();
        for (String spec : specs) {
            Backend b = backend(spec);
            if (b.address().isUnresolved()) {
                throw new StartupException("--backend " + spec + ": cannot resolve host " + b.address().getHostString(),
                        null);
            }
            backends.add(b);
        }
        InetSocketAddress listen = address("--listen", args.value("--listen", "127.0.0.1:8080"));
        ProxyConfig cfg = ProxyConfig.defaults(listen, backends, policy(args.value("--policy", "safe")));
        cfg = cfg.withLimits(args.integer("--max-idle-per-target", -1, -1), args.integer("--max-reuse", -1, -1),
                        args.integer("--purge-delay-ms", 5_000, 0), args.integer("--max-idle-per-session", 5, 0))
                .withLoops(args.integer("--loops", cfg.loops(), 1, Args.MAX_LOOPS)).withLowIdle(args.integer("--low-idle", 0, 0))
                .withTimeouts(args.integer("--connect-timeout-ms", 2_000, 1),
                        args.integer("--response-timeout-ms", 30_000, 1), args.integer("--idle-timeout-ms", 60_000, 1))
                .withHealth(health(args)).withTunnelTimeout(args.integer("--tunnel-timeout-ms", 3_600_000, 1))
                .withClientLimits(clientLimits(args)).withTls(TlsOptions.settings(args));
        try {
            return ReverseProxy.start(cfg);
        } catch (IOException e) {
            throw cannotListen("--listen", listen, e);
        }
    }

    /** The {@code --health-*} options, each checked under its own name. */
    private static HealthConfig health(Args args) throws UsageException {
        HealthConfig h = HealthConfig.DEFAULTS;
        int fall = args.integer("--health-fall", h.fall(), 1);
        int backoff = args.integer("--health-backoff-ms", (int) h.backoffMs(), 1);
        int backoffMax = args.integer("--health-backoff-max-ms", Math.max(backoff, (int) h.backoffMaxMs()), 1);
        if (backoffMax < backoff) {
            throw new UsageException("--health-backoff-max-ms must be --health-backoff-ms (" + backoff + ") or more: "
                    + backoffMax);
        }
        String path = args.value("--health-check", null);
        if (path != null && !path.startsWith("/")) {
            throw new UsageException("--health-check must be a path starting with /: " + path);
        }
        return h.withPassive(fall, backoff, backoffMax)
                .withCheck(path, args.integer("--health-interval-ms", (int) h.checkIntervalMs(), 1));
    }

    /** The client limits, each checked under its own name. */
    private static ClientLimits clientLimits(Args args) throws UsageException {
        ClientLimits l = ClientLimits.DEFAULTS;
        return new ClientLimits(args.integer("--max-header-list-size", l.maxHeaderListSize(), 64),
                args.integer("--max-client-streams", l.maxClientStreams(), 1),
                args.integer("--max-client-connections", l.maxClientConnections(), 1),
                args.integer("--request-header-timeout-ms", (int) l.requestHeaderTimeoutMs(), 1),
                args.integer("--max-rapid-resets", l.maxRapidResets(), 1));
    }

    /** Parses one {@code --backend} value. */
    static Backend backend(String spec) throws UsageException {
        try {
            return Backend.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--backend " + spec + ": " + e.getMessage());
        }
    }

    /** Parses {@code HOST:PORT} given to {@code flag}; a host that does not resolve is a start-up failure. */
    static InetSocketAddress address(String flag, String hostPort) throws UsageException, StartupException {
        InetSocketAddress a;
        try {
            a = Backend.parseAddress(hostPort);
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + " " + hostPort + ": " + e.getMessage());
        }
        if (a.isUnresolved()) {
            throw new StartupException(flag + " " + hostPort + ": cannot resolve host " + a.getHostString(), null);
        }
        return a;
    }

    /** The failure to listen on {@code address}, in one line naming the flag. */
    static StartupException cannotListen(String flag, InetSocketAddress address, IOException e) {
        String why = e instanceof BindException && e.getMessage() != null ? e.getMessage().toLowerCase(Locale.ROOT)
                : String.valueOf(e.getMessage());
        return new StartupException("cannot listen on " + address.getHostString() + ":" + address.getPort() + " ("
                + flag + "): " + why, e);
    }

    /** Parses {@code --policy}. */
    static ReusePolicy policy(String p) throws UsageException {
        for (ReusePolicy policy : ReusePolicy.values()) {
            if (policy.name().equalsIgnoreCase(p)) {
                return policy;
            }
        }
        throw new UsageException("--policy must be never, safe, aggressive or always: " + p);
    }
}
