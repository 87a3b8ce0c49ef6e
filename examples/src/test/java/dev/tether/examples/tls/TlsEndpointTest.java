package dev.tether.examples.tls;


import dev.tether.examples.nio.EventLoop;
import dev.tether.examples.nio.OneLoop;
import dev.tether.examples.nio.SocketHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** TLS endpoints on real loopback sockets driven by an event loop: the transport under the proxy. */
class TlsEndpointTest {
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(5);
    private static SelfSignedCertificate cert;
    private static SSLContext serverCtx;
    private static SSLContext clientCtx;
    private final OneLoop one = new OneLoop("tls-test");
    private final EventLoop loop = one.loop();
    private final ExecutorService tasks = Executors.newCachedThreadPool();
    private final TlsCounters clientCounters = new TlsCounters();
    private final TlsCounters serverCounters = new TlsCounters();

    @BeforeAll
    static void certificate() throws Exception {
        cert = SelfSignedCertificate.localhost();
        serverCtx = TlsContexts.server(List.of(cert.certificate()), cert.privateKey());
        clientCtx = TlsContexts.client(List.of(cert.certificate()));
    }

    @AfterEach
    void close() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int outstanding;
        while ((outstanding = one.onLoop(() -> loop.buffers().outstanding())) > 0 && System.nanoTime() < deadline) {
            one.onLoop(() -> null); // one more loop iteration: the server side closes after the client
        }
        assertThat(outstanding).as("buffers borrowed once every socket closed").isZero();
        one.close();
        tasks.shutdownNow();
    }

    /** A TLS server whose connections echo every byte back. */
    private int echoServer() throws IOException {
        return one.listen((l, ch, id) -> {
            try {
                Echo echo = new Echo();
                echo.endpoint = TlsEndpoint.accept(l, ch, TlsContexts.serverEngine(serverCtx, TlsContexts.DEFAULT_ALPN),
                        tasks, TIMEOUT, serverCounters, echo);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private Client connect(int port, SSLContext ctx, String sni, long timeoutNanos) throws Exception {
        Client c = new Client();
        one.onLoop(() -> c.endpoint = TlsEndpoint.connect(loop, new InetSocketAddress("127.0.0.1", port),
                TlsContexts.clientEngine(ctx, "127.0.0.1", port, sni, TlsContexts.DEFAULT_ALPN, true),
                tasks, timeoutNanos, clientCounters, c));
        return c;
    }

    @Test
    void theHandlerHearsConnectedOnlyAfterTheHandshakeAndBytesEchoIntact() throws Exception {
        int port = echoServer();
        Client c = connect(port, clientCtx, "localhost", TIMEOUT);
        assertThat(c.connected.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(c.protocolAtConnect).isEqualTo("h2");

        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        one.onLoop(() -> c.write(data));
        c.awaitReceived(data.length);
        assertThat(c.received()).isEqualTo(data);

        one.onLoop(() -> { c.endpoint.closeAfterFlush(); return null; });
        assertThat(c.closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(c.endpoint.failure()).isNull();
        assertThat(clientCounters.fullHandshakes()).isEqualTo(1);
        assertThat(clientCounters.negotiated("h2")).isEqualTo(1);
        assertThat(clientCounters.handshakeMicros(50)).isPositive();
    }

    @Test
    void aSecondConnectionToTheSameNameResumesTheSession() throws Exception {
        int port = echoServer();
        for (int i = 0; i < 2; i++) {
            Client c = connect(port, clientCtx, "localhost", TIMEOUT);
            assertThat(c.connected.await(5, TimeUnit.SECONDS)).isTrue();
            one.onLoop(() -> c.write(new byte[] {1}));
            c.awaitReceived(1); // TLS 1.3 session tickets come after the handshake
            one.onLoop(() -> { c.endpoint.closeAfterFlush(); return null; });
            assertThat(c.closed.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(clientCounters.fullHandshakes()).isEqualTo(1);
        assertThat(clientCounters.resumedHandshakes()).isEqualTo(1);
        assertThat(serverCounters.resumedHandshakes()).isEqualTo(1);
    }

    @Test
    void aBackendThatAcceptsButNeverAnswersTimesOutWithATypedFailure() throws Exception {
        try (ServerSocketChannel silent = ServerSocketChannel.open()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0), 8); // the kernel accepts; nobody reads
            long started = System.nanoTime();
            Client c = connect(((InetSocketAddress) silent.getLocalAddress()).getPort(), clientCtx, "localhost",
                    TimeUnit.MILLISECONDS.toNanos(300));
            assertThat(c.closed.await(5, TimeUnit.SECONDS)).isTrue();
            // On time: the deadline is armed when the connect completes, before the loop next waits, and
            // that wait must count it (else it fires only after the loop's longest wait, 1 s).
            assertThat(System.nanoTime() - started).isBetween(TimeUnit.MILLISECONDS.toNanos(300),
                    TimeUnit.MILLISECONDS.toNanos(900));
            assertThat(c.endpoint.failure().kind()).isEqualTo(TlsFailure.TIMEOUT);
            assertThat(c.connected.getCount()).as("never connected").isEqualTo(1);
            assertThat(clientCounters.failures(TlsFailure.TIMEOUT)).isEqualTo(1);
        }
    }

    @Test
    void aBackendThatResetsTheConnectionMidHandshakeIsCountedAsAFailedHandshake() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0), 8);
            Client c = connect(((InetSocketAddress) server.getLocalAddress()).getPort(), clientCtx, "localhost", TIMEOUT);
            try (SocketChannel accepted = server.accept()) {
                accepted.read(ByteBuffer.allocate(4096)); // the ClientHello
                accepted.setOption(StandardSocketOptions.SO_LINGER, 0); // the close sends a reset
            }
            assertThat(c.closed.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(c.endpoint.failure()).as("the endpoint's typed failure").isNotNull();
            assertThat(c.endpoint.failure().kind()).isEqualTo(TlsFailure.HANDSHAKE_FAILED);
            assertThat(clientCounters.failures(TlsFailure.HANDSHAKE_FAILED)).as("counted for the stats").isEqualTo(1);
        }
    }

    @Test
    void anUntrustedCertificateClosesWithATypedFailure() throws Exception {
        int port = echoServer();
        Client c = connect(port, TlsContexts.client(List.of()), "localhost", TIMEOUT);
        assertThat(c.closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(c.endpoint.failure().kind()).isEqualTo(TlsFailure.UNTRUSTED);
        assertThat(clientCounters.failures(TlsFailure.UNTRUSTED)).isEqualTo(1);
    }

    @Test
    void aWrongNameClosesWithAHostNameMismatch() throws Exception {
        int port = echoServer();
        Client c = connect(port, clientCtx, "api.example.com", TIMEOUT);
        assertThat(c.closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(c.endpoint.failure().kind()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH);
    }

    /**
     * A handler may close the endpoint from {@code onRead} (the proxy does, when the response ends a
     * one-shot client's exchange) and then finish with the buffer it was given: until it returns, that
     * buffer must not be lent to another connection of the loop. It was: the close gave it back, the
     * next socket borrowed it, and the handler's last move of its position made that socket send
     * 32 KiB of stale bytes in place of a ClientHello.
     */
    @Test
    void aHandlerThatClosesWhileReadingKeepsItsBufferUntilItReturns() throws Exception {
        int port = echoServer();
        Client c = connect(port, clientCtx, "localhost", TIMEOUT);
        assertThat(c.connected.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Boolean> lentAgain = new CompletableFuture<>();
        c.closeOnRead = in -> {
            c.endpoint.close();
            ByteBuffer next = loop.buffers().acquire(); // what the next connection of the loop would get
            lentAgain.complete(next == in);
            loop.buffers().release(next);
            in.position(in.limit()); // the handler finishes with its buffer, as the proxy's H1Backend does
        };
        one.onLoop(() -> c.write(new byte[] {1, 2, 3}));
        assertThat(lentAgain.get(5, TimeUnit.SECONDS)).as("the buffer being read was lent to another borrower").isFalse();
        assertThat(c.closed.await(5, TimeUnit.SECONDS)).isTrue();
        ByteBuffer next = one.onLoop(() -> loop.buffers().acquire());
        assertThat(next.position()).as("a free buffer was moved after its release").isZero();
        one.onLoop(() -> { loop.buffers().release(next); return null; });
    }

    /**
     * A producer may still ask a closed endpoint for its output (a response that ends after the client
     * left): like a closed socket's, that output takes nothing, and nothing is borrowed for it that no
     * one would give back.
     */
    @Test
    void theOutputOfAClosedEndpointTakesNothingAndBorrowsNothing() throws Exception {
        int port = echoServer();
        Client c = connect(port, clientCtx, "localhost", TIMEOUT);
        assertThat(c.connected.await(5, TimeUnit.SECONDS)).isTrue();
        one.onLoop(() -> { c.endpoint.close(); return null; });
        assertThat(c.closed.await(5, TimeUnit.SECONDS)).isTrue();
        int before = one.onLoop(() -> loop.buffers().outstanding());
        int[] after = one.onLoop(() -> new int[] {c.endpoint.out().remaining(), c.endpoint.outSpace(),
                loop.buffers().outstanding()});
        assertThat(after[0]).as("room in a closed endpoint's output").isZero();
        assertThat(after[1]).as("outSpace of a closed endpoint").isZero();
        assertThat(after[2]).as("buffers borrowed by out() after the close").isEqualTo(before);
    }

    /** The server side: echoes, and closes when the client does. */
    private static final class Echo implements SocketHandler {
        TlsEndpoint endpoint;

        @Override
        public void onRead(ByteBuffer in) {
            int n = Math.min(in.remaining(), endpoint.outSpace());
            ByteBuffer out = endpoint.out();
            int limit = in.limit();
            in.limit(in.position() + n);
            out.put(in);
            in.limit(limit);
            endpoint.flush();
            if (in.hasRemaining()) {
                endpoint.pauseReading();
                endpoint.needWritable();
            }
        }

        @Override
        public void onWritable() {
            endpoint.resumeReading();
        }

        @Override
        public void onEndOfInput() {
            endpoint.closeAfterFlush();
        }

        @Override
        public void onClosed() {
        }
    }

    /** The client side: writes, collects what comes back. */
    private static final class Client implements SocketHandler {
        TlsEndpoint endpoint;
        final CountDownLatch connected = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        volatile String protocolAtConnect;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private ByteBuffer pending = ByteBuffer.allocate(0);
        /** When set, reads go here instead. */
        volatile Consumer<ByteBuffer> closeOnRead;

        Object write(byte[] data) {
            pending = ByteBuffer.wrap(data);
            onWritable();
            return null;
        }

        @Override
        public void onConnected() {
            protocolAtConnect = endpoint.applicationProtocol();
            connected.countDown();
        }

        @Override
        public void onWritable() {
            while (pending.hasRemaining() && endpoint.outSpace() > 0) {
                int n = Math.min(pending.remaining(), endpoint.outSpace());
                endpoint.out().put(pending.slice(pending.position(), n));
                pending.position(pending.position() + n);
                endpoint.flush();
            }
            if (pending.hasRemaining()) {
                endpoint.needWritable();
            }
        }

        @Override
        public void onRead(ByteBuffer in) {
            if (closeOnRead != null) {
                closeOnRead.accept(in);
                return;
            }
            synchronized (received) {
                byte[] b = new byte[in.remaining()];
                in.get(b);
                received.writeBytes(b);
                received.notifyAll();
            }
        }

        void awaitReceived(int n) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 10_000;
            synchronized (received) {
                while (received.size() < n && System.currentTimeMillis() < deadline) {
                    received.wait(100);
                }
            }
            assertThat(received.size()).isEqualTo(n);
        }

        byte[] received() {
            synchronized (received) {
                return received.toByteArray();
            }
        }

        @Override
        public void onEndOfInput() {
            endpoint.close();
        }

        @Override
        public void onClosed() {
            closed.countDown();
        }
    }
}
