package dev.tether.examples.nio;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.core.annotations.ThreadSafe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A listening socket on loop 0 of a group that hands each accepted connection to the next loop,
 * round-robin, where {@link Sink#accepted} wraps it.
 *
 * <p>Invariants: every accepted channel is either handed to a sink or closed; {@link #accepted()}
 * counts every accepted channel; after {@link #close()} nothing more is accepted.
 *
 * <p>Thread safety: {@link #port()}, {@link #accepted()} and {@link #close()} from any thread; the
 * selector callback runs on loop 0.
 */
@ThreadSafe
public final class Acceptor implements AutoCloseable {
    /**
     * Wraps an accepted connection on its loop.
     *
     * <p>Thread safety: called on {@code loop}'s thread.
     */
    @ThreadConfined("event loop")
    @FunctionalInterface
    public interface Sink {
        /**
         * Takes an accepted channel; must close it on failure.
         *
         * @param loop the loop that now owns it
         * @param channel the channel, still blocking
         * @param connectionId 1 for the first accepted connection, then 2, 3...
         */
        void accepted(EventLoop loop, SocketChannel channel, long connectionId);
    }

    private final EventLoopGroup group;
    private final ServerSocketChannel server;
    private final Sink sink;
    private final AtomicLong accepted = new AtomicLong();

    /**
     * Binds and starts accepting.
     *
     * @param group the loops
     * @param address where to listen (port 0 for a free port)
     * @param sink receives the connections
     * @throws IOException if binding fails
     */
    public Acceptor(EventLoopGroup group, InetSocketAddress address, Sink sink) throws IOException {
        this.group = group;
        this.sink = sink;
        this.server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(address, 1024);
        server.configureBlocking(false);
        CountDownLatch registered = new CountDownLatch(1);
        IOException[] error = new IOException[1];
        group.loop(0).execute(() -> {
            try {
                group.loop(0).register(server, SelectionKey.OP_ACCEPT, new IoHandler() {
                    @Override
                    public void onReady(SelectionKey key) {
                        acceptAll();
                    }

                    @Override
                    public void onFailure(Exception cause) {
                        close();
                    }
                });
            } catch (IOException e) {
                error[0] = e;
            }
            registered.countDown();
        });
        try {
            if (!registered.await(5, TimeUnit.SECONDS)) {
                throw new IOException("acceptor registration timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (error[0] != null) {
            server.close();
            throw error[0];
        }
    }

    /** The bound port. */
    public int port() {
        return server.socket().getLocalPort();
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.socket().getLocalSocketAddress();
    }

    /** How many connections were accepted so far. */
    public long accepted() {
        return accepted.get();
    }

    private void acceptAll() {
        for (int i = 0; i < 64; i++) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                return;
            }
            if (ch == null) {
                return;
            }
            long id = accepted.incrementAndGet();
            EventLoop loop = group.next();
            loop.execute(() -> sink.accepted(loop, ch, id));
        }
    }

    /** Stops accepting and closes the listening socket. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }
}
