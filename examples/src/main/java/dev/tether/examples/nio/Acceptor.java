package dev.tether.examples.nio;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.core.annotations.ThreadSafe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accepts connections on one address for a group of loops, where {@link Sink#accepted} wraps each on
 * the loop that will own it. Connections are accepted in batches, and each loop gets its share of a
 * batch in one task: with {@code SO_REUSEPORT}, each loop listens on the port itself and keeps what it
 * accepts; otherwise loop 0 listens and keeps what it accepts. Either way a listener deals a
 * connection to the least loaded loop instead when its own holds more than {@value #SLACK} more
 * connections (accepted sockets open, counted by {@link NioSocket}, plus those dealt and not yet
 * handed over): the kernel's {@code SO_REUSEPORT} hash spreads 64 clients 40/24 as easily as 32/32,
 * and the loop holding 40 keep-alive clients makes each of them wait longer (HAProxy deals each
 * accepted connection to its least loaded thread).
 *
 * <p>Invariants: every accepted channel is handed to a sink (which owns it from then on);
 * {@link #accepted()} counts every accepted channel and ids are unique; {@code dealing[i]} counts the
 * channels dealt to loop {@code i} whose sink has not run yet; after {@link #close()} nothing more is
 * accepted.
 *
 * <p>Thread safety: {@link #port()}, {@link #accepted()} and {@link #close()} from any thread; the
 * listeners run on their loops.
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

    /** How many more connections than the least loaded loop a listener's loop may hold and still keep a new one. */
    static final int SLACK = 1;
    private static final System.Logger LOG = System.getLogger(Acceptor.class.getName());

    private final EventLoopGroup group;
    private final Sink sink;
    private final AtomicLong accepted = new AtomicLong();
    /** Per loop, the channels dealt to it whose sink has not run yet. */
    private final AtomicIntegerArray dealing;
    /** One per loop when the port is shared ({@code SO_REUSEPORT}), else one on loop 0. */
    private final Listener[] listeners;
    private final InetSocketAddress bound;

    /**
     * Binds and starts accepting: with several loops and {@code SO_REUSEPORT} (Linux), one listening
     * socket per loop on the same port, so that the kernel spreads connections over the loops and no
     * accepted connection crosses threads while the loops stay balanced (any process of the same user
     * may then bind the port too); otherwise one listening socket on loop 0. Each deals to the least
     * loaded loop when its own is more than {@link #SLACK} connections ahead.
     *
     * @param group the loops
     * @param address where to listen (port 0 for a free port)
     * @param sink receives the connections
     * @throws IOException if binding fails
     */
    public Acceptor(EventLoopGroup group, InetSocketAddress address, Sink sink) throws IOException {
        this.group = group;
        this.sink = sink;
        this.dealing = new AtomicIntegerArray(group.size());
        ServerSocketChannel first = open();
        boolean shard = group.size() > 1 && first.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        int n = shard ? group.size() : 1;
        ServerSocketChannel[] servers = new ServerSocketChannel[n];
        servers[0] = first;
        try {
            if (shard) {
                first.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            first.bind(address, 1024);
            this.bound = (InetSocketAddress) first.getLocalAddress();
            for (int i = 1; i < n; i++) {
                servers[i] = open();
                servers[i].setOption(StandardSocketOptions.SO_REUSEPORT, true);
                servers[i].bind(bound, 1024); // the port the first one got
            }
            this.listeners = new Listener[n];
            for (int i = 0; i < n; i++) {
                listeners[i] = new Listener(this, servers[i], group.loop(i));
            }
            registerAll();
        } catch (IOException | RuntimeException e) {
            for (ServerSocketChannel s : servers) {
                if (s != null) {
                    s.close();
                }
            }
            throw e;
        }
    }

    private static ServerSocketChannel open() throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open();
        s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        s.configureBlocking(false);
        return s;
    }

    /** Registers every listener on its loop, waiting (bounded) until they all are. */
    private void registerAll() throws IOException {
        CountDownLatch registered = new CountDownLatch(listeners.length);
        IOException[] error = new IOException[1];
        for (Listener l : listeners) {
            l.loop().execute(() -> {
                try {
                    l.register();
                } catch (IOException e) {
                    error[0] = e;
                }
                registered.countDown();
            });
        }
        try {
            if (!registered.await(5, TimeUnit.SECONDS)) {
                throw new IOException("acceptor registration timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (error[0] != null) {
            throw error[0];
        }
    }

    /** The bound port. */
    public int port() {
        return bound.getPort();
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return bound;
    }

    /** How many connections were accepted so far. */
    public long accepted() {
        return accepted.get();
    }

    /** How many listening sockets share the port: one per loop, or one. */
    public int listeningSockets() {
        return listeners.length;
    }

    EventLoopGroup group() {
        return group;
    }

    /** The id of the next accepted connection. */
    long nextId() {
        return accepted.incrementAndGet();
    }

    /**
     * Picks the loop for a connection accepted on loop {@code own}'s listener and counts it as dealt
     * there: {@code own}, unless another loop holds more than {@link #SLACK} fewer connections; then
     * the least loaded one. Any thread.
     */
    int deal(int own) {
        int ownLoad = load(own);
        int target = own;
        int least = ownLoad;
        for (int i = 0; i < dealing.length(); i++) {
            int l = load(i);
            if (l < least) {
                least = l;
                target = i;
            }
        }
        if (ownLoad - least <= SLACK) {
            target = own;
        }
        dealing.incrementAndGet(target);
        return target;
    }

    /** Loop {@code i}'s connections: its accepted sockets open, and those dealt to it still on their way. */
    private int load(int i) {
        return group.loop(i).acceptedOpen.get() + dealing.get(i);
    }

    /** Hands a batch of accepted channels to their loop, in one task. */
    void handOver(EventLoop loop, SocketChannel[] channels, long[] ids) {
        loop.execute(() -> {
            for (int i = 0; i < channels.length; i++) {
                try {
                    sink.accepted(loop, channels[i], ids[i]);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "accepted connection dropped", e);
                    closeQuietly(channels[i]);
                } finally {
                    dealing.decrementAndGet(loop.index()); // counted by its socket from now on, if it has one
                }
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

    /** Stops accepting and closes the listening sockets. */
    @Override
    public void close() {
        for (Listener l : listeners) {
            l.close();
        }
    }
}
