package dev.tether.benchmarks;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.examples.nio.BufferPool;
import dev.tether.examples.tls.SelfSignedCertificate;
import dev.tether.examples.tls.TlsContexts;
import dev.tether.examples.tls.TlsEngine;
import dev.tether.examples.tls.TlsException;
import dev.tether.examples.tls.TlsListener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Question: what does the TLS record layer cost one keep-alive exchange of the proxy over a TLS
 * backend, apart from the network? One op is a 200-byte request encrypted by a client
 * {@link TlsEngine} straight into a "socket" buffer and decrypted in place by a server engine, then
 * a 300-byte response the other way: two wraps and two unwraps through the JDK's {@code SSLEngine},
 * as the example proxy's {@code TlsEndpoint} drives them, with no socket, thread or handler.
 *
 * <p>Invariants: the engines finish their handshake in set-up (TLS 1.2, as nginx's default speaks,
 * or TLS 1.3); each op checks that every plaintext byte arrived.
 *
 * <p>Thread safety: one benchmark thread; the engines' delegated tasks run on it too.
 */
@NotThreadSafe
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class TlsRecordBenchmark {
    @Param({"TLSv1.2", "TLSv1.3"})
    public String protocol;

    private final ArrayDeque<Runnable> loop = new ArrayDeque<>();
    private final Sink client = new Sink();
    private final Sink server = new Sink();
    private final ByteBuffer wire = ByteBuffer.allocate(BufferPool.DEFAULT_BUFFER_SIZE);
    private final ByteBuffer request = ByteBuffer.allocate(200);
    private final ByteBuffer response = ByteBuffer.allocate(300);
    private TlsEngine clientEngine;
    private TlsEngine serverEngine;

    /** Counts plaintext and consumes it all, as a handler that read a whole message. */
    private static final class Sink implements TlsListener {
        long received;
        boolean open;

        @Override
        public void onHandshakeDone() {
            open = true;
        }

        @Override
        public void onPlaintext(ByteBuffer plaintext) {
            received += plaintext.remaining();
            plaintext.position(plaintext.limit());
        }

        @Override
        public void onCloseNotify() {
        }

        @Override
        public void onFailure(TlsException failure) {
            throw new IllegalStateException(failure);
        }

        @Override
        public void onTasksDone() {
        }
    }

    /**
     * Makes a certificate and two engines, and runs their handshake in memory.
     *
     * @throws Exception if the JDK cannot make the contexts
     */
    @Setup
    public void setUp() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.localhost();
        SSLContext serverCtx = TlsContexts.server(List.of(cert.certificate()), cert.privateKey());
        SSLContext clientCtx = TlsContexts.client(List.of(cert.certificate()));
        SSLEngine c = TlsContexts.clientEngine(clientCtx, "127.0.0.1", 443, "localhost", List.of("http/1.1"), true);
        c.setEnabledProtocols(new String[] {protocol});
        BufferPool buffers = new BufferPool(BufferPool.DEFAULT_BUFFER_SIZE, BufferPool.DEFAULT_MAX_POOLED);
        clientEngine = new TlsEngine(c, buffers, Runnable::run, loop::add, client);
        serverEngine = new TlsEngine(TlsContexts.serverEngine(serverCtx, List.of("http/1.1")), buffers, Runnable::run,
                loop::add, server);
        clientEngine.beginHandshake(Long.MAX_VALUE);
        serverEngine.beginHandshake(Long.MAX_VALUE);
        for (int i = 0; i < 1_000 && !(client.open && server.open); i++) {
            while (!loop.isEmpty()) {
                loop.poll().run();
            }
            hop(clientEngine, serverEngine);
            hop(serverEngine, clientEngine);
        }
        if (!(client.open && server.open)) {
            throw new IllegalStateException("no handshake: " + clientEngine + " " + serverEngine);
        }
        for (int i = 0; i < 4; i++) { // TLS 1.3 session tickets, after the handshake
            hop(serverEngine, clientEngine);
        }
    }

    private void hop(TlsEngine from, TlsEngine to) {
        wire.clear();
        from.pollOutbound(wire);
        wire.flip();
        if (wire.hasRemaining()) {
            to.receive(wire);
        }
    }

    /**
     * One request and its response through the record layer.
     *
     * @return the plaintext bytes received so far, for the blackhole
     */
    @Benchmark
    public long exchange() {
        long before = server.received + client.received;
        send(clientEngine, request.clear(), serverEngine);
        send(serverEngine, response.clear(), clientEngine);
        if (server.received + client.received - before != request.capacity() + response.capacity()) {
            throw new IllegalStateException("plaintext lost");
        }
        return server.received;
    }

    private void send(TlsEngine from, ByteBuffer plaintext, TlsEngine to) {
        wire.clear();
        from.send(plaintext, wire);
        from.pollOutbound(wire); // nothing, unless a record did not fit
        wire.flip();
        to.receive(wire);
    }
}
