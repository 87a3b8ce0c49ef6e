package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.proxy.Backend;
import dev.tether.testkit.ExternalProcess;
import dev.tether.testkit.ExternalResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real browser through the proxy: headless Chromium loads the origin's page via the proxy; the page
 * opens a WebSocket through the same proxy to the origin's echo and posts the echoed text back, which
 * the origin keeps.
 */
class WebSocketBrowserTest {
    @Test
    void aBrowserPageTalksToTheEchoThroughTheProxyAndPostsTheEchoBack(@TempDir Path dir) throws Exception {
        Path chromium = ExternalResources.binary("chromium", "chromium");
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H1, ReusePolicy.SAFE, 1)) {
            String url = "http://127.0.0.1:" + e.proxy.port() + "/ws/page";
            List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--user-data-dir=" + dir.resolve("profile"),
                    "--virtual-time-budget=10000", "--dump-dom", url));
            String dom = ExternalProcess.run(cmd, dir.resolve("dom.html"), 90);
            String expected = "hello from the browser €";
            assertThat(E2e.await(() -> e.origin.posted().contains(expected), 10_000))
                    .as("posted: %s; DOM: %s", e.origin.posted(), dom).isTrue();
            assertThat(dom).contains("echo: " + expected);
            assertThat(e.origin.webSockets()).isEqualTo(1);
            assertThat(e.proxy.context().tunnelsOpened.get()).isEqualTo(1);
            assertThat(E2e.await(() -> e.proxy.context().tunnelsOpen.get() == 0, 10_000)).isTrue();
        }
    }
}
