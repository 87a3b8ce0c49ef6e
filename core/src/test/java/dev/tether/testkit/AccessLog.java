package dev.tether.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * A real server's access log, read back so that an interop test proves reuse from the server's
 * side: one line per request the server answered, naming the server-side connection that carried it
 * and, where the server counts them, how many requests that connection had carried.
 *
 * <p>Line form: {@code tether <connection> <requestsOnConnection|-> <request line>}; other lines
 * (the server's own messages in a shared stdout log) are skipped.
 *
 * <p>Thread safety: stateless.
 */
public final class AccessLog {
    private static final String TAG = "tether ";

    /**
     * One request the server answered.
     *
     * @param connection the server's connection id ({@code $connection}, or the client port)
     * @param requestsOnConnection requests on that connection up to this one, or −1 if the server
     *     does not count them
     * @param request the request line
     */
    public record Line(String connection, long requestsOnConnection, String request) {
    }

    private AccessLog() {
    }

    /**
     * nginx directives (inside {@code http}) that write every request to {@code file} in this form.
     *
     * @param file the log file
     * @return the {@code log_format} and {@code access_log} directives
     */
    public static String nginxDirectives(Path file) {
        return "  log_format tether 'tether $connection $connection_requests $request';\n"
                + "  access_log " + file + " tether;";
    }

    /**
     * HAProxy {@code defaults} lines that log every request to stdout in this form, with the client's
     * port as the connection (HAProxy has no per-connection request count).
     *
     * @return the {@code log} and {@code log-format} lines, each ending in a newline
     */
    public static String haproxyDefaults() {
        return "  log stdout format raw local0\n"
                + "  option httplog\n"
                + "  log-format \"tether %cp - %{+Q}r\"\n";
    }

    /**
     * The lines written so far.
     *
     * @param file the log
     * @return the requests, in the order the server logged them
     * @throws IOException if the file cannot be read
     */
    public static List<Line> read(Path file) throws IOException {
        List<Line> lines = new ArrayList<>();
        if (!Files.exists(file)) {
            return lines;
        }
        for (String raw : Files.readAllLines(file)) {
            int at = raw.indexOf(TAG);
            if (at < 0) {
                continue;
            }
            String[] f = raw.substring(at + TAG.length()).split(" ", 3);
            if (f.length < 3) {
                continue;
            }
            lines.add(new Line(f[0], f[1].equals("-") ? -1 : Long.parseLong(f[1]), unquote(f[2])));
        }
        return lines;
    }

    /**
     * Waits (at most {@code millis}) until the log holds at least {@code count} requests matching
     * {@code filter}, since a server may write its log line just after the response left.
     *
     * @param file the log
     * @param filter which requests count
     * @param count the requests expected
     * @param millis the bound
     * @return the matching lines read last (fewer than {@code count} if the bound passed)
     * @throws IOException if the file cannot be read
     */
    public static List<Line> await(Path file, Predicate<Line> filter, int count, long millis) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        List<Line> lines = read(file).stream().filter(filter).toList();
        while (lines.size() < count && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            lines = read(file).stream().filter(filter).toList();
        }
        return lines;
    }

    /**
     * The requests grouped by the connection that carried them, connections in order of first use.
     *
     * @param lines the log
     * @return connection id to its requests
     */
    public static Map<String, List<Line>> byConnection(List<Line> lines) {
        Map<String, List<Line>> map = new LinkedHashMap<>();
        for (Line l : lines) {
            map.computeIfAbsent(l.connection(), k -> new ArrayList<>()).add(l);
        }
        return map;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
