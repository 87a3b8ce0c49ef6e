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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tasks a socket queues for itself ({@link SocketTask}: the writable notification, the delivery of
 * buffered bytes) run on the socket's loop of the moment, inside its guard, and are never lost: a run
 * that finds the guard held by another loop trying to move the socket runs again once it is free.
 */
class SocketTaskTest {
    private final EventLoopGroup group = new EventLoopGroup(2, "task-test");

    @AfterEach
    void stop() {
        group.close();
    }

    /** Counts the writable notifications. */
    private static final class Writer implements SocketHandler {
        final CountDownLatch connected = new CountDownLatch(1);
        final CountDownLatch writable = new CountDownLatch(1);

        @Override
        public void onConnected() {
            connected.countDown();
        }

        @Override
        public void onRead(ByteBuffer in) {
            in.position(in.limit());
        }

        @Override
        public void onWritable() {
            writable.countDown();
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

    private NioSocket connectQuiet(InetSocketAddress address, Writer w) throws Exception {
        return on(0, () -> {
            try {
                return NioSocket.connect(group.loop(0), address, w);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Waits until {@code s} is connected and registered: a move would then ask its handler. */
    private void awaitQuiet(NioSocket s, Writer w) throws Exception {
        assertThat(w.connected.await(10, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!on(0, s::quiet)) {
            assertThat(System.nanoTime() - deadline).as("the socket never became quiet").isNegative();
            Thread.onSpinWait();
        }
    }

    /**
     * Loop 1 tries to take {@code s} over and holds its guard while it asks a busy handler, until
     * {@code giveUp}; returns once loop 1 is inside the guard. The future says whether it moved.
     */
    private CompletableFuture<Boolean> tryMoveHoldingGuard(NioSocket s, CountDownLatch giveUp) throws Exception {
        CountDownLatch inGuard = new CountDownLatch(1);
        CompletableFuture<Boolean> moved = new CompletableFuture<>();
        group.loop(1).execute(() -> moved.complete(s.moveTo(group.loop(1), () -> {
            inGuard.countDown();
            try {
                return !giveUp.await(10, TimeUnit.SECONDS); // busy: no move
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        })));
        assertThat(inGuard.await(10, TimeUnit.SECONDS)).isTrue();
        return moved;
    }

    /**
     * Loop 1 tries to take the socket over and, inside the guard, waits on a handler that is busy;
     * meanwhile loop 0 asks for a writable notification and runs the task it queued, which finds the
     * guard held. Once loop 1 gives up (the socket stays on loop 0), the notification still comes (a
     * task that returned when refused was lost, and with it every later notification: the socket
     * believed one was on its way).
     */
    @Test
    void aWritableNotificationQueuedWhileAnotherLoopTriesAMoveStillComes() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Writer w = new Writer();
            InetSocketAddress address = new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
            NioSocket s = connectQuiet(address, w);
            try (Socket peer = server.accept()) {
                awaitQuiet(s, w);
                CountDownLatch giveUp = new CountDownLatch(1);
                CompletableFuture<Boolean> moved = tryMoveHoldingGuard(s, giveUp);
                on(0, () -> {
                    s.needWritable(); // queues the notification on loop 0
                    return null;
                });
                on(0, () -> null); // the queued notification ran on loop 0, and found the guard held
                giveUp.countDown();
                assertThat(moved.get(10, TimeUnit.SECONDS)).as("the handler was busy: no move").isFalse();
                assertThat(s.loop()).isSameAs(group.loop(0));
                assertThat(w.writable.await(10, TimeUnit.SECONDS)).as("the writable notification came").isTrue();
                s.closeFromAnyThread();
            }
        }
    }

    /**
     * Loop 1 tries to take the socket over and holds its guard while it asks a busy handler; meanwhile
     * loop 0 writes bytes and flushes, and its flush finds the guard held. Once loop 1 gives up, the
     * bytes still go out (a refused flush that returned left them with no write and no write interest,
     * until some later flush).
     */
    @Test
    void aFlushRefusedWhileAnotherLoopTriesAMoveStillWrites() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Writer w = new Writer();
            InetSocketAddress address = new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
            NioSocket s = connectQuiet(address, w);
            try (Socket peer = server.accept()) {
                awaitQuiet(s, w);
                CountDownLatch giveUp = new CountDownLatch(1);
                CompletableFuture<Boolean> moved = tryMoveHoldingGuard(s, giveUp);
                on(0, () -> {
                    s.out().put((byte) 'x');
                    s.flush(); // refused the guard: loop 1 holds it
                    return null;
                });
                giveUp.countDown();
                assertThat(moved.get(10, TimeUnit.SECONDS)).as("the handler was busy: no move").isFalse();
                peer.setSoTimeout(10_000);
                assertThat(peer.getInputStream().read()).as("the flushed byte arrived").isEqualTo('x');
                s.closeFromAnyThread();
            }
        }
    }
}
