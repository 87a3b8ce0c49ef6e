package dev.tether.examples.nio;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.core.annotations.ThreadSafe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A listening socket on loop 0 of a group that hands each accepted connection to the next loop,
 * round-robin, where {@link Sink#accepted} wraps it. Connections are accepted in batches, and each
 * loop gets its share of a batch in one task.
 *
 * <p>Invariants: every accepted channel is handed to a sink (which owns it from then on);
 * {@link #accepted()} counts every accepted channel; after {@link #close()} nothing more is
 * accepted.
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

    private static final int MAX_ACCEPTS_PER_WAKEUP = 256;
    private static final long BACKOFF_MILLIS = 100;
    private static final System.Logger LOG = System.getLogger(Acceptor.class.getName());

    private final EventLoopGroup group;
    private final ServerSocketChannel server;
    /** The listener's key on loop 0; set once registered. */
    private volatile SelectionKey key;
    /** Per loop, the channels of the batch being accepted and their ids. Confined to loop 0. */
    private final SocketChannel[][] batchChannels;
    private final long[][] batchIds;
    private final int[] batchCounts;
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
        this.batchChannels = new SocketChannel[group.size()][MAX_ACCEPTS_PER_WAKEUP];
        this.batchIds = new long[group.size()][MAX_ACCEPTS_PER_WAKEUP];
        this.batchCounts = new int[group.size()];
        this.server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(address, 1024);
        server.configureBlocking(false);
        CountDownLatch registered = new CountDownLatch(1);
        IOException[] error = new IOException[1];
        group.loop(0).execute(() -> {
            try {
                key = group.loop(0).register(server, SelectionKey.OP_ACCEPT, new IoHandler() {
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

    /**
     * Accepts every pending connection (up to {@value #MAX_ACCEPTS_PER_WAKEUP}) and hands them to
     * their loops in one task per loop: one cross-thread wakeup per batch, not per connection. When
     * accept fails (out of file descriptors), stops listening for {@value #BACKOFF_MILLIS} ms rather
     * than spin on a listener that stays readable.
     */
    private void acceptAll() {
        for (int i = 0; i < MAX_ACCEPTS_PER_WAKEUP; i++) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                backOff(e);
                break;
            }
            if (ch == null) {
                break;
            }
            int loop = group.next().index();
            batchChannels[loop][batchCounts[loop]] = ch;
            batchIds[loop][batchCounts[loop]++] = accepted.incrementAndGet();
        }
        for (int l = 0; l < batchCounts.length; l++) {
            int count = batchCounts[l];
            if (count > 0) {
                batchCounts[l] = 0;
                handOver(group.loop(l), Arrays.copyOf(batchChannels[l], count), Arrays.copyOf(batchIds[l], count));
                Arrays.fill(batchChannels[l], 0, count, null);
            }
        }
    }

    private void handOver(EventLoop loop, SocketChannel[] channels, long[] ids) {
        loop.execute(() -> {
            for (int i = 0; i < channels.length; i++) {
                try {
                    sink.accepted(loop, channels[i], ids[i]);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "accepted connection dropped", e);
                    closeQuietly(channels[i]);
                }
            }
        });
    }

    private void backOff(IOException e) {
        if (!server.isOpen() || key == null || !key.isValid()) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "accept failed, pausing the listener " + BACKOFF_MILLIS + " ms: " + e);
        key.interestOps(0);
        group.loop(0).schedule(TimeUnit.MILLISECONDS.toNanos(BACKOFF_MILLIS), () -> {
            if (key.isValid()) {
                key.interestOps(SelectionKey.OP_ACCEPT);
            }
        });
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Nothing more to release.
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
