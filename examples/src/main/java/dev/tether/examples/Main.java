package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.load.Demo;
import dev.tether.examples.load.DemoResult;
import dev.tether.examples.load.WebSocketDemo;
import dev.tether.examples.load.WebSocketDemoResult;
import dev.tether.examples.chaos.Chaos;
import dev.tether.examples.chaos.ChaosOptions;
import dev.tether.examples.chaos.ChaosResult;
import dev.tether.examples.origin.Fault;
import dev.tether.examples.origin.Faults;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.origin.OriginServer;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ClientLimits;
import dev.tether.examples.proxy.HealthConfig;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;

import java.nio.file.Paths;
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
            "  chaos    run a load through the proxy while the origin injects faults; check every answer",
            "  proxy    run the reverse proxy in front of real backends",
            "  origin   run the embedded origin server (x-conn-id on every response)",
            "",
            "Run a command with --help for its options.");

    static final String PROXY_HELP = String.join("\n",
            "usage: proxy --listen HOST:PORT --backend h1://HOST:PORT|h2c://HOST:PORT [--backend ...]",
            "             [--policy never|safe|aggressive|always] [--max-idle-per-target N] [--max-reuse N]",
            "             [--purge-delay-ms N] [--max-idle-per-session N] [--low-idle N] [--loops N]",
            "             [--connect-timeout-ms N] [--response-timeout-ms N] [--idle-timeout-ms N]",
            "             [--health-check PATH] [--health-interval-ms N] [--health-fall N]",
            "             [--health-backoff-ms N] [--health-backoff-max-ms N] [--tunnel-timeout-ms N]",
            "             [--max-header-list-size N] [--max-client-streams N] [--max-client-connections N]",
            "             [--request-header-timeout-ms N] [--max-rapid-resets N]",
            "",
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
            "refused with 405: this is a reverse proxy, not a forward proxy.");

    static final String ORIGIN_HELP = String.join("\n",
            "usage: origin [--listen HOST:PORT] [--h2c] [--ntlm] [--close-after N] [--goaway-after N]",
            "              [--idle-close-ms N] [--loops N] [--faults all|none|LIST] [--fault-rate 0.05] [--seed N]",
            "              [--stall-ms 3000] [--drip-ms 2]",
            "",
            "Answers HTTP/1.1 and h2c (prior knowledge, detected from the preface; --h2c documents the intent).",
            "Every response carries x-conn-id and x-conn-request. Paths: /delay/<ms>, /bytes/<n>, /close,",
            "and /ws/echo, a WebSocket echo (HTTP/1.1 Upgrade, or RFC 8441 extended CONNECT over h2c).",
            "A request with an x-request-id gets a body naming it with a checksum (/chaos/<n>: n payload",
            "bytes) and, with --faults, a fault drawn per request from a seeded mix (see chaos --help).",
            "Default --listen 127.0.0.1:9000.");

    static final String CHAOS_HELP = String.join("\n",
            "usage: chaos [--seconds 60] [--clients 64] [--backend h1|h2c] [--policy safe] [--faults all|none|LIST]",
            "             [--fault-rate 0.05] [--seed N] [--clean-seconds N] [--sample-csv FILE] [--sample-seconds 10]",
            "             [--json]",
            "",
            "Starts the origin in this process with a seeded fault mix (LIST: comma-separated among",
            "reset-mid-body, close-after-headers, stall, slow-drip, wrong-length, goaway-low, refused-stream,",
            "internal-error, idle-close), the proxy as a child process in front of it, and keep-alive clients",
            "that check every answer: the intact body of the right request (each body names its request and",
            "carries a checksum), or a clean 502/503/504. Prints requests, ok, clean errors by reason, wrong",
            "answers, lost requests, replays, backend connections, and the proxy's open files and heap after",
            "a full GC at the start and at the end. --clean-seconds goes on without faults; --sample-csv",
            "writes the proxy's files, heap, threads and backend connections every --sample-seconds.",
            "With --json the last line is one JSON object. Progress goes to stderr.");

    static final String DEMO_HELP = String.join("\n",
            "usage: demo [--requests 20000] [--clients 64] [--backend h1|h2c] [--policy P] [--json]",
            "       demo --websocket N [--messages 100] [--backend h1|h2c] [--policy P] [--json]",
            "",
            "Starts an origin and the proxy on free loopback ports, runs the requests over keep-alive",
            "client connections through the proxy, and prints a summary. --policy defaults to safe for",
            "h1 and to always for h2c (under safe, REUSE-RULES.md R26 reserves each new multiplexed",
            "connection to the session that opened it). With --json the last line is one JSON object.",
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
                case "chaos": if (help) { System.out.println(CHAOS_HELP); } else { chaos(rest); } break;
                default:
                    System.err.println("unknown command: " + args[0] + "\n" + USAGE);
                    System.exit(2);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void demo(String[] a) throws Exception {
        Args args = new Args(a, Set.of("--requests", "--clients", "--backend", "--policy", "--websocket", "--messages"),
                Set.of("--json"));
        Backend.Protocol backend = "h2c".equals(args.value("--backend", "h1")) ? Backend.Protocol.H2C : Backend.Protocol.H1;
        if (!List.of("h1", "h2c").contains(args.value("--backend", "h1"))) {
            throw new IllegalArgumentException("--backend must be h1 or h2c: " + args.value("--backend", ""));
        }
        ReusePolicy policy = policy(args.value("--policy", backend == Backend.Protocol.H2C ? "always" : "safe"));
        if (args.value("--websocket", null) != null) {
            webSocketDemo(args, backend, policy);
            return;
        }
        int requests = args.integer("--requests", 20_000);
        int clients = args.integer("--clients", 64);
        if (requests < 1 || clients < 1) {
            throw new IllegalArgumentException("--requests and --clients must be ≥ 1");
        }
        System.err.printf(Locale.ROOT, "demo: %,d requests over %d keep-alive client connections, backend %s, policy %s%n",
                requests, clients, backend.name().toLowerCase(Locale.ROOT), policy.name().toLowerCase(Locale.ROOT));
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
                "--health-backoff-max-ms", "--tunnel-timeout-ms", "--max-header-list-size", "--max-client-streams",
                "--max-client-connections", "--request-header-timeout-ms", "--max-rapid-resets"), Set.of());
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
                .withTunnelTimeout(args.integer("--tunnel-timeout-ms", 3_600_000));
        HealthConfig h = HealthConfig.DEFAULTS;
        cfg = cfg.withHealth(h.withPassive(args.integer("--health-fall", h.fall()),
                args.integer("--health-backoff-ms", (int) h.backoffMs()),
                args.integer("--health-backoff-max-ms", (int) h.backoffMaxMs()))
                .withCheck(args.value("--health-check", null), args.integer("--health-interval-ms",
                        (int) h.checkIntervalMs())));
        ClientLimits l = ClientLimits.DEFAULTS;
        cfg = cfg.withClientLimits(new ClientLimits(args.integer("--max-header-list-size", l.maxHeaderListSize()),
                args.integer("--max-client-streams", l.maxClientStreams()),
                args.integer("--max-client-connections", l.maxClientConnections()),
                args.integer("--request-header-timeout-ms", (int) l.requestHeaderTimeoutMs()),
                args.integer("--max-rapid-resets", l.maxRapidResets())));
        ReverseProxy proxy = ReverseProxy.start(cfg);
        System.err.println("proxy listening on " + cfg.listen().getHostString() + ":" + proxy.port() + ", policy "
                + cfg.policy().name().toLowerCase(Locale.ROOT) + ", backends " + backends
                + "; stats at /tether/stats.html");
        awaitShutdown(proxy::close);
    }

    private static void chaos(String[] a) throws Exception {
        Args args = new Args(a, Set.of("--seconds", "--clients", "--backend", "--policy", "--faults", "--fault-rate",
                "--seed", "--clean-seconds", "--sample-csv", "--sample-seconds"), Set.of("--json"));
        ChaosOptions d = ChaosOptions.defaults();
        String sample = args.value("--sample-csv", null);
        ChaosOptions o = new ChaosOptions(args.integer("--seconds", d.seconds()), args.integer("--clients", d.clients()),
                protocol(args.value("--backend", "h1")), policy(args.value("--policy", "safe")),
                Fault.parse(args.value("--faults", "all")), args.decimal("--fault-rate", d.faultRate()),
                args.integer("--seed", (int) d.seed()), args.integer("--clean-seconds", 0),
                sample == null ? null : Paths.get(sample), args.integer("--sample-seconds", d.sampleSeconds()));
        ChaosResult r = Chaos.run(o, System.err);
        System.out.print(r.table());
        if (args.flag("--json")) {
            System.out.println(r.json());
        }
    }

    private static Backend.Protocol protocol(String p) {
        if (!List.of("h1", "h2c").contains(p)) {
            throw new IllegalArgumentException("--backend must be h1 or h2c: " + p);
        }
        return "h2c".equals(p) ? Backend.Protocol.H2C : Backend.Protocol.H1;
    }

    private static void origin(String[] a) throws Exception {
        Args args = new Args(a, Set.of("--listen", "--close-after", "--goaway-after", "--idle-close-ms", "--loops",
                "--faults", "--fault-rate", "--seed", "--stall-ms", "--drip-ms"), Set.of("--h2c", "--ntlm"));
        OriginConfig cfg = new OriginConfig(args.flag("--ntlm"), args.integer("--close-after", 0),
                args.integer("--goaway-after", 0), args.integer("--idle-close-ms", 0),
                new Faults(Fault.parse(args.value("--faults", "none")), args.decimal("--fault-rate", 0.05),
                        args.integer("--seed", 1), args.integer("--stall-ms", 3_000), args.integer("--drip-ms", 2)));
        OriginServer origin = OriginServer.start(Backend.parseAddress(args.value("--listen", "127.0.0.1:9000")), cfg,
                args.integer("--loops", 1));
        System.err.println("origin listening on " + origin.address().getHostString() + ":" + origin.port() + " (" + cfg
                + ")");
        awaitShutdown(origin::close);
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
