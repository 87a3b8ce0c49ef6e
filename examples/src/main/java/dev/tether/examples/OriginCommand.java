package dev.tether.examples;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.origin.Fault;
import dev.tether.examples.origin.Faults;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.origin.OriginServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;

/**
 * The {@code origin} command: checks every option (naming the flag in each error) and starts the
 * embedded {@link OriginServer}.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class OriginCommand {
    static final String HELP = String.join("\n",
            "usage: origin [--listen HOST:PORT] [--h2c] [--ntlm] [--close-after N] [--goaway-after N]",
            "              [--idle-close-ms N] [--loops N] [--faults all|none|LIST] [--fault-rate 0.05] [--seed N]",
            "              [--stall-ms 3000] [--drip-ms 2] [--verbose]",
            "",
            "Answers HTTP/1.1 and h2c (prior knowledge, detected from the preface; --h2c documents the intent).",
            "Every response carries x-conn-id and x-conn-request. Paths: /delay/<ms>, /bytes/<n>, /close,",
            "and /ws/echo, a WebSocket echo (HTTP/1.1 Upgrade, or RFC 8441 extended CONNECT over h2c).",
            "A request with an x-request-id gets a body naming it with a checksum (/chaos/<n>: n payload",
            "bytes) and, with --faults, a fault drawn per request from a seeded mix (see chaos --help).",
            "Options take their value as --opt VALUE or --opt=VALUE; 0 turns a behaviour off.",
            "Default --listen 127.0.0.1:9000.");

    private OriginCommand() {
    }

    /**
     * Starts the origin described by {@code argv}.
     *
     * @param argv the arguments after {@code origin}
     * @return the running origin
     * @throws UsageException if an option is unknown, missing or malformed
     * @throws StartupException if the host does not resolve or the port cannot be bound
     */
    static OriginServer start(String[] argv) throws UsageException, StartupException {
        Args args = new Args(argv, Set.of("--listen", "--close-after", "--goaway-after", "--idle-close-ms", "--loops",
                "--faults", "--fault-rate", "--seed", "--stall-ms", "--drip-ms"), Set.of("--h2c", "--ntlm"));
        Set<Fault> kinds;
        try {
            kinds = Fault.parse(args.value("--faults", "none"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--faults: " + e.getMessage());
        }
        Faults faults = new Faults(kinds, args.decimal("--fault-rate", 0.05, 0, 1), args.integer("--seed", 1, 0),
                args.integer("--stall-ms", 3_000, 1), args.integer("--drip-ms", 2, 1));
        OriginConfig cfg = new OriginConfig(args.flag("--ntlm"), args.integer("--close-after", 0, 0),
                args.integer("--goaway-after", 0, 0), args.integer("--idle-close-ms", 0, 0), faults);
        int loops = args.integer("--loops", 1, 1, Args.MAX_LOOPS);
        InetSocketAddress listen = ProxyCommand.address("--listen", args.value("--listen", "127.0.0.1:9000"));
        try {
            return OriginServer.start(listen, cfg, loops);
        } catch (IOException e) {
            throw ProxyCommand.cannotListen("--listen", listen, e);
        }
    }
}
