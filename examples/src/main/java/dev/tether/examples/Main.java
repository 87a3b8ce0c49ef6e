package dev.tether.examples;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.origin.OriginServer;
import dev.tether.examples.proxy.ReverseProxy;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * The entry point of {@code tether-examples.jar}: commands {@code proxy}, {@code origin},
 * {@code demo} and {@code chaos}, each with {@code --help}.
 *
 * <p>Invariants: every failure is one line on stderr starting {@code error: }, naming the option
 * it came from; the exit status is 0 on success, 2 for a wrong command line (unknown command or
 * option, missing or malformed value, no command at all) and 1 when a well-formed command fails
 * (a port in use, a host that does not resolve, a failure while running). A stack trace follows the
 * line only under {@code --verbose}.
 *
 * <p>Thread safety: stateless; {@link #run} runs on the calling thread.
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
            "Run a command with --help for its options. --verbose, with any command, logs at debug",
            "level and prints the stack trace of a failure.");

    private Main() {
    }

    /**
     * Runs a command and exits with its status when that is not 0.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        ConsoleLogging.install(System.err, Arrays.asList(args).contains("--verbose"));
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs a command; {@code proxy} and {@code origin} return only when the process is shutting down.
     *
     * @param argv the command line
     * @param out where help, tables and JSON go
     * @param err where errors, progress and logs go
     * @return the exit status: 0, 1 (runtime failure) or 2 (wrong command line)
     */
    static int run(String[] argv, PrintStream out, PrintStream err) {
        boolean verbose = Arrays.asList(argv).contains("--verbose");
        String[] args = Arrays.stream(argv).filter(a -> !a.equals("--verbose")).toArray(String[]::new);
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        String command = args[0];
        if (isHelp(command)) {
            out.println(USAGE);
            return 0;
        }
        String help = help(command);
        if (help == null) {
            err.println("error: unknown command: " + command + " (commands: demo, chaos, proxy, origin; see --help)");
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (Arrays.stream(rest).anyMatch(Main::isHelp)) {
            out.println(help);
            return 0;
        }
        try {
            switch (command) {
                case "demo":
                    DemoCommand.run(rest, out, err);
                    return 0;
                case "chaos":
                    ChaosCommand.run(rest, out, err);
                    return 0;
                case "proxy":
                    ReverseProxy proxy = ProxyCommand.start(rest);
                    awaitShutdown(proxy::close);
                    return 0;
                default:
                    OriginServer origin = OriginCommand.start(rest);
                    awaitShutdown(origin::close);
                    return 0;
            }
        } catch (UsageException e) {
            err.println("error: " + e.getMessage() + " (see " + command + " --help)");
            return 2;
        } catch (StartupException e) {
            return failed(err, e.getMessage(), e.getCause(), verbose);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(err, command + " interrupted", e, verbose);
        } catch (Exception | Error e) {
            return failed(err, command + " failed: " + e, e, verbose);
        }
    }

    private static int failed(PrintStream err, String message, Throwable cause, boolean verbose) {
        err.println("error: " + firstLine(message));
        if (verbose && cause != null) {
            cause.printStackTrace(err);
        }
        return 1;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static boolean isHelp(String arg) {
        return "--help".equals(arg) || "-h".equals(arg);
    }

    private static String help(String command) {
        switch (command) {
            case "demo":
                return DemoCommand.HELP;
            case "chaos":
                return ChaosCommand.HELP;
            case "proxy":
                return ProxyCommand.HELP;
            case "origin":
                return OriginCommand.HELP;
            default:
                return null;
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
