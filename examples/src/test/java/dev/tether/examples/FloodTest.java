package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ClientLimits;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Http2Config;
import dev.tether.testkit.ExternalProcess;
import dev.tether.testkit.Nginx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The floods HTTP/2 deployments learned about the hard way, and slow clients, against the proxy in
 * front of nginx (access log on, so the backend's view is counted): each flood is cut off by a limit,
 * the backend sees at most the budgeted streams, the proxy stays up (the next client is answered) and
 * its heap after GC stays bounded (measured and printed).
 */
class FloodTest {
    private static final long HEAP_BOUND = 64L << 20;
    private ExternalProcess nginx;
    private Path log;
    private ReverseProxy proxy;
    private InetSocketAddress at;
    private long heapBefore;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        log = dir.resolve("nginx/logs/access.log");
        Path big = Files.writeString(Files.createDirectories(dir.resolve("www")).resolve("big"), "x".repeat(200_000));
        nginx = Nginx.start(dir.resolve("nginx"), port -> String.join("\n",
                "  access_log " + log + ";",
                "  server {",
                "    listen 127.0.0.1:" + port + ";",
                "    location / { return 200 \"$request_uri\\n\"; }",
                "    location /big { alias " + big + "; }",
                "  }"));
        proxy = ReverseProxy.start(ProxyConfig.defaults(new InetSocketAddress("127.0.0.1", 0),
                List.of(new Backend(Backend.Protocol.H1, new InetSocketAddress("127.0.0.1", nginx.port()))),
                ReusePolicy.SAFE).withLoops(1).withTimeouts(2_000, 30_000, 3_000)
                .withClientLimits(new ClientLimits(8 * 1024, 16, 20, 500, 100)));
        at = new InetSocketAddress("127.0.0.1", proxy.port());
        heapBefore = heapAfterGc();
    }

    @AfterEach
    void stop() {
        proxy.close();
        nginx.close();
    }

    private static long heapAfterGc() {
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return r.totalMemory() - r.freeMemory();
    }

    /** The proxy answers a new client, and its heap after GC grew by less than the bound. */
    private void assertProxyUpAndHeapBounded(String flood) throws IOException {
        assertThat(SmugglingInteropTest.rawExchange(at, "GET /after HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .as("a client after the %s", flood).startsWith("HTTP/1.1 200").endsWith("/after\n");
        long grown = heapAfterGc() - heapBefore;
        System.out.printf("%s: heap after GC grew by %d KiB, nginx saw %d requests%n", flood, grown >> 10,
                backendRequests());
        assertThat(grown).as("heap growth after the %s", flood).isLessThan(HEAP_BOUND);
        assertThat(E2e.await(() -> proxy.liveRequests() == 0, 5_000)).isTrue();
    }

    private long backendRequests() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    @Test
    void rapidResetCostsTheBackendAtMostItsBudgetAndEndsInEnhanceYourCalm() throws Exception {
        try (H2TestClient c = new H2TestClient(at)) {
            int sent = c.rapidResets(5_000, H2TestClient.request("GET", "/reset"));
            assertThat(c.awaitClose(5_000)).as("the connection is closed").isTrue();
            assertThat(c.goAway).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
            System.out.println("rapid reset: " + sent + " streams opened and reset");
        }
        assertThat(E2e.await(() -> proxy.liveRequests() == 0, 5_000)).isTrue();
        assertThat(Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains("/reset")).count() : 0)
                .as("streams the backend saw, budget 100").isLessThanOrEqualTo(100);
        assertProxyUpAndHeapBounded("rapid reset flood");
    }

    @Test
    void continuationFloodEndsTheConnection() throws Exception {
        ByteArrayOutputStream w = preface();
        w.writeBytes(frame(0x1, 0, 1, new byte[] {(byte) 0x82})); // HEADERS, no END_HEADERS: :method GET
        for (int i = 0; i < 100_000; i++) {
            w.writeBytes(frame(0x9, 0, 1, new byte[] {0x40, 1, 'a', 1, 'b'})); // a field, again and again
        }
        List<int[]> frames = flood(w.toByteArray());
        assertThat(goAwayCode(frames)).isIn(ErrorCode.ENHANCE_YOUR_CALM.code(), ErrorCode.PROTOCOL_ERROR.code(),
                ErrorCode.COMPRESSION_ERROR.code());
        assertThat(backendRequests()).isZero();
        assertProxyUpAndHeapBounded("CONTINUATION flood");
    }

    @Test
    void pingAndSettingsFloodsEndInEnhanceYourCalm() throws Exception {
        for (int type : new int[] {0x6, 0x4}) {
            ByteArrayOutputStream w = preface();
            byte[] one = type == 0x6 ? frame(0x6, 0, 0, new byte[8]) : frame(0x4, 0, 0, new byte[0]);
            for (int i = 0; i < 100_000; i++) {
                w.writeBytes(one);
            }
            assertThat(goAwayCode(flood(w.toByteArray()))).as(type == 0x6 ? "PING flood" : "SETTINGS flood")
                    .isEqualTo(ErrorCode.ENHANCE_YOUR_CALM.code());
        }
        assertProxyUpAndHeapBounded("PING and SETTINGS floods");
    }

    @Test
    void aClientHoldingAZeroWindowIsCutOffAtTheIdleTimeoutAndItsBackendStreamsFreed() throws Exception {
        Http2Config zeroWindow = Http2Config.builder().initialWindowSize(0).build();
        long since = System.nanoTime();
        try (H2TestClient c = new H2TestClient(at, zeroWindow)) {
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                ids.add(c.open(H2TestClient.request("GET", "/big?" + i), true));
            }
            for (int id : ids) {
                H2TestClient.Outcome o = c.await(id, 10_000);
                assertThat(o.reset != null || c.closed).as("stream %d cut off: %s", id, o).isTrue();
                assertThat(o.ended).as("never completed").isFalse();
            }
        }
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
        System.out.println("zero window: every stream cut after " + took + " ms (idle timeout 3000 ms)");
        assertThat(took).isLessThan(9_000);
        assertThat(proxy.context().clientReadTimeouts.get()).isGreaterThan(0);
        assertThat(backendRequests()).as("at most the client's stream limit").isLessThanOrEqualTo(16);
        long cut = System.nanoTime();
        // D13: each stream's connection reads at most a bounded rest of its response before it is freed.
        assertThat(E2e.await(() -> proxy.engine().stats().used() == 0, 5_000)).as("no backend connection held").isTrue();
        System.out.println("zero window: backend connections free " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut)
                + " ms after the cut");
        assertProxyUpAndHeapBounded("zero-window hold");
    }

    @Test
    void aSlowlorisHeadIsCutOffAtTheRequestHeaderTimeout() throws Exception {
        long since = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(at, 5_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("GET /slow HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            boolean closed = false;
            for (int i = 0; i < 100 && !closed; i++) {
                try {
                    out.write("X-Drip: a\r\n".getBytes(StandardCharsets.US_ASCII)); // a header line every 100 ms
                    out.flush();
                    s.setSoTimeout(100);
                    closed = in.read() < 0;
                } catch (java.net.SocketTimeoutException e) {
                    // Still open: drip on.
                } catch (IOException e) {
                    closed = true;
                }
            }
            assertThat(closed).as("closed while the head was still dribbling").isTrue();
        }
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
        System.out.println("slowloris: closed after " + took + " ms (request header timeout 500 ms)");
        assertThat(took).as("well before the idle timeout (3000 ms)").isLessThan(2_000);
        assertThat(backendRequests()).isZero();
        assertProxyUpAndHeapBounded("slowloris");
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAtOnceAndHeadsBeyondTheListSizeAreRefused() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Socket s = new Socket();
                s.connect(at, 5_000);
                held.add(s);
            }
            assertThat(E2e.await(() -> proxy.context().clientConnections.get() >= 20, 5_000)).isTrue();
            try (Socket extra = new Socket()) {
                extra.connect(at, 5_000);
                extra.setSoTimeout(5_000);
                int r;
                try {
                    r = extra.getInputStream().read();
                } catch (IOException reset) {
                    r = -1;
                }
                assertThat(r).as("the 21st connection is closed").isEqualTo(-1);
            }
            assertThat(proxy.context().clientsRefused.get()).isEqualTo(1);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        assertThat(E2e.await(() -> proxy.openClientConnections() == 0, 5_000)).isTrue();
        String big = "GET /big-head HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(9_000) + "\r\n\r\n";
        assertThat(SmugglingInteropTest.rawExchange(at, big)).startsWith("HTTP/1.1 400 ");
        try (H2TestClient c = new H2TestClient(at)) {
            H2TestClient.Outcome o = c.exchange(H2TestClient.request("GET", "/big-head", "x-big", "a".repeat(9_000)),
                    null, 5_000);
            assertThat(o.status == 200).as("h2 head over the list size: %s, GOAWAY %s", o, c.goAway).isFalse();
        }
        assertThat(backendRequests()).isZero();
        assertProxyUpAndHeapBounded("connection and head limits");
    }

    private static ByteArrayOutputStream preface() {
        ByteArrayOutputStream w = new ByteArrayOutputStream();
        w.writeBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        w.writeBytes(frame(0x4, 0, 0, new byte[0]));
        return w;
    }

    private static byte[] frame(int type, int flags, int stream, byte[] payload) {
        return H2TestClient.frame(type, flags, stream, payload);
    }

    /**
     * Writes {@code bytes} without reading (a flood), then reads what the proxy sent until it closed.
     *
     * @return the frames read: type, flags, stream, and for GOAWAY its error code
     */
    private List<int[]> flood(byte[] bytes) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(at, 5_000);
            s.setSoTimeout(10_000);
            try {
                s.getOutputStream().write(bytes);
            } catch (IOException closedMidway) {
                // The proxy cut the flood off while it was being written.
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try {
                s.getInputStream().transferTo(got);
            } catch (IOException reset) {
                // Reset after the GOAWAY: what was read is enough.
            }
            return frames(ByteBuffer.wrap(got.toByteArray()));
        }
    }

    private static List<int[]> frames(ByteBuffer b) {
        List<int[]> out = new ArrayList<>();
        while (b.remaining() >= 9) {
            int len = (b.get() & 0xff) << 16 | (b.get() & 0xff) << 8 | (b.get() & 0xff);
            int type = b.get() & 0xff;
            int flags = b.get() & 0xff;
            int stream = b.getInt() & 0x7fffffff;
            if (b.remaining() < len) {
                break;
            }
            int code = type == 0x7 && len >= 8 ? b.getInt(b.position() + 4) : -1;
            b.position(b.position() + len);
            out.add(new int[] {type, flags, stream, code});
        }
        return out;
    }

    private static int goAwayCode(List<int[]> frames) {
        return frames.stream().filter(f -> f[0] == 0x7).mapToInt(f -> f[3]).findFirst().orElse(-1);
    }
}
