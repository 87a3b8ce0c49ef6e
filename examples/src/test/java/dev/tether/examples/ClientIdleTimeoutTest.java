package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.origin.OriginServer;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The proxy closes client connections that stay idle past the idle timeout, and their sessions. */
class ClientIdleTimeoutTest {
    @Test
    void anIdleKeepAliveClientIsClosedAndItsSessionWithIt() throws Exception {
        int fds = E2e.openFds();
        try (OriginServer origin = OriginServer.start(new InetSocketAddress("127.0.0.1", 0), OriginConfig.PLAIN, 1);
             ReverseProxy proxy = ReverseProxy.start(ProxyConfig.defaults(new InetSocketAddress("127.0.0.1", 0),
                     List.of(new Backend(Backend.Protocol.H1, origin.address())), ReusePolicy.NEVER)
                     .withTimeouts(2_000, 5_000, 300));
             Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            StringBuilder response = new StringBuilder();
            while (!response.toString().endsWith("\r\n\r\nok\n")) { // bounded by the 5 s read timeout
                int n = in.read(buf);
                assertThat(n).as("response so far: %s", response).isPositive();
                response.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
            }
            assertThat(response.toString()).startsWith("HTTP/1.1 200");
            assertThat(proxy.engine().stats().openSessions()).isEqualTo(1);
            // Nothing more is sent: the proxy closes the connection after 300 ms (read returns -1).
            assertThat(in.read(buf)).isEqualTo(-1);
            assertThat(E2e.await(() -> proxy.engine().stats().openSessions() == 0, 5_000)).isTrue();
            // R38: the session's private connection (policy never) was closed with it.
            assertThat(E2e.await(() -> origin.openConnections() == 0, 5_000)).isTrue();
        }
        E2e.assertFdsBackTo(fds);
    }
}
