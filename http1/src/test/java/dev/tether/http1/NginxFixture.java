package dev.tether.http1;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.testkit.AccessLog;
import dev.tether.testkit.ExternalProcess;
import dev.tether.testkit.Nginx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a real nginx on 127.0.0.1 for interop tests, as the current user, with a generated
 * configuration, logs and pid in a temporary directory. Every response carries {@code X-Conn}
 * ({@code $connection}) and {@code X-Conn-Requests} ({@code $connection_requests}) so that tests
 * prove reuse from the server's side; its access log ({@link #accessLog()}) records the same for every
 * request it answered.
 *
 * <p>Locations: {@code /cl} (Content-Length body), {@code /ssi/page.txt} (chunked: SSI output has no
 * length), {@code /static/file.txt} (a file, for HEAD and 304), {@code /close} (keep-alive off, so
 * nginx answers with {@code Connection: close}).
 *
 * <p>Invariants: {@link #port} is bound only by this nginx while it runs; {@link #close} stops it.
 *
 * <p>Thread safety: confined to the test thread.
 */
@NotThreadSafe
final class NginxFixture implements AutoCloseable {
    static final String CL_BODY = "hello from nginx with a content-length\n";
    static final String FILE_BODY = "static file served by nginx\n";

    final int port;
    private final ExternalProcess server;
    private final Path dir;

    private NginxFixture(int port, ExternalProcess server, Path dir) {
        this.port = port;
        this.server = server;
        this.dir = dir;
    }

    static NginxFixture start() throws Exception {
        Path dir = Files.createTempDirectory("tether-nginx");
        Files.createDirectories(dir.resolve("www/ssi"));
        Files.createDirectories(dir.resolve("www/static"));
        Files.writeString(dir.resolve("www/ssi/page.txt"), "chunked <!--# echo var=\"uri\" --> from nginx ssi\n");
        Files.writeString(dir.resolve("www/static/file.txt"), FILE_BODY);
        ExternalProcess server = Nginx.start(dir, port -> http(dir, port));
        return new NginxFixture(server.port(), server, dir);
    }

    private static String http(Path dir, int port) {
        return AccessLog.nginxDirectives(dir.resolve("logs/access.log")) + "\n"
                + "  keepalive_requests 1000;\n"
                + "  keepalive_timeout 30s;\n"
                + "  default_type text/plain;\n"
                + "  server {\n"
                + "    listen 127.0.0.1:" + port + ";\n"
                + "    root " + dir.resolve("www") + ";\n"
                + "    add_header X-Conn $connection always;\n"
                + "    add_header X-Conn-Requests $connection_requests always;\n"
                + "    location = /cl { return 200 \"" + CL_BODY.replace("\n", "\\n") + "\"; }\n"
                + "    location /ssi/ { ssi on; ssi_types text/plain; }\n"
                + "    location /static/ { etag on; }\n"
                + "    location = /close { keepalive_timeout 0; return 200 \"bye\\n\"; }\n"
                + "  }";
    }

    /**
     * The requests nginx logged on one of its connections, waiting (bounded) for {@code count} of them.
     *
     * @param connection nginx's {@code $connection}
     * @param count the requests expected
     */
    List<AccessLog.Line> accessLog(String connection, int count) throws IOException {
        return AccessLog.await(dir.resolve("logs/access.log"), l -> l.connection().equals(connection), count, 5_000);
    }

    String log() throws IOException {
        return server.log();
    }

    @Override
    public void close() {
        server.close();
        ExternalProcess.deleteTree(dir);
    }
}
