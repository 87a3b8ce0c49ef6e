package dev.tether.http2.interop;

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
 * Test helper: starts an external server process (nghttpd, nginx) on 127.0.0.1, waits until it
 * accepts connections, and stops it.
 *
 * <p>Invariants: the process is destroyed by {@link #close()}; waiting is bounded.
 *
 * <p>Thread safety: single test thread.
 */
@NotThreadSafe
final class ExternalServer implements AutoCloseable {
    final int port;
    final Process process;

    private ExternalServer(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    static ExternalServer start(int port, List<String> command, Path log) throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ExternalServer server = new ExternalServer(port, p);
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
