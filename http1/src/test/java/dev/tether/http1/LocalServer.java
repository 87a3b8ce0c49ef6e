package dev.tether.http1;

import dev.tether.core.annotations.NotThreadSafe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server process (nginx, haproxy) started by a test on 127.0.0.1 with a generated configuration in
 * a temporary directory, and stopped when closed.
 *
 * <p>Invariants: the process is alive from a successful {@link #start} until {@link #close}; every
 * wait is bounded (10 s to listen, 5 s to stop).
 *
 * <p>Thread safety: confined to the test thread.
 */
@NotThreadSafe
final class LocalServer implements AutoCloseable {
    private final Process process;
    private final Path log;

    private LocalServer(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Asks the OS for a free port on 127.0.0.1. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts {@code command} and waits until 127.0.0.1:{@code port} accepts connections.
     *
     * @param command the command line
     * @param dir the working directory, which also receives {@code process.log}
     * @param port the port the server listens on
     * @return the running server
     */
    static LocalServer start(List<String> command, Path dir, int port) throws IOException, InterruptedException {
        Path log = dir.resolve("process.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        LocalServer server = new LocalServer(p, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (p.waitFor(50, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(command.get(0) + " exited with " + p.exitValue() + ": "
                        + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return server;
            } catch (IOException notYet) {
                // not listening yet; the waitFor above bounds the pace
            }
        }
        server.close();
        throw new IllegalStateException(command.get(0) + " did not listen on " + port + ": " + Files.readString(log));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes a temporary directory tree, ignoring what cannot be deleted. */
    static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover temp dir is harmless
        }
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
