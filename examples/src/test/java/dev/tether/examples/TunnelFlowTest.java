package dev.tether.examples;

import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ProxyContext;
import dev.tether.examples.proxy.ReverseProxy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How bytes flow through an HTTP/1.1 tunnel, seen from both of its ends (plain sockets, so that the
 * test decides every byte and every FIN): a client's half-close reaches the backend while the backend's
 * direction keeps flowing; a client that stops reading makes the proxy stop reading the backend, and
 * what the proxy took from the backend but the client has not read stays bounded.
 */
class TunnelFlowTest {
    /** Bytes the backend sends towards a client that does not read: far more than any buffer between. */
    private static final int FLOOD = 64 << 20;
    /**
     * What may lie between the backend's socket and a client that reads nothing: the proxy's response
     * buffer (96 KiB) and socket buffer (32 KiB), its kernel send buffer (at most 4 MiB, net.core.wmem
     * and tcp_wmem's maximum here) and the client's receive buffer (set to 64 KiB, doubled by the
     * kernel); with room to spare, yet an eighth of {@link #FLOOD}.
     */
    private static final long IN_FLIGHT_BOUND = 8 << 20;

    @Test
    void aClientsHalfCloseReachesTheBackendAndTheBackendsDirectionStillFlows() throws Exception {
        byte[] up = "the client's last words".getBytes(StandardCharsets.US_ASCII);
        byte[] down = pattern(1 << 20);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ReverseProxy proxy = WebSocketInteropTest.proxy(Backend.Protocol.H1,
                     new InetSocketAddress("127.0.0.1", server.getLocalPort()))) {
            E2e.Holdings quiet = E2e.Holdings.of(proxy);
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> RawUpgrade.accept(server));
            try (Socket client = TunnelFaultTest.handshake(new InetSocketAddress("127.0.0.1", proxy.port()));
                 Socket backend = accepted.get(5, TimeUnit.SECONDS)) {
                client.getOutputStream().write(up);
                client.shutdownOutput();
                assertThat(backend.getInputStream().readAllBytes()).as("the client's bytes, then its FIN").isEqualTo(up);
                ProxyContext ctx = proxy.context();
                assertThat(ctx.tunnelsOpen.get()).as("half-closed, not over").isEqualTo(1);
                backend.getOutputStream().write(down);
                assertThat(client.getInputStream().readNBytes(down.length)).isEqualTo(down);
                assertThat(ctx.tunnelsOpen.get()).isEqualTo(1);
                backend.shutdownOutput();
                assertThat(client.getInputStream().read()).as("the backend's FIN passed on").isEqualTo(-1);
                assertThat(E2e.await(() -> ctx.tunnelsOpen.get() == 0 && proxy.liveRequests() == 0, 5_000)).isTrue();
                assertThat(ctx.tunnelBytesUp.sum()).isEqualTo(up.length);
                assertThat(ctx.tunnelBytesDown.sum()).isEqualTo(down.length);
            }
            E2e.assertLetGo(proxy, quiet);
        }
    }

    @Test
    void aClientThatStopsReadingPausesTheBackendAndTheProxyHoldsABoundedAmount() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ReverseProxy proxy = WebSocketInteropTest.proxy(Backend.Protocol.H1,
                     new InetSocketAddress("127.0.0.1", server.getLocalPort()))) {
            E2e.Holdings quiet = E2e.Holdings.of(proxy);
            ProxyContext ctx = proxy.context();
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> RawUpgrade.accept(server));
            Socket slow = new Socket();
            slow.setReceiveBufferSize(64 * 1024); // before connecting: no autotuning of the client's window
            try (Socket client = TunnelFaultTest.handshake(slow, new InetSocketAddress("127.0.0.1", proxy.port()));
                 Socket backend = accepted.get(5, TimeUnit.SECONDS)) {
                AtomicLong written = new AtomicLong();
                CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> flood(backend, written));
                // The client reads nothing: wait until the proxy stops taking bytes from the backend.
                assertThat(awaitStill(ctx.tunnelBytesDown::sum, 15_000))
                        .as("the proxy stopped reading the backend; taken %d, written %d", ctx.tunnelBytesDown.sum(),
                                written.get()).isTrue();
                long taken = ctx.tunnelBytesDown.sum();
                assertThat(ctx.backendReadPauses.get()).as("backendReadPauses").isPositive();
                assertThat(taken).as("bytes the proxy took while the client read none").isLessThan(IN_FLIGHT_BOUND);
                assertThat(flood).as("the backend is held back too").isNotDone();
                assertThat(written.get()).isLessThan(FLOOD);
                readPattern(client.getInputStream(), FLOOD); // now every byte arrives, in order
                flood.get(10, TimeUnit.SECONDS);
                assertThat(ctx.tunnelBytesDown.sum()).isEqualTo(FLOOD);
                backend.shutdownOutput();
                assertThat(client.getInputStream().read()).isEqualTo(-1);
            }
            assertThat(E2e.await(() -> ctx.tunnelsOpen.get() == 0 && proxy.liveRequests() == 0, 5_000)).isTrue();
            E2e.assertLetGo(proxy, quiet);
        }
    }

    /** Writes {@link #FLOOD} pattern bytes, counting them in {@code written} as they go. */
    private static void flood(Socket backend, AtomicLong written) {
        byte[] chunk = new byte[64 * 1024];
        try {
            OutputStream out = backend.getOutputStream();
            for (long off = 0; off < FLOOD; off += chunk.length) {
                fill(chunk, off);
                out.write(chunk);
                written.addAndGet(chunk.length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits (at most {@code millis}) until {@code value} stays the same for 500 ms in a row, sampled
     * every 50 ms; returns whether it did.
     */
    private static boolean awaitStill(java.util.function.LongSupplier value, long millis) {
        long[] last = {-1};
        long[] stillSince = {System.nanoTime()};
        return E2e.await(() -> {
            long v = value.getAsLong();
            long now = System.nanoTime();
            if (v != last[0]) {
                last[0] = v;
                stillSince[0] = now;
                return false;
            }
            return now - stillSince[0] >= TimeUnit.MILLISECONDS.toNanos(500);
        }, millis);
    }

    /** Reads {@code n} bytes and checks each against the pattern. */
    private static void readPattern(InputStream in, long n) throws IOException {
        byte[] buf = new byte[64 * 1024];
        byte[] expected = new byte[buf.length];
        long off = 0;
        while (off < n) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n - off));
            assertThat(r).as("end of input at %d of %d", off, n).isPositive();
            fill(expected, off);
            for (int i = 0; i < r; i++) {
                if (buf[i] != expected[i]) {
                    assertThat(buf[i]).as("byte %d", off + i).isEqualTo(expected[i]);
                }
            }
            off += r;
        }
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        fill(b, 0);
        return b;
    }

    /** The pattern's bytes from offset {@code off}: a byte depends on its offset, so a lost or repeated run shows. */
    private static void fill(byte[] b, long off) {
        for (int i = 0; i < b.length; i++) {
            long k = off + i;
            b[i] = (byte) (k ^ (k >>> 8) ^ (k >>> 16));
        }
    }
}
