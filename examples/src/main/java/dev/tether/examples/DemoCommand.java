package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.load.Demo;
import dev.tether.examples.load.DemoResult;
import dev.tether.examples.load.WebSocketDemo;
import dev.tether.examples.load.WebSocketDemoResult;
import dev.tether.examples.proxy.Backend;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code demo} command: an origin, the proxy and a load of keep-alive clients in one process,
 * then a summary table (and one JSON line with {@code --json}).
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class DemoCommand {
    static final String HELP = String.join("\n",
            "usage: demo [--requests 20000] [--clients 64] [--backend h1|h2c|https|h2] [--policy P] [--json] [--verbose]",
            "       demo --websocket N [--messages 100] [--backend h1|h2c] [--policy P] [--json]",
            "",
            "Starts an origin and the proxy on free loopback ports, runs the requests over keep-alive",
            "client connections through the proxy, and prints a summary. --policy defaults to safe for",
            "h1 and https and to always for h2c and h2 (under safe, docs/behaviour.md R26 reserves each new",
            "multiplexed connection to the session that opened it). https and h2 run everything over TLS",
            "(clients to the proxy, and the proxy to the origin with ALPN http/1.1 or h2) with a self-signed",
            "certificate made at start-up. With --json the last line is one JSON object.",
            "",
            "With --websocket N it opens N WebSockets through the proxy to the origin's /ws/echo instead,",
            "all at once, exchanges --messages each, and reports messages, bytes, round-trip p50/p99 and",
            "backend connections: one per WebSocket over h1, shared RFC 8441 streams over h2c.");

    private DemoCommand() {
    }

    /**
     * Runs the demo described by {@code argv}.
     *
     * @param argv the arguments after {@code demo}
     * @param out where the table and JSON go
     * @param err where progress goes
     * @throws UsageException if an option is unknown, missing or malformed
     * @throws Exception if the demo fails
     */
    static void run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args args = new Args(argv, Set.of("--requests", "--clients", "--backend", "--policy", "--websocket", "--messages"),
                Set.of("--json"));
        String backendName = args.value("--backend", "h1");
        if (!List.of("h1", "h2c", "https", "h2").contains(backendName)) {
            throw new UsageException("--backend must be h1, h2c, https or h2: " + backendName);
        }
        boolean multiplexed = backendName.equals("h2c") || backendName.equals("h2");
        ReusePolicy policy = ProxyCommand.policy(args.value("--policy", multiplexed ? "always" : "safe"));
        if (args.value("--websocket", null) != null) {
            if (!List.of("h1", "h2c").contains(backendName)) {
                throw new UsageException("--websocket runs with --backend h1 or h2c: " + backendName);
            }
            webSockets(args, "h2c".equals(backendName) ? Backend.Protocol.H2C : Backend.Protocol.H1, policy, out, err);
            return;
        }
        int requests = args.integer("--requests", 20_000, 1);
        int clients = args.integer("--clients", 64, 1);
        err.printf(Locale.ROOT, "demo: %,d requests over %d keep-alive client connections, backend %s, policy %s%n",
                requests, clients, backendName, policy.name().toLowerCase(Locale.ROOT));
        DemoResult r = Demo.run(requests, clients, backendName, policy, err);
        out.print(r.table());
        if (args.flag("--json")) {
            out.println(r.json());
        }
    }

    /** {@code demo --websocket N}: N WebSockets at once through the proxy to the origin's echo. */
    private static void webSockets(Args args, Backend.Protocol backend, ReusePolicy policy, PrintStream out,
                                   PrintStream err) throws Exception {
        int n = args.integer("--websocket", 1, 1);
        int messages = args.integer("--messages", 100, 1);
        err.printf(Locale.ROOT, "demo: %d WebSockets x %d messages, backend %s, policy %s%n", n, messages,
                backend.name().toLowerCase(Locale.ROOT), policy.name().toLowerCase(Locale.ROOT));
        WebSocketDemoResult r = WebSocketDemo.run(n, messages, backend, policy, err);
        out.print(r.table());
        if (args.flag("--json")) {
            out.println(r.json());
        }
    }
}
