package dev.tether.examples;

import dev.tether.core.annotations.ThreadSafe;
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
            "              [--idle-close-ms N] [--loops N] [--verbose]",
            "",
            "Answers HTTP/1.1 and h2c (prior knowledge, detected from the preface; --h2c documents the intent).",
            "Every response carries x-conn-id and x-conn-request. Paths: /delay/<ms>, /bytes/<n>, /close,",
            "and /ws/echo, a WebSocket echo (HTTP/1.1 Upgrade, or RFC 8441 extended CONNECT over h2c).",
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
        Args args = new Args(argv, Set.of("--listen", "--close-after", "--goaway-after", "--idle-close-ms", "--loops"),
                Set.of("--h2c", "--ntlm"));
        OriginConfig cfg = new OriginConfig(args.flag("--ntlm"), args.integer("--close-after", 0, 0),
                args.integer("--goaway-after", 0, 0), args.integer("--idle-close-ms", 0, 0));
        int loops = args.integer("--loops", 1, 1);
        InetSocketAddress listen = ProxyCommand.address("--listen", args.value("--listen", "127.0.0.1:9000"));
        try {
            return OriginServer.start(listen, cfg, loops);
        } catch (IOException e) {
            throw ProxyCommand.cannotListen("--listen", listen, e);
        }
    }
}
