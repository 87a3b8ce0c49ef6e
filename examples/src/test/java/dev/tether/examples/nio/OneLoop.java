package dev.tether.examples.nio;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * One event loop and, once a test asks, a listener on a free loopback port: the fixture of the tests
 * that drive sockets on a real loop. {@link #close()} after each test stops both.
 *
 * <p>Thread safety: used by the test thread; {@link #onLoop} runs its work on the loop.
 */
public final class OneLoop implements AutoCloseable {
    final EventLoopGroup group;
    private Acceptor acceptor;

    /**
     * Starts the loop.
     *
     * @param name the loop thread's name
     */
    public OneLoop(String name) {
        group = new EventLoopGroup(1, name);
    }

    /** The loop. */
    public EventLoop loop() {
        return group.loop(0);
    }

    /**
     * Listens on a free loopback port and hands each accepted channel to {@code sink} on the loop.
     *
     * @param sink takes the accepted channels
     * @return the port
     * @throws IOException if the listener cannot be opened
     */
    public int listen(Acceptor.Sink sink) throws IOException {
        acceptor = new Acceptor(group, new InetSocketAddress("127.0.0.1", 0), sink);
        return acceptor.port();
    }

    /**
     * Runs {@code task} on the loop and waits up to 10 s for its result; what it throws (an exception or
     * a failed assertion) is thrown here, wrapped in an {@link java.util.concurrent.ExecutionException}.
     */
    public <T> T onLoop(Callable<T> task) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop().execute(() -> {
            try {
                f.complete(task.call());
            } catch (Exception | AssertionError e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (acceptor != null) {
            acceptor.close();
        }
        group.close();
    }
}
