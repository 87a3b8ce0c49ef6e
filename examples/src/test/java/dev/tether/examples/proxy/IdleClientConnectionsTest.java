package dev.tether.examples.proxy;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.E2e;
import dev.tether.examples.nio.EventLoop;
import dev.tether.examples.origin.OriginConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What idle keep-alive client connections cost the proxy, and that closing them gives everything back
 * at once: while idle they hold no buffer and no codec; once closed, nothing of them stays reachable
 * (not their timers, not the loop), long before any of their timeouts would have fired.
 */
class IdleClientConnectionsTest {
    private static final int CLIENTS = 2_000;

    @Test
    void idleClientsHoldNoBufferNorCodecAndClosedOnesLeaveNothingReachable() throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H1, ReusePolicy.SAFE, 2)) {
            ProxyContext ctx = e.proxy.context();
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    Socket s = new Socket("127.0.0.1", e.proxy.port());
                    s.setSoTimeout(10_000);
                    clients.add(s);
                    s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    readOneResponse(s.getInputStream());
                }
                assertThat(E2e.await(() -> e.proxy.openClientConnections() == CLIENTS, 10_000)).isTrue();
                e.assertNoLiveRequests();
                for (int loop = 0; loop < 2; loop++) {
                    int l = loop;
                    EventLoop el = e.proxy.loops().loop(l);
                    assertThat(onLoop(el, () -> el.buffers().outstanding())).as("buffers lent on loop %d", l).isZero();
                    assertThat(onLoop(el, () -> ctx.codecs(l).lent())).as("codecs lent on loop %d", l).isZero();
                }
                List<WeakReference<Object>> frontends = new ArrayList<>();
                for (Frontend f : ctx.frontends) {
                    frontends.add(new WeakReference<>(f));
                }
                assertThat(frontends).hasSize(CLIENTS);
                for (Socket s : clients) {
                    s.close();
                }
                clients.clear();
                assertThat(E2e.await(() -> e.proxy.openClientConnections() == 0, 10_000)).isTrue();
                assertThat(E2e.await(() -> e.proxy.engine().stats().openSessions() == 0, 10_000)).isTrue();
                // The idle timeout is 60 s: a connection kept by its cancelled timer would still be here.
                assertThat(E2e.await(() -> {
                    System.gc();
                    return frontends.stream().allMatch(r -> r.get() == null);
                }, 20_000)).as("closed client connections still reachable: %d",
                        frontends.stream().filter(r -> r.get() != null).count()).isTrue();
            } finally {
                for (Socket s : clients) {
                    s.close();
                }
            }
        }
    }

    private static <T> T onLoop(EventLoop loop, java.util.function.Supplier<T> s) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> f.complete(s.get()));
        return f.get(10, TimeUnit.SECONDS);
    }

    /** Reads one response framed by Content-Length. */
    private static void readOneResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            assertThat(c).as("head so far: %s", head).isNotNegative();
            head.write(c);
        }
        String h = head.toString(StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        assertThat(h).startsWith("http/1.1 200");
        int at = h.indexOf("content-length:");
        int length = Integer.parseInt(h.substring(at + 15, h.indexOf('\r', at)).trim());
        assertThat(in.readNBytes(length)).hasSize(length);
    }
}
