package dev.tether.examples;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.chaos.Chaos;
import dev.tether.examples.chaos.ChaosOptions;
import dev.tether.examples.chaos.ChaosResult;
import dev.tether.examples.origin.Fault;
import dev.tether.examples.proxy.Backend;

import java.io.PrintStream;
import java.nio.file.Paths;
import java.util.Set;

/**
 * The {@code chaos} command: the origin injects a seeded fault mix, the proxy runs as a child process
 * in front of it, clients check every answer; a summary table follows (and one JSON line with
 * {@code --json}).
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class ChaosCommand {
    static final String HELP = String.join("\n",
            "usage: chaos [--seconds 60] [--clients 64] [--backend h1|h2c] [--policy safe] [--faults all|none|LIST]",
            "             [--fault-rate 0.05] [--seed N] [--clean-seconds N] [--sample-csv FILE] [--sample-seconds 10]",
            "             [--json] [--verbose]",
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

    private ChaosCommand() {
    }

    /**
     * Runs chaos as {@code argv} describes.
     *
     * @param argv the arguments after {@code chaos}
     * @param out where the table and JSON go
     * @param err where progress goes
     * @throws UsageException if an option is unknown, missing or malformed
     * @throws Exception if the run fails
     */
    static void run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args args = new Args(argv, Set.of("--seconds", "--clients", "--backend", "--policy", "--faults", "--fault-rate",
                "--seed", "--clean-seconds", "--sample-csv", "--sample-seconds"), Set.of("--json"));
        ChaosOptions d = ChaosOptions.defaults();
        String backend = args.value("--backend", "h1");
        if (!"h1".equals(backend) && !"h2c".equals(backend)) {
            throw new UsageException("--backend must be h1 or h2c: " + backend);
        }
        Set<Fault> faults;
        try {
            faults = Fault.parse(args.value("--faults", "all"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--faults: " + e.getMessage());
        }
        String sample = args.value("--sample-csv", null);
        ChaosOptions o = new ChaosOptions(args.integer("--seconds", d.seconds(), 1),
                args.integer("--clients", d.clients(), 1), "h2c".equals(backend) ? Backend.Protocol.H2C
                : Backend.Protocol.H1, ProxyCommand.policy(args.value("--policy", "safe")), faults,
                args.decimal("--fault-rate", d.faultRate(), 0, 1), args.integer("--seed", (int) d.seed(), 0),
                args.integer("--clean-seconds", 0, 0), sample == null ? null : Paths.get(sample),
                args.integer("--sample-seconds", d.sampleSeconds(), 1));
        ChaosResult r = Chaos.run(o, err);
        out.print(r.table());
        if (args.flag("--json")) {
            out.println(r.json());
        }
    }
}
