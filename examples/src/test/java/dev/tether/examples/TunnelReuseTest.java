package dev.tether.examples;

import dev.tether.core.ConnectReason;
import dev.tether.core.ReusePolicy;
import dev.tether.examples.load.BlockingHttpClient;
import dev.tether.examples.load.BlockingWebSocketClient;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.proxy.Backend;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * R11 and D11 seen from the backend (its {@code x-conn-id} per request): under {@code always}, an
 * upgrade gets a connection of its own, requests never land on it while the tunnel lives nor after it
 * ended, and a refused upgrade (200 or 426) closes its backend connection instead of parking it.
 */
class TunnelReuseTest {
    @Test
    void requestsNeverLandOnATunnelledConnectionDuringOrAfterTheTunnel() throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H1, ReusePolicy.ALWAYS, 1);
             BlockingHttpClient a = new BlockingHttpClient(e.proxyAddress(), 5_000);
             BlockingHttpClient b = new BlockingHttpClient(e.proxyAddress(), 5_000)) {
            String parked = a.get("/").header("x-conn-id"); // parked now: always would hand it to anyone
            String tunnel;
            try (BlockingWebSocketClient ws = BlockingWebSocketClient.open(e.proxyAddress(), "/ws/echo", 5_000)) {
                tunnel = ws.answer().get("x-conn-id");
                assertThat(tunnel).as("R11: an upgrade never takes the parked connection").isNotEqualTo(parked);
                Set<String> during = ids(a, b, 10);
                assertThat(during).doesNotContain(tunnel);
                ws.sendText("still here");
                assertThat(ws.receive().text()).isEqualTo("still here");
                ws.sendClose(1000, "");
                assertThat(ws.receive().closeCode()).isEqualTo(1000);
                assertThat(ws.serverClosed()).isTrue();
            }
            assertThat(E2e.await(() -> e.proxy.context().tunnelsOpen.get() == 0, 5_000)).isTrue();
            Set<String> after = ids(a, b, 10);
            assertThat(after).doesNotContain(tunnel).contains(parked);
            assertThat(e.proxy.engine().stats().connects(ConnectReason.UPGRADE)).isEqualTo(1);
            // D11: the tunnel's connection was closed by the proxy, never parked: only the plain one stays open.
            assertThat(E2e.await(() -> e.origin.openConnections() == 1, 5_000))
                    .as("origin connections open: %d", e.origin.openConnections()).isTrue();
        }
    }

    @Test
    void aRefusedUpgradeClosesItsBackendConnection() throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H1, ReusePolicy.ALWAYS, 1);
             BlockingHttpClient plain = new BlockingHttpClient(e.proxyAddress(), 5_000)) {
            // The origin serves "/" whatever the offer (200), and answers /ws/echo without a key 426.
            String[] ok = refusedUpgrade(e.proxyAddress(), "/", true);
            assertThat(ok[0]).isEqualTo("200");
            assertThat(E2e.await(() -> e.origin.openConnections() == 0, 5_000))
                    .as("the 200's connection closed, not parked").isTrue();
            String[] required = refusedUpgrade(e.proxyAddress(), "/ws/echo", false);
            assertThat(required[0]).isEqualTo("426");
            assertThat(E2e.await(() -> e.origin.openConnections() == 0, 5_000))
                    .as("the 426's connection closed, not parked").isTrue();
            Set<String> later = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                later.add(plain.get("/").header("x-conn-id"));
            }
            assertThat(later).doesNotContain(ok[1], required[1]).hasSize(1);
            assertThat(e.origin.openConnections()).isEqualTo(1); // a plain exchange parks its connection
        }
    }

    private static Set<String> ids(BlockingHttpClient a, BlockingHttpClient b, int n) throws IOException {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            ids.add(a.get("/").header("x-conn-id"));
            ids.add(b.get("/").header("x-conn-id"));
        }
        return ids;
    }

    /**
     * Sends an upgrade offer the backend refuses and reads the answer's head.
     *
     * @param withKey whether the offer carries a WebSocket key and version
     * @return the status and the backend's {@code x-conn-id}
     */
    static String[] refusedUpgrade(InetSocketAddress proxy, String path, boolean withKey) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(proxy, 5_000);
            s.setSoTimeout(5_000);
            String keyLine = !withKey ? "" : "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n" + keyLine + "\r\n").getBytes(StandardCharsets.US_ASCII));
            String head = readHead(s.getInputStream());
            String status = head.substring(9, 12);
            String id = null;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("x-conn-id:")) {
                    id = line.substring(10).trim();
                }
            }
            assertThat(head.toLowerCase(java.util.Locale.ROOT)).doesNotContain("upgrade: websocket");
            return new String[] {status, id};
        }
    }

    /** Reads a head up to its empty line, byte by byte (what follows stays in the stream). */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
