package dev.tether.examples.nio;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A socket that never had a selection key, closed from another socket's handler (a client answered by
 * its backend's read handler), closes as soon as that handler returns: before the loop runs anything
 * else, not after its next select. Then the proxy sends its FIN before a one-shot client that read the
 * whole answer closes first, and the TIME_WAIT stays on the proxy's side, not on the client's ports.
 * One asked for by the loop's last tasks, as it stops, is closed too.
 */
class KeylessCloseTest {
    private final OneLoop one = new OneLoop("keyless-close-test");

    @AfterEach
    void stop() {
        one.close();
    }

    @Test
    void aSocketWithNoKeyClosedInAnotherSocketsHandlerIsClosedWhenThatHandlerReturns() throws Exception {
        Quiet quiet = new Quiet();
        CompletableFuture<Boolean> openInTheNextTask = new CompletableFuture<>();
        AtomicInteger accepted = new AtomicInteger();
        int port = one.listen((loop, ch, id) -> {
            try {
                if (accepted.incrementAndGet() == 1) {
                    quiet.accept(loop, ch);
                    return;
                }
                NioSocket.accepted(loop, ch, new Dropping() {
                    @Override
                    public void onRead(ByteBuffer in) { // run by a select: this socket waited for the byte
                        in.position(in.limit());
                        quiet.socket.join().close();
                        loop.execute(() -> openInTheNextTask.complete(quiet.channel.join().isOpen()));
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try (Socket first = new Socket("127.0.0.1", port);
             Socket second = new Socket("127.0.0.1", port)) {
            first.setSoTimeout(10_000);
            quiet.socket.get(10, TimeUnit.SECONDS);
            assertThat(one.onLoop(() -> one.loop().holdsKey(quiet.channel.join()))).as("the quiet socket's key").isFalse();
            second.getOutputStream().write("x".getBytes(StandardCharsets.US_ASCII));
            assertThat(openInTheNextTask.get(10, TimeUnit.SECONDS))
                    .as("the quiet socket still open in the first task after the handler that closed it")
                    .isFalse();
            assertThat(first.getInputStream().read()).as("the quiet socket's peer sees its FIN").isEqualTo(-1);
        }
    }

    @Test
    void aSocketWithNoKeyClosedByTheLastTaskOfAStoppingLoopIsClosed() throws Exception {
        Quiet quiet = new Quiet();
        int port = one.listen((loop, ch, id) -> {
            try {
                quiet.accept(loop, ch);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try (Socket client = new Socket("127.0.0.1", port)) {
            client.setSoTimeout(10_000);
            NioSocket socket = quiet.socket.get(10, TimeUnit.SECONDS);
            EventLoop loop = one.loop();
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            loop.execute(() -> {
                holding.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            loop.execute(socket::close); // behind the held task: it runs once the loop has seen it must stop
            Thread stopper = new Thread(one.group::close, "stopper");
            stopper.start();
            while (stopper.getState() != Thread.State.TIMED_WAITING && stopper.isAlive()) {
                Thread.onSpinWait(); // the stop asked for: the loop leaves its cycle after this one
            }
            release.countDown();
            stopper.join(10_000);
            assertThat(quiet.channel.join().isOpen()).as("closed by the stopping loop").isFalse();
            assertThat(client.getInputStream().read()).as("its peer sees the FIN").isEqualTo(-1);
        }
    }

    /** The socket accepted first: it waits for nothing, so it never gets a key. */
    private static final class Quiet {
        final CompletableFuture<NioSocket> socket = new CompletableFuture<>();
        final CompletableFuture<SocketChannel> channel = new CompletableFuture<>();

        void accept(EventLoop loop, SocketChannel ch) throws IOException {
            NioSocket s = NioSocket.accepted(loop, ch, new Dropping());
            s.pauseReading();
            channel.complete(ch);
            socket.complete(s);
        }
    }
}
