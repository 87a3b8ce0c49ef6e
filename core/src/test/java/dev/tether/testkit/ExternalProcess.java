package dev.tether.testkit;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An external program run by an interop test: a server (nginx, haproxy, nghttpd) started on
 * 127.0.0.1 and stopped when closed, a client (curl, h2load, nghttp, chromium) run to completion, or
 * a client started in the background and stopped when closed (a browser that keeps a page open).
 * Find the binary with {@link ExternalResources#binary}.
 *
 * <p>Invariants: every wait is bounded (10 s for a server to listen, 5 s to stop, the caller's
 * limit for a client); a server or background client is alive from a successful {@link #server} or
 * {@link #background} until {@link #close()}, which destroys it and every process it started; a
 * client never outlives {@link #run}.
 *
 * <p>Thread safety: confined to the test thread.
 */
public final class ExternalProcess implements AutoCloseable {
    private static final File NO_INPUT = new File("/dev/null");

    private final int port;
    private final Process process;
    private final Path log;

    private ExternalProcess(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * A port on 127.0.0.1 that was free a moment ago.
     *
     * @return the port
     * @throws IOException if no socket can be bound
     */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts a server in the directory of {@code log} and waits until 127.0.0.1:{@code port}
     * accepts connections.
     *
     * @param port the port the server listens on
     * @param command the command line
     * @param log the file that receives the server's stdout and stderr
     * @return the running server
     * @throws IOException if it exits or does not listen within 10 s (with its output)
     * @throws InterruptedException if interrupted while waiting
     */
    public static ExternalProcess server(int port, List<String> command, Path log)
            throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command).directory(log.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(NO_INPUT)).start();
        ExternalProcess server = new ExternalProcess(port, p, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() - deadline < 0) {
            if (p.waitFor(50, TimeUnit.MILLISECONDS)) {
                throw new IOException(command.get(0) + " exited with " + p.exitValue() + ": " + server.log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return server;
            } catch (IOException notYet) {
                // not listening yet; the waitFor above sets the pace
            }
        }
        server.close();
        throw new IOException(command.get(0) + " did not listen on " + port + ": " + server.log());
    }

    /**
     * Starts a client that runs until closed, such as a browser holding a page open while the test
     * watches what the page does from the server's side.
     *
     * @param command the command line
     * @param log the file that receives its stdout and stderr
     * @return the running client ({@link #port()} is 0)
     * @throws IOException if it cannot be started
     */
    public static ExternalProcess background(List<String> command, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT)).start();
        return new ExternalProcess(0, p, log);
    }

    /**
     * Runs a client to completion.
     *
     * @param command the command line
     * @param log the file that receives stdout; stderr goes to {@code log} + {@code .err}
     * @param seconds the longest it may run
     * @return its stdout
     * @throws IOException if it does not finish in time (with its output so far)
     * @throws InterruptedException if interrupted while waiting
     */
    public static String run(List<String> command, Path log, long seconds) throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command).redirectOutput(log.toFile())
                .redirectError(log.resolveSibling(log.getFileName() + ".err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT)).start();
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                throw new IOException(command.get(0) + " did not finish in " + seconds + " s: " + Files.readString(log));
            }
        } finally {
            p.destroyForcibly();
        }
        return Files.readString(log);
    }

    /**
     * Deletes a temporary directory tree, ignoring what cannot be deleted (a leftover is harmless).
     *
     * @param dir the tree's root
     */
    public static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** @return the port the server listens on */
    public int port() {
        return port;
    }

    /**
     * The server's output so far.
     *
     * @return stdout and stderr, or "" when there is none
     * @throws IOException if the log cannot be read
     */
    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /**
     * Stops the process: SIGTERM, then SIGKILL after 5 s; then SIGKILL to any process it started
     * that outlived it.
     */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
