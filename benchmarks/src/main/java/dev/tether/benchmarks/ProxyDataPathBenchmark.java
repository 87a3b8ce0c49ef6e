package dev.tether.benchmarks;

import dev.tether.core.ReusePolicy;
import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.origin.StaticOrigin;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.RunnerException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Question: what does one HTTP/1.1 request cost the example proxy's data path (client head parsed,
 * backend connection acquired from the engine, head forwarded, response relayed, connection
 * released), in bytes allocated ({@code -prof gc}: {@code gc.alloc.rate.norm}) and in time? One op
 * is one keep-alive GET through a one-loop {@link ReverseProxy} (policy {@code safe}) over loopback
 * to a {@link StaticOrigin}, whose response never changes (a static file server's steady state).
 *
 * <p>Invariants: the client and the origin allocate nothing per request (the client writes one
 * pre-encoded request from a direct buffer and reads the response, whose length it learned at
 * set-up, into another), so the allocation per op of the whole process is the proxy's. The time is
 * the round trip over loopback, three threads on a machine's cores: a direction, not the proxy's
 * cost alone. Each op checks that the response is a 200 of the learned length.
 *
 * <p>Thread safety: one benchmark thread ({@link Scope#Benchmark} state used by one thread); the
 * proxy and the origin run on threads of their own.
 */
@ThreadSafe
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ProxyDataPathBenchmark {
    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nhost: origin\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private StaticOrigin origin;
    private ReverseProxy proxy;
    private SocketChannel client;
    private final ByteBuffer request = ByteBuffer.allocateDirect(REQUEST.length).put(REQUEST);
    private final ByteBuffer response = ByteBuffer.allocateDirect(64 * 1024);
    /** The length of the proxy's response, learned at set-up. */
    private int responseLength;

    /**
     * Starts the origin, the proxy and one keep-alive client; learns the response's length.
     *
     * @throws IOException if a socket cannot be opened
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        origin = new StaticOrigin();
        proxy = ReverseProxy.start(ProxyConfig.defaults(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                List.of(new Backend(Backend.Protocol.H1, origin.address())), ReusePolicy.SAFE).withLoops(1));
        client = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()));
        responseLength = learnResponseLength();
        exchange(); // the first request of the session opens the backend connection (R15)
    }

    /** Closes the client, the proxy and the origin. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        client.close();
        proxy.close();
        origin.close();
    }

    /**
     * One request through the proxy and its whole response.
     *
     * @return the response's status digit, so that the read is not optimised away
     * @throws IOException if the proxy closes the connection or answers anything else
     */
    @Benchmark
    public int request() throws IOException {
        return exchange();
    }

    private int exchange() throws IOException {
        request.clear();
        while (request.hasRemaining()) {
            client.write(request);
        }
        response.clear().limit(responseLength);
        while (response.hasRemaining()) {
            if (client.read(response) < 0) {
                throw new IOException("the proxy closed the connection");
            }
        }
        byte status = response.get(9); // "HTTP/1.1 200"
        if (status != '2') {
            throw new IOException("the proxy answered status " + (char) status + "xx");
        }
        return status;
    }

    /** Sends one request and reads its head and body by its {@code content-length}. */
    private int learnResponseLength() throws IOException {
        request.clear();
        while (request.hasRemaining()) {
            client.write(request);
        }
        response.clear();
        while (true) {
            if (client.read(response) < 0) {
                throw new IOException("the proxy closed the connection");
            }
            String text = StandardCharsets.ISO_8859_1.decode(response.duplicate().flip()).toString();
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                continue;
            }
            String head = text.substring(0, end).toLowerCase(java.util.Locale.ROOT);
            int at = head.indexOf("content-length:");
            if (!head.startsWith("http/1.1 200") || at < 0) {
                throw new IOException("unexpected response head: " + head);
            }
            int eol = head.indexOf("\r\n", at);
            int length = Integer.parseInt(head.substring(at + 15, eol < 0 ? head.length() : eol).trim());
            int total = end + 4 + length;
            if (response.position() >= total) {
                if (response.position() > total) {
                    throw new IOException("more bytes than one response");
                }
                return total;
            }
        }
    }

    /**
     * Runs this benchmark alone.
     *
     * @param args ignored
     * @throws RunnerException if a benchmark failed
     */
    public static void main(String[] args) throws RunnerException {
        Benchmarks.run(ProxyDataPathBenchmark.class);
    }
}
