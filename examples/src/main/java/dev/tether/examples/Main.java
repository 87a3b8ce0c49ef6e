package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.load.Demo;
import dev.tether.examples.load.DemoResult;
import dev.tether.examples.load.WebSocketDemo;
import dev.tether.examples.load.WebSocketDemoResult;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.origin.OriginServer;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.HealthConfig;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;
import dev.tether.examples.proxy.TlsSettings;
import dev.tether.examples.tls.Pem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The entry point of {@code tether-examples.jar}: subcommands {@code proxy}, {@code origin} and
 * {@code demo}, each with {@code --help}.
 *
 * <p>Thread safety: stateless; {@code main} runs once per process.
 */
@ThreadSafe
public final class Main {
    static final String USAGE = String.join("\n",
            "usage: java -jar tether-examples.jar <command> [options]",
            "",
            "commands:",
            "  demo     start an origin and the proxy in-process and run a load through them",
            "  proxy    run the reverse proxy in front of real backends",
            "  origin   run the embedded origin server (x-conn-id on every response)",
            "",
            "Run a command with --help for its options.");

    static final String PROXY_HELP = String.join("\n",
            "usage: proxy --listen HOST:PORT --backend URL [--backend URL ...]",
            "             [--policy never|safe|aggressive|always] [--max-idle-per-target N] [--max-reuse N]",
            "             [--purge-delay-ms N] [--max-idle-per-session N] [--low-idle N] [--loops N]",
            "             [--connect-timeout-ms N] [--response-timeout-ms N] [--idle-timeout-ms N]",
            "             [--health-check PATH] [--health-interval-ms N] [--health-fall N]",
            "             [--health-backoff-ms N] [--health-backoff-max-ms N] [--tunnel-timeout-ms N]",
            "             [--trust-pem FILE ...] [--insecure-skip-verify] [--tls-cert FILE.pem --tls-key FILE.pem]",
            "",
            "Backend URLs: h1://HOST:PORT, h2c://HOST:PORT, https://HOST:PORT[?sni=NAME|@host&alpn=h2,http/1.1].",
            "https: SNI = HOST when it is a name (none for an IP address), sni=@host takes it from each request's",
            "Host; ALPN offers h2,http/1.1 and picks the protocol; certificates are verified against the JDK's",
            "trust store plus --trust-pem CAs; --insecure-skip-verify turns that off (testing only).",
            "--tls-cert/--tls-key (PEM, PKCS #8 RSA or EC key) make the front speak TLS with ALPN h2 and http/1.1.",
            "Clients may speak HTTP/1.1 or h2c (prior knowledge) on the same port. Backends are used",
            "round-robin. GET /tether/stats answers JSON counters, /tether/stats.html a live page.",
            "Defaults: --listen 127.0.0.1:8080, --policy safe, limits of REUSE-RULES.md R2, one loop per core.",
            "",
            "Health: a connect that fails goes at once to the next backend (at most 3 tries). A backend",
            "that fails --health-fall times in a row (default 3) is down: no traffic for a back-off",
            "(--health-backoff-ms 1000, doubling to --health-backoff-max-ms 30000, with jitter), then one",
            "probe connect (or, with --health-check PATH, a GET PATH answered 2xx/3xx) brings it back.",
            "With --health-check, backends that are up are also checked every --health-interval-ms",
            "(default 2000). When every backend is down, requests get 503 all-backends-down at once.",
            "",
            "Tunnels: WebSocket and other upgrades (HTTP/1.1 Upgrade, or RFC 8441 extended CONNECT from",
            "h2c clients) ride backend connections of their own that are never reused (an h2c backend that",
            "allows RFC 8441 carries them as streams of shared connections); a tunnel is closed after",
            "--tunnel-timeout-ms without a byte either way (default 3600000, one hour). Plain CONNECT is",
            "refused with 405: this is a reverse proxy, not a forward proxy.");

    static final String ORIGIN_HELP = String.join("\n",
            "usage: origin [--listen HOST:PORT] [--h2c] [--ntlm] [--close-after N] [--goaway-after N]",
            "              [--idle-close-ms N] [--loops N]",
            "",
            "Answers HTTP/1.1 and h2c (prior knowledge, detected from the preface; --h2c documents the intent).",
            "Every response carries x-conn-id and x-conn-request. Paths: /delay/<ms>, /bytes/<n>, /close,",
            "and /ws/echo, a WebSocket echo (HTTP/1.1 Upgrade, or RFC 8441 extended CONNECT over h2c).",
            "Default --listen 127.0.0.1:9000.");

    static final String DEMO_HELP = String.join("\n",
            "usage: demo [--requests 20000] [--clients 64] [--backend h1|h2c|https|h2] [--policy P] [--json]",
            "       demo --websocket N [--messages 100] [--backend h1|h2c] [--policy P] [--json]",
            "",
            "Starts an origin and the proxy on free loopback ports, runs the requests over keep-alive",
            "client connections through the proxy, and prints a summary. --policy defaults to safe for",
            "h1 and to always for h2c (under safe, REUSE-RULES.md R26 reserves each new multiplexed",
            "connection to the session that opened it). https and h2 run everything over TLS (clients to the",
            "proxy, proxy to the origin by ALPN http/1.1 or h2) with a self-signed certificate made at start-up;",
            "h2 defaults to always like h2c. With --json the last line is one JSON object.",
            "",
            "With --websocket N it opens N WebSockets through the proxy to the origin's /ws/echo instead,",
            "all at once, exchanges --messages each, and reports messages, bytes, round-trip p50/p99 and",
            "backend connections: one per WebSocket over h1, shared RFC 8441 streams over h2c.");

    private Main() {
    }

    /**
     * Runs a subcommand.
     *
     * @param args the command line
     * @throws Exception when the command fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0 || "--help".equals(args[0]) || "-h".equals(args[0])) {
            System.out.println(USAGE);
            return;
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        boolean help = rest.length > 0 && ("--help".equals(rest[0]) || "-h".equals(rest[0]));
        try {
            switch (args[0]) {
                case "demo": if (help) { System.out.println(DEMO_HELP); } else { demo(rest); } break;
                case "proxy": if (help) { System.out.println(PROXY_HELP); } else { proxy(rest); } break;
                case "origin": if (help) { System.out.println(ORIGIN_HELP); } else { origin(rest); } break;
                default:
                    System.err.println("unknown command: " + args[0] + "\n" + USAGE);
                    System.exit(2);
            }
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void demo(String[] a) throws Exception {
        Args args = new Args(a, Set.of("--requests", "--clients", "--backend", "--policy", "--websocket", "--messages"),
                Set.of("--json"));
        String backend = args.value("--backend", "h1");
        if (!List.of("h1", "h2c", "https", "h2").contains(backend)) {
            throw new IllegalArgumentException("--backend must be h1, h2c, https or h2: " + backend);
        }
        boolean multiplexed = backend.equals("h2c") || backend.equals("h2");
        ReusePolicy policy = policy(args.value("--policy", multiplexed ? "always" : "safe"));
        if (args.value("--websocket", null) != null) {
            if (!List.of("h1", "h2c").contains(backend)) {
                throw new IllegalArgumentException("--websocket runs with --backend h1 or h2c: " + backend);
            }
            webSocketDemo(args, backend.equals("h2c") ? Backend.Protocol.H2C : Backend.Protocol.H1, policy);
            return;
        }
        int requests = args.integer("--requests", 20_000);
        int clients = args.integer("--clients", 64);
        if (requests < 1 || clients < 1) {
            throw new IllegalArgumentException("--requests and --clients must be ≥ 1");
        }
        System.err.printf(Locale.ROOT, "demo: %,d requests over %d keep-alive client connections, backend %s, policy %s%n",
                requests, clients, backend, policy.name().toLowerCase(Locale.ROOT));
        DemoResult r = Demo.run(requests, clients, backend, policy, System.err);
        System.out.print(r.table());
        if (args.flag("--json")) {
            System.out.println(r.json());
        }
    }

    private static void webSocketDemo(Args args, Backend.Protocol backend, ReusePolicy policy) throws Exception {
        int n = args.integer("--websocket", 0);
        int messages = args.integer("--messages", 100);
        if (n < 1 || messages < 1) {
            throw new IllegalArgumentException("--websocket and --messages must be ≥ 1");
        }
        System.err.printf(Locale.ROOT, "demo: %d WebSockets x %d messages, backend %s, policy %s%n", n, messages,
                backend.name().toLowerCase(Locale.ROOT), policy.name().toLowerCase(Locale.ROOT));
        WebSocketDemoResult r = WebSocketDemo.run(n, messages, backend, policy, System.err);
        System.out.print(r.table());
        if (args.flag("--json")) {
            System.out.println(r.json());
        }
    }

    private static void proxy(String[] a) throws Exception {
        Args args = new Args(a, Set.of("--listen", "--backend", "--policy", "--max-idle-per-target", "--max-reuse",
                "--purge-delay-ms", "--max-idle-per-session", "--low-idle", "--loops", "--connect-timeout-ms", "--response-timeout-ms",
                "--idle-timeout-ms", "--health-check", "--health-interval-ms", "--health-fall", "--health-backoff-ms",
                "--health-backoff-max-ms", "--tunnel-timeout-ms", "--trust-pem", "--tls-cert", "--tls-key"),
                Set.of("--insecure-skip-verify"));
        List<Backend> backends = new ArrayList<>();
        for (String b : args.all("--backend")) {
            backends.add(Backend.parse(b));
        }
        ProxyConfig cfg = ProxyConfig.defaults(Backend.parseAddress(args.value("--listen", "127.0.0.1:8080")), backends,
                policy(args.value("--policy", "safe")));
        cfg = cfg.withLimits(args.integer("--max-idle-per-target", -1), args.integer("--max-reuse", -1),
                args.integer("--purge-delay-ms", 5_000), args.integer("--max-idle-per-session", 5))
                .withLoops(args.integer("--loops", cfg.loops())).withLowIdle(args.integer("--low-idle", 0))
                .withTimeouts(args.integer("--connect-timeout-ms", 2_000), args.integer("--response-timeout-ms", 30_000),
                        args.integer("--idle-timeout-ms", 60_000))
                .withTunnelTimeout(args.integer("--tunnel-timeout-ms", 3_600_000))
                .withTls(tlsSettings(args));
        HealthConfig h = HealthConfig.DEFAULTS;
        cfg = cfg.withHealth(h.withPassive(args.integer("--health-fall", h.fall()),
                args.integer("--health-backoff-ms", (int) h.backoffMs()),
                args.integer("--health-backoff-max-ms", (int) h.backoffMaxMs()))
                .withCheck(args.value("--health-check", null), args.integer("--health-interval-ms",
                        (int) h.checkIntervalMs())));
        if (cfg.tls().insecureSkipVerify()) {
            System.err.println("WARNING: --insecure-skip-verify: backend certificates and host names are NOT verified."
                    + " Anyone on the path can read and change the traffic. For testing only.");
        }
        ReverseProxy proxy = ReverseProxy.start(cfg);
        System.err.println("proxy listening on " + cfg.listen().getHostString() + ":" + proxy.port() + ", policy "
                + cfg.policy().name().toLowerCase(Locale.ROOT) + ", backends " + backends
                + "; stats at /tether/stats.html");
        awaitShutdown(proxy::close);
    }

    private static void origin(String[] a) throws Exception {
        Args args = new Args(a, Set.of("--listen", "--close-after", "--goaway-after", "--idle-close-ms", "--loops"),
                Set.of("--h2c", "--ntlm"));
        OriginConfig cfg = new OriginConfig(args.flag("--ntlm"), args.integer("--close-after", 0),
                args.integer("--goaway-after", 0), args.integer("--idle-close-ms", 0));
        OriginServer origin = OriginServer.start(Backend.parseAddress(args.value("--listen", "127.0.0.1:9000")), cfg,
                args.integer("--loops", 1));
        System.err.println("origin listening on " + origin.address().getHostString() + ":" + origin.port() + " (" + cfg
                + ")");
        awaitShutdown(origin::close);
    }

    private static TlsSettings tlsSettings(Args args) throws java.io.IOException {
        List<java.security.cert.X509Certificate> trust = new ArrayList<>();
        for (String f : args.all("--trust-pem")) {
            trust.addAll(Pem.readCertificates(Path.of(f)));
        }
        String cert = args.value("--tls-cert", null);
        String key = args.value("--tls-key", null);
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        return new TlsSettings(trust, args.flag("--insecure-skip-verify"),
                cert == null ? List.of() : Pem.readCertificates(Path.of(cert)),
                key == null ? null : Pem.readPrivateKey(Path.of(key)));
    }

    private static ReusePolicy policy(String p) {
        try {
            return ReusePolicy.valueOf(p.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--policy must be never, safe, aggressive or always: " + p);
        }
    }

    private static void awaitShutdown(Runnable stop) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run(); // graceful: in-flight requests finish first
            done.countDown();
        }, "shutdown"));
        done.await();
    }
}
