package dev.tether.examples;

import dev.tether.examples.tls.SelfSignedCertificate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The command line as a user meets it: help, and every error as one line on stderr naming the
 * option (never a field of the code), with exit status 2 for a wrong command line and 1 for a
 * command that cannot start, and no stack trace unless {@code --verbose}.
 */
class MainTest {
    /** One in-process run of {@link Main#run}: its status and what it printed. */
    private record Run(int status, String out, String err) {
        /** Asserts a single line on stderr, nothing on stdout, no stack trace, and returns the line. */
        String oneErrorLine() {
            assertThat(out).as("stdout").isEmpty();
            assertThat(err.lines().toList()).as("stderr lines").hasSize(1);
            assertThat(err).as("stderr").startsWith("error: ").doesNotContain("\tat ", "Exception");
            return err.strip();
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyCommandHasHelpOnStdoutWithStatusZero() {
        assertThat(run("--help")).extracting(Run::status, Run::err).containsExactly(0, "");
        assertThat(run("--help").out()).contains("demo", "proxy", "origin", "--verbose");
        assertThat(run("proxy", "--help").out()).contains("--backend URL", "h1://HOST:PORT", "h2c://HOST:PORT",
                "https://HOST:PORT[?sni=NAME|@host&alpn=h2,http/1.1]", "--trust-pem FILE", "--insecure-skip-verify",
                "--tls-cert FILE --tls-key FILE", "--policy",
                "--max-idle-per-target", "--max-reuse", "--purge-delay-ms", "--max-idle-per-session", "--opt=VALUE");
        assertThat(run("origin", "--help").out()).contains("--h2c", "--ntlm", "--close-after", "--goaway-after",
                "--idle-close-ms");
        assertThat(run("demo", "--help").out()).contains("--requests 20000", "--clients 64", "--backend h1|h2c|https|h2",
                "--json");
        assertThat(run("chaos", "--help").out()).contains("--seconds 60", "--clients 64", "--backend h1|h2c",
                "--policy safe", "--faults all|none|LIST", "--seed N", "--json");
        assertThat(run("proxy", "--help").out()).contains("--max-header-list-size 65536", "--max-client-streams 128",
                "--max-client-connections 10000", "--request-header-timeout-ms 10000", "--idle-timeout-ms 60000",
                "--max-rapid-resets 200");
        assertThat(run("proxy", "--backend", "h1://127.0.0.1:1", "-h").status()).isZero();
    }

    @Test
    void helpCitesOnlyPagesOfTheRepository() {
        for (String help : List.of(Main.USAGE, ProxyCommand.HELP, OriginCommand.HELP, DemoCommand.HELP,
                ChaosCommand.HELP)) {
            assertThat(help).doesNotContain("../", "http://", "REUSE-" + "RULES").doesNotContainPattern("https://(?!HOST)");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("[\\w/.-]+\\.md").matcher(help);
            while (m.find()) {
                assertThat(Paths.get("..").resolve(m.group())).as("page named by --help").exists();
            }
        }
    }

    @Test
    void noCommandPrintsUsageOnStderrWithStatusTwo() {
        Run r = run();
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo(Main.USAGE);
    }

    @Test
    void wrongCommandLinesFailWithOneLineNamingTheOptionAndStatusTwo() {
        assertUsage(run("nope"), "error: unknown command: nope (commands: demo, chaos, proxy, origin; see --help)");
        assertUsage(run("proxy", "--backend", "h1://127.0.0.1:1", "--nope"),
                "error: unknown option: --nope (see proxy --help)");
        assertUsage(run("proxy", "--backend", "h1://127.0.0.1:1", "--listen"),
                "error: --listen needs a value (see proxy --help)");
        assertUsage(run("proxy"), "error: --backend is required: give at least one h1://HOST:PORT, h2c://HOST:PORT or"
                + " https://HOST:PORT (see proxy --help)");
        assertUsage(run("proxy", "--backend", "127.0.0.1:9000"), "error: --backend 127.0.0.1:9000: expected"
                + " h1://HOST:PORT, h2c://HOST:PORT or https://HOST:PORT (see proxy --help)");
        assertUsage(run("proxy", "--backend", "h1://127.0.0.1:http"),
                "error: --backend h1://127.0.0.1:http: the port must be a number from 0 to 65535 (see proxy --help)");
        assertUsage(run("proxy", "--backend", "h1://127.0.0.1:1", "--listen", "8080"),
                "error: --listen 8080: expected HOST:PORT (see proxy --help)");
        assertUsage(run("proxy", "--backend", "h1://127.0.0.1:1", "--policy", "sometimes"),
                "error: --policy must be never, safe, aggressive or always: sometimes (see proxy --help)");
        assertUsage(run("proxy", "--backend", "h1://127.0.0.1:1", "--max-reuse", "many"),
                "error: --max-reuse must be an integer: many (see proxy --help)");
        assertUsage(run("origin", "--loops", "0"), "error: --loops must be 1 or more: 0 (see origin --help)");
        assertUsage(run("origin", "--loops", "100000"), "error: --loops must be from 1 to 256: 100000 (see origin --help)");
        assertUsage(run("proxy", "--backend", "h1://127.0.0.1:1", "--loops", "100000"),
                "error: --loops must be from 1 to 256: 100000 (see proxy --help)");
        assertUsage(run("proxy", "--backend", "h1://127.0.0.1:1", "--health-fall", "0"),
                "error: --health-fall must be 1 or more: 0 (see proxy --help)");
        assertUsage(run("proxy", "--backend", "h1://127.0.0.1:1", "--health-check", "health"),
                "error: --health-check must be a path starting with /: health (see proxy --help)");
        assertUsage(run("proxy", "--backend", "h1://127.0.0.1:1", "--health-backoff-ms=5000",
                "--health-backoff-max-ms=1000"), "error: --health-backoff-max-ms must be --health-backoff-ms (5000)"
                + " or more: 1000 (see proxy --help)");
        assertUsage(run("demo", "--backend", "h3"), "error: --backend must be h1, h2c, https or h2: h3 (see demo --help)");
        assertUsage(run("demo", "--json=yes"), "error: --json takes no value: --json=yes (see demo --help)");
        assertUsage(run("chaos", "--backend", "h3"), "error: --backend must be h1 or h2c: h3 (see chaos --help)");
        assertUsage(run("chaos", "--fault-rate", "2"),
                "error: --fault-rate must be between 0.0 and 1.0: 2 (see chaos --help)");
        assertUsage(run("proxy", "--backend", "h1://127.0.0.1:1", "--max-client-streams", "0"),
                "error: --max-client-streams must be 1 or more: 0 (see proxy --help)");
    }

    @Test
    void limitErrorsUseTheFlagNamesNotTheFieldNames() {
        for (String[] bad : List.of(new String[] {"--max-idle-per-target", "-3"}, new String[] {"--max-reuse", "-2"},
                new String[] {"--purge-delay-ms", "-1"}, new String[] {"--max-idle-per-session", "-1"},
                new String[] {"--low-idle", "-1"}, new String[] {"--connect-timeout-ms", "0"},
                new String[] {"--response-timeout-ms", "0"}, new String[] {"--idle-timeout-ms", "0"})) {
            Run r = run("proxy", "--backend", "h1://127.0.0.1:1", bad[0], bad[1]);
            assertThat(r.status()).as(bad[0]).isEqualTo(2);
            assertThat(r.oneErrorLine()).startsWith("error: " + bad[0] + " must be ").endsWith(": " + bad[1]
                    + " (see proxy --help)").doesNotContainPattern("[a-z][A-Z]");
        }
    }

    @Test
    void optionsTakeTheirValueAfterAnEqualsSignToo() throws UsageException {
        Args a = new Args(new String[] {"--b=1", "--b", "2", "--f", "--c=x=y", "--d="}, Set.of("--b", "--c", "--d"),
                Set.of("--f"));
        assertThat(a.all("--b")).containsExactly("1", "2");
        assertThat(a.value("--c", null)).isEqualTo("x=y");
        assertThat(a.value("--d", null)).isEmpty();
        assertThat(a.flag("--f")).isTrue();
        assertUsage(run("proxy", "--backend=h1://127.0.0.1:1", "--max-reuse=many"),
                "error: --max-reuse must be an integer: many (see proxy --help)");
        assertThatThrownBy(() -> new Args(new String[] {"--b"}, Set.of("--b"), Set.of())).hasMessage("--b needs a value");
    }

    @Test
    void httpsBackendsParseAndTheirWrongParametersAreOneLineWithStatusTwo() {
        assertThat(dev.tether.examples.proxy.Backend.parse("https://127.0.0.1:443?sni=api.example&alpn=h2").tls())
                .hasToString("sni=api.example&alpn=h2");
        assertUsage(run("proxy", "--backend", "https://127.0.0.1:443?alpn=spdy/3"), "error: --backend"
                + " https://127.0.0.1:443?alpn=spdy/3: alpn must list h2 and/or http/1.1 once each: spdy/3 (see proxy --help)");
        assertUsage(run("proxy", "--backend", "https://127.0.0.1:443?verify=no"), "error: --backend"
                + " https://127.0.0.1:443?verify=no: unknown parameter verify, expected sni or alpn (see proxy --help)");
        assertUsage(run("proxy", "--backend", "h1://127.0.0.1:80?sni=a.example"), "error: --backend"
                + " h1://127.0.0.1:80?sni=a.example: only https:// backends take parameters (sni, alpn) (see proxy --help)");
        assertUsage(run("proxy", "--backend", "h2://127.0.0.1:443"), "error: --backend h2://127.0.0.1:443: unknown"
                + " scheme h2://: HTTP/2 over TLS is https://HOST:PORT?alpn=h2 (see proxy --help)");
    }

    @Test
    void tlsOptionsThatDoNotFitTogetherAreOneLineWithStatusTwo() {
        assertUsage(run("proxy", "--backend", "h1://127.0.0.1:1", "--tls-cert", "cert.pem"), "error: --tls-cert needs"
                + " --tls-key (the certificate's PKCS #8 private key, PEM) (see proxy --help)");
        assertUsage(run("proxy", "--backend", "h1://127.0.0.1:1", "--tls-key", "key.pem"), "error: --tls-key needs"
                + " --tls-cert (the certificate chain, PEM, leaf first) (see proxy --help)");
        assertUsage(run("proxy", "--backend", "h1://127.0.0.1:1", "--insecure-skip-verify=yes"),
                "error: --insecure-skip-verify takes no value: --insecure-skip-verify=yes (see proxy --help)");
        assertUsage(run("proxy", "--backend", "h1://127.0.0.1:1", "--trust-pem"),
                "error: --trust-pem needs a value (see proxy --help)");
        assertUsage(run("demo", "--websocket", "2", "--backend", "https"),
                "error: --websocket runs with --backend h1 or h2c: https (see demo --help)");
    }

    @Test
    void tlsFilesThatCannotBeUsedAreOneLineNamingTheOptionWithStatusOne(@TempDir Path dir) throws Exception {
        SelfSignedCertificate a = SelfSignedCertificate.localhost();
        SelfSignedCertificate b = SelfSignedCertificate.localhost();
        Path cert = Files.writeString(dir.resolve("cert.pem"), a.certificatePem());
        Path key = Files.writeString(dir.resolve("key.pem"), a.privateKeyPem());
        Path otherKey = Files.writeString(dir.resolve("other-key.pem"), b.privateKeyPem());
        Path pkcs1 = Files.writeString(dir.resolve("rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        Path text = Files.writeString(dir.resolve("notes.txt"), "no PEM here\n");
        Path missing = dir.resolve("missing.pem");
        String backend = "h1://127.0.0.1:1";
        assertStartup(run("proxy", "--listen", "127.0.0.1:0", "--backend", backend, "--trust-pem", missing.toString()),
                "error: --trust-pem " + missing + ": no such file");
        assertStartup(run("proxy", "--listen", "127.0.0.1:0", "--backend", backend, "--trust-pem", text.toString()),
                "error: --trust-pem " + text + ": no CERTIFICATE block");
        assertStartup(run("proxy", "--listen", "127.0.0.1:0", "--backend", backend, "--tls-cert", key.toString(),
                "--tls-key", key.toString()), "error: --tls-cert " + key + ": no CERTIFICATE block");
        assertStartup(run("proxy", "--listen", "127.0.0.1:0", "--backend", backend, "--tls-cert", cert.toString(),
                "--tls-key", pkcs1.toString()), "error: --tls-key " + pkcs1 + ": no PKCS #8 PRIVATE KEY block (a PKCS #1"
                + " or SEC 1 key: convert it with `openssl pkcs8 -topk8 -nocrypt`)");
        assertStartup(run("proxy", "--listen", "127.0.0.1:0", "--backend", backend, "--tls-cert", cert.toString(),
                "--tls-key", otherKey.toString()), "error: --tls-key " + otherKey + " does not fit --tls-cert " + cert
                + ": the key is not the one of the certificate for CN=localhost");
    }

    @Test
    void anUnresolvableBackendFailsAtStartUpWithStatusOne() {
        Run r = run("proxy", "--listen", "127.0.0.1:0", "--backend", "h1://no-such-host.invalid:80");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.oneErrorLine()).isEqualTo("error: --backend h1://no-such-host.invalid:80: cannot resolve host"
                + " no-such-host.invalid");
    }

    @Test
    void aBusyPortIsOneLineWithStatusOneAndAStackTraceOnlyWhenVerbose() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String listen = "127.0.0.1:" + busy.getLocalPort();
            Run proxy = run("proxy", "--listen", listen, "--backend", "h1://127.0.0.1:1");
            assertThat(proxy.status()).isEqualTo(1);
            assertThat(proxy.oneErrorLine()).isEqualTo("error: cannot listen on " + listen
                    + " (--listen): address already in use");
            Run origin = run("origin", "--listen=" + listen);
            assertThat(origin.status()).isEqualTo(1);
            assertThat(origin.oneErrorLine()).isEqualTo("error: cannot listen on " + listen
                    + " (--listen): address already in use");
            Run verbose = run("origin", "--listen", listen, "--verbose");
            assertThat(verbose.status()).isEqualTo(1);
            assertThat(verbose.err()).startsWith("error: cannot listen on " + listen).contains("java.net.BindException",
                    "\tat ");
        }
    }

    @Test
    void theJarsMainExitsWithTheStatusOfItsCommand() throws Exception {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        String cp = System.getProperty("java.class.path");
        for (Object[] c : List.of(new Object[] {0, new String[] {"--help"}}, new Object[] {2, new String[0]},
                new Object[] {2, new String[] {"proxy", "--nope"}},
                new Object[] {1, new String[] {"proxy", "--listen", "127.0.0.1:0", "--backend", "h1://x.invalid:1"}})) {
            List<String> cmd = new java.util.ArrayList<>(List.of(java.toString(), "-cp", cp, Main.class.getName()));
            cmd.addAll(List.of((String[]) c[1]));
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            byte[] err = p.getErrorStream().readAllBytes();
            p.getInputStream().readAllBytes();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(String.join(" ", cmd.subList(4, cmd.size()))).isEqualTo(c[0]);
            if ((int) c[0] != 0) {
                assertThat(new String(err, StandardCharsets.UTF_8)).doesNotContain("\tat ");
            }
        }
    }

    @Test
    void demoPrintsItsTableAndEndsWithOneJsonLine() {
        Run r = run("demo", "--requests", "300", "--clients=4", "--json");
        assertThat(r.status()).isZero();
        String[] lines = r.out().trim().split("\n");
        assertThat(r.out()).contains("backend connections", "reuse ratio", "latency p50 / p99", "new-connection reasons");
        assertThat(lines[lines.length - 1]).startsWith("{\"requests\":300,\"errors\":0,").endsWith("}")
                .contains("\"clientConnections\":4", "\"backendConnections\":", "\"reused\":", "\"reuseRatio\":",
                        "\"p50Micros\":", "\"p99Micros\":", "\"policy\":\"safe\"", "\"backend\":\"h1\"");
    }

    private static void assertStartup(Run r, String line) {
        assertThat(r.status()).as(line).isEqualTo(1);
        assertThat(r.oneErrorLine()).isEqualTo(line);
    }

    private static void assertUsage(Run r, String line) {
        assertThat(r.status()).as(line).isEqualTo(2);
        assertThat(r.oneErrorLine()).isEqualTo(line);
    }
}
