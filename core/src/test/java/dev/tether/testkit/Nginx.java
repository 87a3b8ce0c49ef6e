package dev.tether.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Starts Debian's nginx for an interop test, in the foreground with one worker, everything it
 * writes (pid, logs, temp files) under the test's directory, listening on a free port of 127.0.0.1.
 * The test supplies only what goes inside the {@code http} block.
 *
 * <p>Thread safety: stateless.
 */
public final class Nginx {
    private Nginx() {
    }

    /**
     * Writes {@code dir/nginx.conf} and starts nginx with it (skips, or fails under CI, when nginx is
     * not installed).
     *
     * @param dir the prefix directory: receives the configuration, {@code logs/} and {@code tmp/}
     * @param http the directives of the {@code http} block, given the port to listen on
     * @return the running server; {@link ExternalProcess#port()} is that port
     * @throws Exception if the directory cannot be written or nginx does not start
     */
    public static ExternalProcess start(Path dir, IntFunction<String> http) throws Exception {
        Path nginx = ExternalResources.binary("nginx", "nginx");
        int port = ExternalProcess.freePort();
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("logs"));
        String conf = String.join("\n",
                "daemon off;", "master_process off;", "worker_processes 1;",
                "error_log " + dir.resolve("logs/error.log") + " warn;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "events { worker_connections 1024; }",
                "http {",
                "  client_body_temp_path " + tmp.resolve("body") + "; proxy_temp_path " + tmp.resolve("proxy") + ";",
                "  fastcgi_temp_path " + tmp.resolve("fcgi") + "; uwsgi_temp_path " + tmp.resolve("uwsgi") + ";",
                "  scgi_temp_path " + tmp.resolve("scgi") + ";",
                http.apply(port),
                "}", "");
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, conf);
        return ExternalProcess.server(port, List.of(nginx.toString(), "-p", dir + "/", "-c", file.toString()),
                dir.resolve("logs/stdout.log"));
    }
}
