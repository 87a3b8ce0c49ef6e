package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.load.BlockingHttpClient;
import dev.tether.examples.load.BlockingWebSocketClient;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.proxy.Backend;
import dev.tether.testkit.ExternalProcess;
import dev.tether.testkit.ExternalResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stats page in headless Chromium: after its scripts ran, the DOM shows the target's table with
 * the engine's counters, a client that went away as a client cancel (not a failure, not in red), an
 * open WebSocket as a tunnel with its bytes each way, and the legend; a screenshot is written to
 * {@code target/stats-page.png}.
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
             BlockingHttpClient client = new BlockingHttpClient(e.proxyAddress(), 5_000);
             BlockingWebSocketClient ws = BlockingWebSocketClient.open(e.proxyAddress(), "/ws/echo", 5_000)) {
            ws.sendText("hello"); // 11 bytes up (a masked frame), 7 down
            assertThat(ws.receive().text()).isEqualTo("hello");
            for (int i = 0; i < 25; i++) {
                assertThat(client.get("/").status()).isEqualTo(200);
            }
            try (Socket gone = new Socket("127.0.0.1", e.proxy.port())) {
                gone.setSoLinger(true, 0); // the client vanishes (a reset); a half-close would still be answered
                gone.getOutputStream().write("GET /delay/3000 HTTP/1.1\r\nhost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                // In progress: the WebSocket's tunnel and this request.
                assertThat(E2e.await(() -> e.proxy.liveRequests() == 2, 5_000)).isTrue();
            } // the client goes away before the response
            assertThat(E2e.await(() -> e.proxy.context().cancels.total() == 1, 5_000)).isTrue();
            String url = "http://127.0.0.1:" + e.proxy.port() + "/tether/stats.html";
            String dom = ExternalProcess.run(chromium(chromium, dir.resolve("profile1"), "--virtual-time-budget=5000",
                    "--dump-dom", url), dir.resolve("dom.html"), 90);
            Files.writeString(Paths.get("target", "stats-page-dom.html"), dom);
            String target = e.proxy.engine().targets().get(0).name();
            assertThat(dom).contains("data-target=\"" + target + "\"", "target " + target);
            // New connections: the client's first request, the WebSocket's upgrade (R11), the client that
            // went away, maybe the browser's favicon.
            assertThat(dom).containsPattern("<td>connect</td><td>[3-9]</td>");
            // 24 reuses by the client, more if the browser asked for /favicon.ico (proxied).
            assertThat(dom).containsPattern("<td>reuse</td><td>2[4-9]</td>");
            assertThat(dom).contains("id=\"status\" class=\"ok\">live</span>");
            assertThat(dom).containsPattern("<polyline id=\"line\"[^>]*points=\"[0-9]");
            assertThat(dom).contains("<div class=\"card\" data-card=\"client cancels\"><div class=\"v\">1</div>",
                    "<div class=\"card\" data-card=\"backend failures\"><div class=\"v\">0</div>",
                    "<div class=\"card\" data-card=\"error answers\"><div class=\"v\">0</div>");
            assertThat(dom).containsPattern("<tr><td>client cancel: [A-Z_]+</td><td>1</td></tr>");
            assertThat(dom).contains("<div class=\"card\" data-card=\"tunnels open\"><div class=\"v\">1</div>",
                    "<div class=\"card\" data-card=\"tunnels opened\"><div class=\"v\">1</div>",
                    "<div class=\"card\" data-card=\"tunnel bytes up / down\"><div class=\"v\">11 / 7</div>");
            String rendered = dom.substring(0, dom.indexOf("<script>")); // what the page shows, not its code
            assertThat(rendered).doesNotContain("class=\"bad\"", "card bad", "backend failure: ");
            assertThat(dom).contains("id=\"legend\"", "<dt>reuse ratio</dt>", "<dt>backend failures</dt>",
                    "<dt>error answers</dt>", "<dt>client cancels</dt>");
            Path shot = Paths.get("target", "stats-page.png").toAbsolutePath();
            Files.deleteIfExists(shot);
            ExternalProcess.run(chromium(chromium, dir.resolve("profile2"), "--virtual-time-budget=5000",
                    "--window-size=1200,900", "--screenshot=" + shot, url), dir.resolve("shot.log"), 90);
            assertThat(shot).exists();
            assertThat(Files.size(shot)).isGreaterThan(1_000);
        }
    }
}
