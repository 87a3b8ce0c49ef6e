package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.load.BlockingHttpClient;
import dev.tether.examples.load.BlockingWebSocketClient;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.proxy.Backend;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tunnel counters as a user reads them in {@code GET /tether/stats}: tunnels open and opened, and
 * the bytes each way, to the byte: a client frame carries a 4-byte mask the echo's does not.
 */
class TunnelStatsTest {
    @Test
    void statsJsonCountsTunnelsAndTheirBytesEachWay() throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H1, ReusePolicy.ALWAYS, 1);
             BlockingHttpClient stats = new BlockingHttpClient(e.proxyAddress(), 5_000)) {
            assertThat(tunnels(stats)).isEqualTo("{\"open\":0,\"opened\":0,\"bytesUp\":0,\"bytesDown\":0}");
            try (BlockingWebSocketClient ws = BlockingWebSocketClient.open(e.proxyAddress(), "/ws/echo", 5_000)) {
                ws.sendText("hello");
                assertThat(ws.receive().text()).isEqualTo("hello");
                // Up: 2 header bytes, 4 mask bytes, 5 payload bytes; down: the same unmasked.
                assertThat(tunnels(stats)).isEqualTo("{\"open\":1,\"opened\":1,\"bytesUp\":11,\"bytesDown\":7}");
                ws.sendClose(1000, "");
                assertThat(ws.receive().closeCode()).isEqualTo(1000);
                assertThat(ws.serverClosed()).isTrue();
            }
            assertThat(E2e.await(() -> e.proxy.context().tunnelsOpen.get() == 0, 5_000)).isTrue();
            // The close frames: a 2-byte code, masked up (8 bytes), not down (4 bytes).
            assertThat(tunnels(stats)).isEqualTo("{\"open\":0,\"opened\":1,\"bytesUp\":19,\"bytesDown\":11}");
        }
    }

    /** The {@code tunnels} object of the stats JSON, as the proxy wrote it. */
    static String tunnels(BlockingHttpClient client) throws IOException {
        BlockingHttpClient.Response r = client.get("/tether/stats");
        assertThat(r.status()).isEqualTo(200);
        String json = r.text();
        int from = json.indexOf("\"tunnels\":");
        assertThat(from).as("tunnels in %s", json).isNotNegative();
        return json.substring(from + "\"tunnels\":".length(), json.indexOf('}', from) + 1);
    }
}
