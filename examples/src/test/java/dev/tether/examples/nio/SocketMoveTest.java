package dev.tether.examples.nio;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link NioSocket#moveTo}: a connected socket waiting with nothing in flight moves to another loop,
 * whose thread then gets its events (a parked backend connection taken over, docs/behaviour.md R61);
 * a socket with bytes buffered, or whose handler is busy, stays where it is.
 */
class SocketMoveTest {
    private final EventLoopGroup group = new EventLoopGroup(2, "move-test");

    @AfterEach
    void stop() {
        group.close();
    }

    /** Reads on the loop, recording the thread; keeps the bytes unconsumed while {@code keep}. */
    private static final class Recorder implements SocketHandler {
        final List<String> threads = new CopyOnWriteArrayList<>();
        final StringBuffer got = new StringBuffer();
        volatile boolean keep;
        volatile boolean connected;

        @Override
        public void onConnected() {
            connected = true;
        }

        @Override
        public void onRead(ByteBuffer in) {
            threads.add(Thread.currentThread().getName());
            if (!keep) {
                got.append(StandardCharsets.US_ASCII.decode(in));
            }
        }

        @Override
        public void onEndOfInput() {
        }

        @Override
        public void onClosed() {
        }
    }

    private <T> T on(int loop, Supplier<T> s) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        group.loop(loop).execute(() -> f.complete(s.get()));
        return f.get(10, TimeUnit.SECONDS);
    }

    private static boolean await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return true;
    }

    /**
     * Moves {@code s} to loop 1 once loop 0 has left the read the test just saw the handler make (the
     * guard is held, and the input buffer lent, until the handler returns): true if it moved within 10 s.
     */
    private boolean moveOnceQuiet(NioSocket s) {
        return await(() -> {
            try {
                return on(1, () -> s.moveTo(group.loop(1), () -> true));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private NioSocket connectOnLoop0(ServerSocket server, Recorder r) throws Exception {
        InetSocketAddress address = new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
        NioSocket s = on(0, () -> {
            try {
                return NioSocket.connect(group.loop(0), address, r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(await(() -> r.connected)).isTrue();
        return s;
    }

    @Test
    void aQuietSocketMovesAndItsEventsComeToTheNewLoop() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Recorder r = new Recorder();
            NioSocket s = connectOnLoop0(server, r);
            try (Socket peer = server.accept()) {
                peer.getOutputStream().write('a');
                assertThat(await(() -> "a".contentEquals(r.got))).isTrue();
                assertThat(r.threads).containsOnly("move-test-0");

                assertThat(moveOnceQuiet(s)).isTrue();
                assertThat(s.loop()).isSameAs(group.loop(1));
                peer.getOutputStream().write('b');
                assertThat(await(() -> "ab".contentEquals(r.got))).isTrue();
                assertThat(r.threads).as("the read after the move").endsWith("move-test-1");

                s.closeFromAnyThread(); // closes on its new loop: the peer sees the end
                assertThat(peer.getInputStream().read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void aSocketWithBytesBufferedOrABusyHandlerStaysOnItsLoop() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Recorder r = new Recorder();
            NioSocket s = connectOnLoop0(server, r);
            try (Socket peer = server.accept()) {
                assertThat(on(1, () -> s.moveTo(group.loop(1), () -> false))).as("the handler is busy").isFalse();
                assertThat(s.loop()).isSameAs(group.loop(0));

                r.keep = true; // the byte stays in the socket's input buffer, lent by loop 0
                peer.getOutputStream().write('x');
                assertThat(await(() -> !r.threads.isEmpty())).isTrue();
                assertThat(on(1, () -> s.moveTo(group.loop(1), () -> true))).as("bytes buffered").isFalse();
                assertThat(s.loop()).isSameAs(group.loop(0));
            }
        }
    }

    /**
     * A move back to a loop that has not selected since the socket left it (it still holds the
     * socket's cancelled key, so the channel cannot be registered there yet) succeeds: the socket
     * writes at once and is registered after that loop's next select. It was refused, and the engine
     * closed the connection (R61): under always, a backend connection lost for each such move.
     */
    @Test
    void aMoveBackBeforeTheFirstLoopSelectedAgainSucceedsAndTheSocketReadsAfterItsNextSelect() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Recorder r = new Recorder();
            NioSocket s = connectOnLoop0(server, r);
            try (Socket peer = server.accept()) {
                CountDownLatch inside = new CountDownLatch(1);
                CountDownLatch hold = new CountDownLatch(1);
                CompletableFuture<Boolean> back = new CompletableFuture<>();
                group.loop(0).execute(() -> { // loop 0 does not select until it moved the socket back
                    inside.countDown();
                    try {
                        hold.await(10, TimeUnit.SECONDS);
                        boolean moved = s.moveTo(group.loop(0), () -> true);
                        if (moved) {
                            s.out().put((byte) 'w'); // written before the socket has a key here
                            s.flush();
                        }
                        back.complete(moved);
                    } catch (Throwable t) {
                        back.completeExceptionally(t);
                    }
                });
                assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(on(1, () -> s.moveTo(group.loop(1), () -> true))).isTrue();
                hold.countDown();
                assertThat(back.get(10, TimeUnit.SECONDS)).as("moved back to loop 0").isTrue();
                assertThat(s.loop()).isSameAs(group.loop(0));
                assertThat(peer.getInputStream().read()).as("the write made right after the move").isEqualTo('w');
                peer.getOutputStream().write('b');
                assertThat(await(() -> "b".contentEquals(r.got))).as("the socket reads, on loop 0").isTrue();
                assertThat(r.threads).containsOnly("move-test-0");
                assertThat(moveOnceQuiet(s)).as("whole again: it moves on").isTrue();
                peer.getOutputStream().write('c');
                assertThat(await(() -> "bc".contentEquals(r.got))).as("and reads on loop 1").isTrue();
            }
        }
    }
}
