package dev.tether.examples;

import dev.tether.core.annotations.NotThreadSafe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: runs an external program (nginx, nghttpd as servers; curl, h2load, chromium as
 * clients) with bounded waits, and stops it.
 *
 * <p>Invariants: {@link #close()} destroys the process; every wait is bounded.
 *
 * <p>Thread safety: single test thread.
 */
@NotThreadSafe
final class ExternalProcess implements AutoCloseable {
    final int port;
    final Process process;

    private ExternalProcess(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    /** Starts a server and waits (at most 5 s) until it accepts connections on {@code port}. */
    static ExternalProcess server(int port, List<String> command, Path log) throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        ExternalProcess server = new ExternalProcess(port, p);
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return server;
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    throw new IOException(command.get(0) + " exited: " + Files.readString(log));
                }
                p.waitFor(50, TimeUnit.MILLISECONDS);
            }
        }
        server.close();
        throw new IOException(command.get(0) + " did not listen on " + port);
    }

    /** Runs a client to completion (at most {@code seconds}) and returns its stdout (stderr goes to {@code log.err}). */
    static String run(List<String> command, Path log, long seconds) throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command).redirectOutput(log.toFile())
                .redirectError(log.resolveSibling(log.getFileName() + ".err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                throw new IOException(command.get(0) + " did not finish in " + seconds + " s: " + Files.readString(log));
            }
        } finally {
            p.destroyForcibly();
        }
        return Files.readString(log);
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
}
