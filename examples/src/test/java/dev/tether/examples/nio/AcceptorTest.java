package dev.tether.examples.nio;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The acceptor: every connection reaches a loop's sink once, with a unique id, spread over the loops. */
class AcceptorTest {
    private static final int CONNECTIONS = 300;
    /** As the e2e h1-wrk load: 64 keep-alive clients, connected at once. */
    private static final int KEEP_ALIVE_CLIENTS = 64;

    @Test
    void everyConnectionReachesOneLoopWithAUniqueIdAndBothLoopsGetSome() throws Exception {
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        Set<Integer> loops = ConcurrentHashMap.newKeySet();
        CountDownLatch all = new CountDownLatch(CONNECTIONS);
        try (EventLoopGroup group = new EventLoopGroup(2, "acceptor-test");
             Acceptor acceptor = new Acceptor(group, new InetSocketAddress("127.0.0.1", 0), (loop, ch, id) -> {
                 assertThat(loop.inLoop()).isTrue();
                 ids.add(id);
                 loops.add(loop.index());
                 close(ch);
                 all.countDown();
             })) {
            List<Socket> clients = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                clients.add(new Socket("127.0.0.1", acceptor.port()));
            }
            assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
            for (Socket s : clients) {
                s.close();
            }
            assertThat(ids).hasSize(CONNECTIONS);
            assertThat(acceptor.accepted()).isEqualTo(CONNECTIONS);
            assertThat(loops).containsExactlyInAnyOrder(0, 1);
        }
    }

    /**
     * Each round opens 64 connections that stay open, as wrk's clients do, and checks how they split
     * over two loops. The kernel's SO_REUSEPORT hash alone splits them within 31..33 in about 3 rounds
     * of 10 (a binomial spread: 40/24 happens), so five rounds pass on the hash alone about once in 400.
     */
    @Test
    void connectionsThatStayOpenAreSpreadEvenlyOverTheLoops() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(2, "acceptor-test");
             Acceptor acceptor = new Acceptor(group, new InetSocketAddress("127.0.0.1", 0), (loop, ch, id) -> {
                 ClosesAtEnd h = new ClosesAtEnd();
                 try {
                     h.socket = NioSocket.accepted(loop, ch, h);
                 } catch (IOException e) {
                     close(ch);
                 }
             })) {
            for (int round = 0; round < 5; round++) {
                List<Socket> clients = new ArrayList<>();
                for (int i = 0; i < KEEP_ALIVE_CLIENTS; i++) {
                    clients.add(new Socket("127.0.0.1", acceptor.port()));
                }
                awaitOpen(group, KEEP_ALIVE_CLIENTS);
                int first = group.loop(0).acceptedOpen.get();
                int second = group.loop(1).acceptedOpen.get();
                assertThat(Math.abs(first - second)).as("round %d: %d/%d", round, first, second)
                        .isLessThanOrEqualTo(2);
                for (Socket c : clients) {
                    c.close();
                }
                awaitOpen(group, 0); // the loops saw every close: the next round starts from 0/0
            }
        }
    }

    /** Waits (bounded) until the group's loops drive {@code n} accepted sockets in all. */
    private static void awaitOpen(EventLoopGroup group, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (group.loop(0).acceptedOpen.get() + group.loop(1).acceptedOpen.get() != n) {
            assertThat(System.nanoTime()).as("accepted sockets open: want %d", n).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    /** Reads and drops; closes when the client does. */
    private static final class ClosesAtEnd implements SocketHandler {
        NioSocket socket;

        @Override
        public void onRead(java.nio.ByteBuffer in) {
            in.position(in.limit());
        }

        @Override
        public void onEndOfInput() {
            socket.close();
        }

        @Override
        public void onClosed() {
        }
    }

    @Test
    void aGroupOfOneLoopListensOnOneSocket() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(1, "acceptor-test");
             Acceptor acceptor = new Acceptor(group, new InetSocketAddress("127.0.0.1", 0), (loop, ch, id) -> close(ch))) {
            assertThat(acceptor.listeningSockets()).isEqualTo(1);
            assertThat(acceptor.port()).isPositive();
        }
    }

    private static void close(java.nio.channels.SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Test sink.
        }
    }
}
