package dev.tether.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MainTest {
    private static String run(String... args) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Main.main(args);
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyCommandHasHelp() throws Exception {
        assertThat(run("--help")).contains("demo", "proxy", "origin");
        assertThat(run("proxy", "--help")).contains("--backend URL", "h1://HOST:PORT", "h2c://HOST:PORT",
                "https://HOST:PORT[?sni=NAME|@host&alpn=h2,http/1.1]", "--trust-pem", "--insecure-skip-verify",
                "--tls-cert", "--tls-key", "--policy", "--max-idle-per-target", "--max-reuse", "--purge-delay-ms",
                "--max-idle-per-session");
        assertThat(run("origin", "--help")).contains("--h2c", "--ntlm", "--close-after", "--goaway-after",
                "--idle-close-ms");
        assertThat(run("demo", "--help")).contains("--requests 20000", "--clients 64", "--backend h1|h2c|https|h2", "--json");
    }

    @Test
    void demoPrintsItsTableAndEndsWithOneJsonLine() throws Exception {
        String out = run("demo", "--requests", "300", "--clients", "4", "--json");
        String[] lines = out.trim().split("\n");
        assertThat(out).contains("backend connections", "reuse ratio", "latency p50 / p99", "new-connection reasons");
        assertThat(lines[lines.length - 1]).startsWith("{\"requests\":300,\"errors\":0,").endsWith("}")
                .contains("\"clientConnections\":4", "\"backendConnections\":", "\"reused\":", "\"reuseRatio\":",
                        "\"p50Micros\":", "\"p99Micros\":", "\"policy\":\"safe\"", "\"backend\":\"h1\"");
    }

    @Test
    void unknownOptionsAndMissingValuesFailNamingTheOption() {
        assertThatThrownBy(() -> new Args(new String[] {"--nope"}, Set.of("--a"), Set.of()))
                .hasMessage("unknown option: --nope");
        assertThatThrownBy(() -> new Args(new String[] {"--a"}, Set.of("--a"), Set.of())).hasMessage("--a needs a value");
        Args a = new Args(new String[] {"--b", "1", "--b", "2", "--f"}, Set.of("--b"), Set.of("--f"));
        assertThat(a.all("--b")).containsExactly("1", "2");
        assertThat(a.flag("--f")).isTrue();
        assertThatThrownBy(() -> new Args(new String[] {"--b", "x"}, Set.of("--b"), Set.of()).integer("--b", 0))
                .hasMessage("--b must be an integer: x");
    }
}
