package dev.tether.examples.nio;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A plain socket endpoint against a blocking client: pooled buffers, close with a FIN, half-close. */
class NioSocketTest {
    private final OneLoop one = new OneLoop("nio-test");

    @AfterEach
    void stop() {
        one.close();
    }

    /** Starts a listener whose connections are served by the handler {@code make} builds. */
    private Socket connect(Function<Endpoint, SocketHandler> make) throws IOException {
        int port = one.listen((loop, ch, id) -> {
            Holder h = new Holder();
            try {
                NioSocket s = NioSocket.accepted(loop, ch, h);
                h.delegate = make.apply(s);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Socket c = new Socket("127.0.0.1", port);
        c.setSoTimeout(10_000);
        return c;
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        for (int n; (n = in.read(b)) >= 0; ) { // a reset would throw here instead of returning -1
            all.write(b, 0, n);
        }
        return all.toByteArray();
    }

    @Test
    void aSocketHoldsBuffersOnlyWhileBytesAreInFlight() throws Exception {
        try (Socket c = connect(s -> new Echo(s))) {
            for (int i = 0; i < 3; i++) {
                c.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                byte[] got = c.getInputStream().readNBytes(4);
                assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("ping");
                assertThat(one.onLoop(() -> one.loop().buffers().outstanding())).as("buffers lent while idle").isZero();
            }
            Echo.paused = true; // the handler consumes nothing: the received bytes stay in a lent buffer
            c.getOutputStream().write("held".getBytes(StandardCharsets.US_ASCII));
            assertThat(awaitOnLoop(() -> one.loop().buffers().outstanding() == 1)).isTrue();
        } finally {
            Echo.paused = false;
        }
    }

    /**
     * Nagle is off from a socket's second write on (a keep-alive connection's next answer is never
     * held back), and not set before its first (one answer then a close, the one-shot client, costs
     * no {@code setsockopt}).
     */
    @Test
    void nagleIsTurnedOffBeforeTheSecondWriteOnly() throws Exception {
        AtomicReference<NioSocket> socket = new AtomicReference<>();
        try (Socket c = connect(s -> {
            socket.set((NioSocket) s);
            return new Echo(s);
        })) {
            Callable<Boolean> noDelay = () -> socket.get().channel.getOption(StandardSocketOptions.TCP_NODELAY);
            c.getOutputStream().write("one".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.getInputStream().readNBytes(3)).hasSize(3);
            assertThat(one.onLoop(noDelay)).as("after the first write").isFalse();
            c.getOutputStream().write("two".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.getInputStream().readNBytes(3)).hasSize(3);
            assertThat(one.onLoop(noDelay)).as("after the second write").isTrue();
        }
    }

    /**
     * A client whose request is there when it is accepted, answered and closed at once (one request
     * per connection), never costs a selection key: none made, cancelled or deregistered.
     */
    @Test
    void aClientAnsweredAtOnceAfterReadNowIsNeverRegistered() throws Exception {
        CountDownLatch loopHeld = new CountDownLatch(1);
        CompletableFuture<Boolean> keyWhileAnswering = new CompletableFuture<>();
        int port = one.listen((loop, ch, id) -> {
            Holder h = new Holder();
            try {
                NioSocket s = NioSocket.accepted(loop, ch, h);
                SocketHandler answer = new Responder(10, Responder.Reading.ALL, false).on(s); // answers 10 bytes, then closes
                h.delegate = new SocketHandler() {
                    @Override
                    public void onRead(ByteBuffer in) {
                        keyWhileAnswering.complete(loop.holdsKey(ch));
                        answer.onRead(in);
                    }

                    @Override
                    public void onEndOfInput() {
                        answer.onEndOfInput();
                    }

                    @Override
                    public void onClosed() {
                        answer.onClosed();
                    }
                };
                s.readNow();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        one.loop().execute(() -> {
            try {
                loopHeld.await(10, TimeUnit.SECONDS); // the request arrives before the accept
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (Socket c = new Socket("127.0.0.1", port)) {
            c.setSoTimeout(10_000);
            c.getOutputStream().write("request\n".getBytes(StandardCharsets.US_ASCII));
            loopHeld.countDown();
            assertThat(readToEnd(c.getInputStream())).hasSize(10);
        }
        assertThat(keyWhileAnswering.get(10, TimeUnit.SECONDS)).as("a key while answering").isFalse();
    }

    /**
     * A connect to loopback is done by the time {@code connect} returns (the kernel handles the peer's
     * answer before the call gives the socket back): the socket completes it before the loop next waits,
     * with no selection key made for OP_CONNECT and no select between the connect and the first write.
     * An IPv4 destination gets an IPv4 socket (in {@code /proc/net/tcp}, not {@code tcp6}): a dual-stack
     * one costs a {@code setsockopt(IPV6_V6ONLY)} more. (A connect still in flight waits for OP_CONNECT:
     * the proxy's connect-timeout tests run it against a listener that drops the SYN.)
     */
    @Test
    void aLoopbackConnectCompletesBeforeTheLoopWaitsWithNoKeyForOpConnect() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CompletableFuture<Integer> readyOpsAtConnected = new CompletableFuture<>();
            AtomicReference<NioSocket> socket = new AtomicReference<>();
            Dropping h = new Dropping() {
                @Override
                public void onConnected() {
                    // Dispatched by a select, the key would show OP_CONNECT ready; made by the completion, nothing.
                    readyOpsAtConnected.complete(socket.get().key.readyOps());
                    socket.get().out().put("hi".getBytes(StandardCharsets.US_ASCII));
                    socket.get().flush();
                }

                @Override
                public void onEndOfInput() {
                    socket.get().close();
                }
            };
            boolean keyedAtConnect = one.onLoop(() -> {
                socket.set(NioSocket.connect(one.loop(), (InetSocketAddress) server.getLocalSocketAddress(), h));
                return one.loop().holdsKey(socket.get().channel);
            });
            assertThat(keyedAtConnect).as("registered for OP_CONNECT").isFalse();
            try (Socket peer = server.accept()) {
                peer.setSoTimeout(10_000);
                assertThat(new String(peer.getInputStream().readNBytes(2), StandardCharsets.US_ASCII)).isEqualTo("hi");
                assertThat(readyOpsAtConnected.get(10, TimeUnit.SECONDS)).as("ready ops when connected").isZero();
                String connection = ((InetSocketAddress) socket.get().channel.getLocalAddress()).getPort()
                        + "->" + server.getLocalPort();
                assertThat(connections("tcp")).as("IPv4 sockets").contains(connection);
                assertThat(connections("tcp6")).as("IPv6 sockets").doesNotContain(connection);
            }
            h.closed.get(10, TimeUnit.SECONDS);
        }
    }

    /** A handler that throws in {@code onConnected} gets its socket closed, as one that throws on a selected key does. */
    @Test
    void aHandlerThatThrowsWhenConnectedHasItsSocketClosed() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Dropping h = new Dropping() {
                @Override
                public void onConnected() {
                    throw new IllegalStateException("thrown by the test");
                }
            };
            one.onLoop(() -> NioSocket.connect(one.loop(), (InetSocketAddress) server.getLocalSocketAddress(), h));
            h.closed.get(10, TimeUnit.SECONDS);
            try (Socket peer = server.accept()) {
                peer.setSoTimeout(10_000);
                assertThat(peer.getInputStream().read()).as("end of input: the connecting side closed").isEqualTo(-1);
            }
        }
    }

    /**
     * The TCP sockets of this network namespace in one family, from {@code /proc/self/net/tcp} or
     * {@code tcp6}, each as "local port->remote port".
     */
    private static List<String> connections(String family) throws IOException {
        Path table = Path.of("/proc/self/net", family);
        assumeTrue(Files.isReadable(table), "no " + table + ": the socket family is not checked on this OS");
        List<String> connections = new ArrayList<>();
        List<String> lines = Files.readAllLines(table);
        for (String line : lines.subList(1, lines.size())) { // after the header line
            String[] f = line.trim().split("\\s+"); // sl, local ADDRESS:PORT, remote ADDRESS:PORT (hex), ...
            connections.add(hexPort(f[1]) + "->" + hexPort(f[2]));
        }
        return connections;
    }

    private static int hexPort(String addressAndPort) {
        return Integer.parseInt(addressAndPort.substring(addressAndPort.indexOf(':') + 1), 16);
    }

    /** The peer sent nothing more: the socket closes (a FIN) without waiting for the peer to close. */
    @Test
    void closeAfterFlushClosesAtOnceWithAFinWhenThePeerSentNothingMore() throws Exception {
        Responder server = new Responder(100_000, Responder.Reading.ALL, false);
        try (Socket c = connect(server::on)) {
            c.getOutputStream().write("request\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readToEnd(c.getInputStream())).hasSize(100_000);
            // Closed (on the loop, before the FIN left) while the peer still holds its side open.
            assertThat(one.onLoop(() -> server.s.isClosed())).as("closed without waiting for the peer").isTrue();
        }
        assertThat(awaitOnLoop(() -> one.loop().buffers().outstanding() == 0)).isTrue();
    }

    /**
     * A peer that keeps sending while the answer is written (a pipelined request, an unread body):
     * closing outright would make the kernel reset the connection, which destroys whatever part of the
     * answer the peer has not read yet. The socket shuts its output down (the peer reads every byte,
     * then end of input) and closes only once the peer closed.
     */
    @Test
    void closeAfterFlushLingersUntilThePeerClosesWhenItStillSends() throws Exception {
        Responder server = new Responder(200_000, Responder.Reading.NONE, false);
        try (Socket c = connect(server::on)) {
            c.getOutputStream().write("request\n".getBytes(StandardCharsets.US_ASCII));
            c.getOutputStream().write(new byte[64 * 1024]);
            assertThat(readToEnd(c.getInputStream())).hasSize(200_000);
            assertThat(server.closed.getCount()).as("still lingering: the peer has not closed").isEqualTo(1);
        }
        assertThat(server.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(awaitOnLoop(() -> one.loop().buffers().outstanding() == 0)).isTrue();
    }

    /**
     * A peer that said it sends nothing more (an HTTP client's {@code close}) is taken at its word: no
     * read looks for more before the close, so one that sent more anyway (here, past what the first
     * read took) gets a reset. This is what the skipped read costs such a peer.
     */
    @Test
    void closeAfterFlushPeerDoneClosesWithoutReadingToLookForMore() throws Exception {
        Responder server = new Responder(100_000, Responder.Reading.FIRST, true);
        try (Socket c = connect(server::on)) {
            c.getOutputStream().write(requestAndMore());
            assertThatThrownBy(() -> readToEnd(c.getInputStream())).isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
            assertThat(server.closed.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(awaitOnLoop(() -> one.loop().buffers().outstanding() == 0)).isTrue();
    }

    /** The same close lingers over bytes the socket already received that nobody consumed. */
    @Test
    void closeAfterFlushPeerDoneStillLingersOverBytesAlreadyReceived() throws Exception {
        Responder server = new Responder(200_000, Responder.Reading.NONE, true);
        try (Socket c = connect(server::on)) {
            c.getOutputStream().write(requestAndMore());
            assertThat(readToEnd(c.getInputStream())).hasSize(200_000);
            assertThat(server.closed.getCount()).as("still lingering: the peer has not closed").isEqualTo(1);
        }
        assertThat(server.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(awaitOnLoop(() -> one.loop().buffers().outstanding() == 0)).isTrue();
    }

    /** A request line and 64 KiB more in one write: more than one read of the socket's buffer takes. */
    private static byte[] requestAndMore() {
        byte[] request = "request\n".getBytes(StandardCharsets.US_ASCII);
        return Arrays.copyOf(request, request.length + 64 * 1024);
    }

    @Test
    void shutdownOutputHalfClosesAndTheSocketClosesWhenBothSidesEnded() throws Exception {
        HalfCloser server = new HalfCloser();
        try (Socket c = connect(s -> server.on(s))) {
            c.getOutputStream().write('x');
            assertThat(readToEnd(c.getInputStream())).containsExactly('y'); // then end of input
            c.getOutputStream().write("more".getBytes(StandardCharsets.US_ASCII)); // our side is still open
            c.shutdownOutput();
            assertThat(server.closed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(server.received.toString()).isEqualTo("xmore");
        }
    }

    private boolean awaitOnLoop(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!one.onLoop(condition)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return true;
    }

    /** Forwards to the handler made once the socket exists. */
    private static final class Holder implements SocketHandler {
        SocketHandler delegate;

        @Override
        public void onRead(ByteBuffer in) {
            delegate.onRead(in);
        }

        @Override
        public void onWritable() {
            delegate.onWritable();
        }

        @Override
        public void onEndOfInput() {
            delegate.onEndOfInput();
        }

        @Override
        public void onClosed() {
            delegate.onClosed();
        }
    }

    /** Writes back what it reads, unless {@link #paused}. */
    private static final class Echo implements SocketHandler {
        static volatile boolean paused;
        private final Endpoint s;

        Echo(Endpoint s) {
            this.s = s;
        }

        @Override
        public void onRead(ByteBuffer in) {
            if (!paused) {
                s.out().put(in);
                s.flush();
            }
        }

        @Override
        public void onEndOfInput() {
            s.close();
        }

        @Override
        public void onClosed() {
        }
    }

    /**
     * On the first bytes, answers {@code size} bytes and closes after them ({@link Endpoint#closeAfterFlushPeerDone()}
     * if {@code peerDone}); {@code reading} says what it does with what the peer sent. Notes the close.
     */
    private static final class Responder implements SocketHandler {
        /** What the responder reads: everything, the first bytes only (the rest stays in the kernel), or nothing. */
        enum Reading { ALL, FIRST, NONE }

        final CountDownLatch closed = new CountDownLatch(1);
        Endpoint s;
        private int left;
        private final Reading reading;
        private final boolean peerDone;
        private boolean started;

        Responder(int size, Reading reading, boolean peerDone) {
            this.left = size;
            this.reading = reading;
            this.peerDone = peerDone;
        }

        SocketHandler on(Endpoint socket) {
            this.s = socket;
            return this;
        }

        @Override
        public void onRead(ByteBuffer in) {
            if (reading != Reading.NONE) {
                in.position(in.limit());
            }
            if (reading != Reading.ALL) {
                s.pauseReading();
            }
            if (!started) {
                started = true;
                onWritable();
            }
        }

        @Override
        public void onWritable() {
            ByteBuffer out = s.out();
            int n = Math.min(left, out.remaining());
            out.put(new byte[n]);
            left -= n;
            if (left > 0) {
                s.flush();
                s.needWritable();
            } else if (peerDone) {
                s.closeAfterFlushPeerDone();
            } else {
                s.closeAfterFlush();
            }
        }

        @Override
        public void onEndOfInput() {
            s.close();
        }

        @Override
        public void onClosed() {
            closed.countDown();
        }
    }

    /** Answers "y" to the first byte and half-closes; records all it reads; notes the close. */
    private static final class HalfCloser {
        final StringBuffer received = new StringBuffer();
        final CountDownLatch closed = new CountDownLatch(1);

        SocketHandler on(Endpoint s) {
            return new SocketHandler() {
                @Override
                public void onRead(ByteBuffer in) {
                    boolean first = received.length() == 0;
                    while (in.hasRemaining()) {
                        received.append((char) in.get());
                    }
                    if (first) {
                        s.out().put((byte) 'y');
                        s.shutdownOutput();
                    }
                }

                @Override
                public void onEndOfInput() {
                    // Nothing: the socket closes itself, its output being shut down already.
                }

                @Override
                public void onClosed() {
                    closed.countDown();
                }
            };
        }
    }
}
