package dev.tether.examples;

import dev.tether.examples.load.BlockingWebSocketClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the tests' WebSocket client reports about the server's end: a server that stays silent for the
 * whole read timeout has not closed; its FIN or its reset is a close.
 */
class BlockingWebSocketClientTest {
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aTimeoutIsNotACloseAndAFinOrAResetIs(boolean reset) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> RawUpgrade.accept(server));
            try (BlockingWebSocketClient ws = BlockingWebSocketClient.open(
                    new InetSocketAddress("127.0.0.1", server.getLocalPort()), "/ws", 300);
                 Socket backend = accepted.get(5, TimeUnit.SECONDS)) {
                assertThat(ws.serverClosed()).as("silent for the whole timeout: still open").isFalse();
                if (reset) {
                    backend.setSoLinger(true, 0);
                }
                backend.close();
                assertThat(ws.serverClosed()).isTrue();
            }
        }
    }
}
