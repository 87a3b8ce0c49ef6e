package dev.tether.examples;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.websocket.WebSocketProtocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Test fixture: the backend side of one WebSocket upgrade on a plain socket, so that a test decides
 * byte by byte what the tunnel's backend does afterwards (half-close, stall, reset).
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class RawUpgrade {
    private RawUpgrade() {
    }

    /**
     * Accepts one connection, reads its upgrade offer and answers 101 with the right
     * {@code Sec-WebSocket-Accept}.
     *
     * @param server the listening socket
     * @return the switched connection (read timeout 5 s); the caller closes it
     * @throws UncheckedIOException if the accept or the handshake fails
     */
    static Socket accept(ServerSocket server) {
        Socket s = null;
        try {
            s = server.accept();
            s.setSoTimeout(5_000);
            String head = TunnelReuseTest.readHead(s.getInputStream());
            String key = null;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                    key = line.substring(18).trim();
                }
            }
            s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + WebSocketProtocol.accept(key) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return s;
        } catch (IOException e) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // Failing anyway.
                }
            }
            throw new UncheckedIOException(e);
        }
    }
}
