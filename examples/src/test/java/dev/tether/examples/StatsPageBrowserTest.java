package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.load.BlockingHttpClient;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.proxy.Backend;
import dev.tether.testkit.ExternalProcess;
import dev.tether.testkit.ExternalResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stats page in headless Chromium: after its scripts ran, the DOM shows the target's table with
 * the engine's counters; a screenshot is written to {@code target/stats-page.png}.
 */
class StatsPageBrowserTest {
    private static List<String> chromium(Path binary, Path profile, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    @Test
    void renderedPageShowsTheTargetAndItsCounters(@TempDir Path dir) throws Exception {
        Path chromium = ExternalResources.binary("chromium", "chromium");
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H1, ReusePolicy.SAFE, 1);
             BlockingHttpClient client = new BlockingHttpClient(e.proxyAddress(), 5_000)) {
            for (int i = 0; i < 25; i++) {
                assertThat(client.get("/").status()).isEqualTo(200);
            }
            String url = "http://127.0.0.1:" + e.proxy.port() + "/tether/stats.html";
            String dom = ExternalProcess.run(chromium(chromium, dir.resolve("profile1"), "--virtual-time-budget=5000",
                    "--dump-dom", url), dir.resolve("dom.html"), 90);
            Files.writeString(Paths.get("target", "stats-page-dom.html"), dom);
            String target = e.proxy.engine().targets().get(0).name();
            assertThat(dom).contains("data-target=\"" + target + "\"", "target " + target);
            // The client's 25 requests: 1 connect and 24 reuses. Chromium also asks for /favicon.ico
            // (proxied): a reuse when it rides the page's connection, a connect when it is the first
            // request of the second connection Chromium opens (R15: a first request never reuses).
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                    "<td>connect</td><td>(\\d+)</td>(?s).*<td>reuse</td><td>(\\d+)</td>").matcher(dom);
            assertThat(m.find()).as("connect and reuse cells in %s", dom).isTrue();
            int connect = Integer.parseInt(m.group(1));
            int reuse = Integer.parseInt(m.group(2));
            assertThat(connect).isBetween(1, 2);
            assertThat(reuse).isGreaterThanOrEqualTo(24);
            assertThat(connect + reuse).isBetween(25, 27);
            assertThat(dom).contains("id=\"status\" class=\"ok\">live</span>");
            assertThat(dom).containsPattern("<polyline id=\"line\"[^>]*points=\"[0-9]");
            Path shot = Paths.get("target", "stats-page.png").toAbsolutePath();
            Files.deleteIfExists(shot);
            ExternalProcess.run(chromium(chromium, dir.resolve("profile2"), "--virtual-time-budget=5000",
                    "--window-size=1200,900", "--screenshot=" + shot, url), dir.resolve("shot.log"), 90);
            assertThat(shot).exists();
            assertThat(Files.size(shot)).isGreaterThan(1_000);
        }
    }
}
