package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.proxy.Backend;
import dev.tether.testkit.ExternalProcess;
import dev.tether.testkit.ExternalResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real browser through the proxy: headless Chromium loads the origin's page via the proxy; the page
 * opens a WebSocket through the same proxy to the origin's echo, posts the echoed text back (which the
 * origin keeps) and then closes the WebSocket with code 1000.
 *
 * <p>The browser keeps the page open until the test has seen all of that from the origin's and the
 * proxy's side, in real time. It does not use {@code --dump-dom} with a virtual-time budget: that way,
 * in about one full build in ten, Chromium dumped the page still "connecting" two seconds after start
 * with a ten-second budget, so a pass depended on the browser's scheduling rather than the proxy.
 */
class WebSocketBrowserTest {
    @Test
    void aBrowserPageTalksToTheEchoThroughTheProxyPostsTheEchoBackAndClosesTheTunnel(@TempDir Path dir)
            throws Exception {
        Path chromium = ExternalResources.binary("chromium", "chromium");
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H1, ReusePolicy.SAFE, 1)) {
            String url = "http://127.0.0.1:" + e.proxy.port() + "/ws/page";
            List<String> cmd = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--user-data-dir=" + dir.resolve("profile"), url);
            try (ExternalProcess browser = ExternalProcess.background(cmd, dir.resolve("chromium.log"))) {
                String expected = "hello from the browser €";
                // the page posts only from its WebSocket's onmessage: the post proves the echo reached it
                assertThat(E2e.await(() -> e.origin.posted().contains(expected), 30_000))
                        .as("posted: %s; origin WebSockets %d; proxy tunnels opened %d, errors %d; chromium: %s",
                                e.origin.posted(), e.origin.webSockets(), e.proxy.context().tunnelsOpened.get(),
                                e.proxy.context().errors.get(), browser.log())
                        .isTrue();
                // the page closes the WebSocket after its post, with the browser still running
                assertThat(E2e.await(() -> e.proxy.context().tunnelsOpen.get() == 0, 10_000))
                        .as("tunnels open after the page's close: %d", e.proxy.context().tunnelsOpen.get()).isTrue();
            }
            assertThat(e.origin.webSockets()).isEqualTo(1);
            assertThat(e.proxy.context().tunnelsOpened.get()).isEqualTo(1);
        }
    }
}
