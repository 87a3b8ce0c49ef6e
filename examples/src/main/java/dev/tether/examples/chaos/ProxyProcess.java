package dev.tether.examples.chaos;

import dev.tether.core.annotations.ThreadSafe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The proxy under test as a child process (this JVM's class path, {@code Main proxy ...}), so that
 * the open files, threads and heap measured are the proxy's own: files and threads from
 * {@code /proc/<pid>}, the heap after a full GC that {@code jcmd} asks for, as the child's own GC log
 * reports it at the end of that collection (a separate reading would count what the load allocated
 * meanwhile; −1 when the JDK has no {@code jcmd}), the proxy's counters from its {@code /tether/stats}.
 *
 * <p>Invariants: {@link #port()} is known once the constructor returned; {@link #close()} ends the
 * process.
 *
 * <p>Thread safety: thread-safe: measurements may come from a sampler thread.
 */
@ThreadSafe
final class ProxyProcess implements AutoCloseable {
    /** The proxy's INFO line ({@code HH:mm:ss INFO listening on HOST:PORT}). */
    private static final Pattern LISTENING = Pattern.compile(" INFO listening on \\S*:(\\d+)$");
    /** A log line at WARNING or above, or a command-line error. */
    private static final Pattern WORRYING = Pattern.compile("^(\\S+ (WARNING|ERROR) |error: )");
    /** A full collection's GC log line ("Diagnostic Command" for {@code jcmd GC.run}): the heap after it. */
    private static final Pattern FULL_GC = Pattern.compile("Pause Full \\(.*?\\) \\d+M->(\\d+)M");

    private final Process process;
    private final int port;
    private final Path jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd");
    /** The child's GC log (deleted by {@link #close()}). */
    private final Path gcLog;

    /**
     * Starts the proxy and waits until it listens.
     *
     * @param args the arguments after {@code proxy}; must include {@code --listen HOST:0}
     * @throws IOException if it cannot start or does not say where it listens within 30 s
     */
    ProxyProcess(List<String> args) throws IOException {
        gcLog = Files.createTempFile("tether-proxy-gc", ".log");
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Xlog:gc:file=" + gcLog, "-cp", System.getProperty("java.class.path"),
                "dev.tether.examples.Main", "proxy"));
        cmd.addAll(args);
        process = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread t = new Thread(() -> watch(process.getErrorStream(), listening), "proxy-stderr");
        t.setDaemon(true);
        t.start();
        try {
            port = listening.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            Files.deleteIfExists(gcLog);
            throw new IOException("the proxy did not start: " + e, e);
        }
    }

    /** Reads the child's stderr: the port, then its log lines (WARNING and above go to our stderr). */
    private static void watch(InputStream err, CompletableFuture<Integer> listening) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    listening.complete(Integer.parseInt(m.group(1)));
                } else if (WORRYING.matcher(line).find()) {
                    System.err.println("proxy: " + line);
                }
            }
        } catch (IOException e) {
            // The process ended.
        }
        listening.completeExceptionally(new IOException("the proxy exited"));
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** The proxy's open file descriptors. */
    int openFds() {
        String[] fds = Paths.get("/proc", Long.toString(process.pid()), "fd").toFile().list();
        return fds == null ? -1 : fds.length;
    }

    /** The proxy's threads, or −1. */
    int threads() {
        try {
            for (String l : Files.readAllLines(Paths.get("/proc", Long.toString(process.pid()), "status"))) {
                if (l.startsWith("Threads:")) {
                    return Integer.parseInt(l.substring(8).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Gone.
        }
        return -1;
    }

    /** The proxy's used heap right after a full GC, in MiB rounded down, or −1 when it cannot be measured. */
    double heapAfterGcMb() {
        if (!Files.isExecutable(jcmd)) {
            return -1;
        }
        try {
            run(List.of(jcmd.toString(), Long.toString(process.pid()), "GC.run")); // returns once the GC ended
            Matcher m = FULL_GC.matcher(Files.readString(gcLog));
            long mb = -1;
            while (m.find()) {
                mb = Long.parseLong(m.group(1)); // the last one is the collection just asked for
            }
            return mb;
        } catch (IOException e) {
            return -1;
        }
    }

    private static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            p.destroy();
        }
    }

    /** The proxy's {@code /tether/stats} JSON. */
    String stats() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /tether/stats HTTP/1.1\r\nHost: chaos\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String r = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int body = r.indexOf("\r\n\r\n");
            return body < 0 ? "" : r.substring(body + 4);
        }
    }

    /** The first number after {@code "key":} in {@code json}, or −1. */
    static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(-?\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The sum of every number after {@code "key":} in {@code json}. */
    static long sum(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(-?\\d+)").matcher(json);
        long n = 0;
        while (m.find()) {
            n += Long.parseLong(m.group(1));
        }
        return n;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(gcLog);
        } catch (IOException e) {
            // A temporary file left behind.
        }
    }
}
