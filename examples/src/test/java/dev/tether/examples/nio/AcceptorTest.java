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
