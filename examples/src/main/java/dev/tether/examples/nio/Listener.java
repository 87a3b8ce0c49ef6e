package dev.tether.examples.nio;

import dev.tether.core.annotations.ThreadConfined;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * One listening socket of an {@link Acceptor}, registered on one loop: accepts every pending
 * connection when it is readable (up to {@value #MAX_ACCEPTS_PER_WAKEUP} at a time) and hands each
 * loop its share of the batch in one task. It keeps a connection for its own loop unless that loop is
 * ahead of the least loaded one ({@link Acceptor#deal}).
 *
 * <p>Invariants: every accepted channel is handed to the sink, in one task per loop and batch; when
 * accept fails (out of file descriptors) the listener stops listening for {@value #BACKOFF_MILLIS} ms
 * rather than spin on a socket that stays readable.
 *
 * <p>Thread safety: confined to its loop; {@link #close()} from any thread.
 */
@ThreadConfined("event loop")
final class Listener implements IoHandler {
    static final int MAX_ACCEPTS_PER_WAKEUP = 256;
    static final long BACKOFF_MILLIS = 100;
    private static final System.Logger LOG = System.getLogger(Listener.class.getName());

    private final Acceptor acceptor;
    private final ServerSocketChannel server;
    private final EventLoop loop;
    private volatile SelectionKey key;
    /** Per loop, the channels of the batch being accepted and their ids. */
    private final SocketChannel[][] batchChannels;
    private final long[][] batchIds;
    private final int[] batchCounts;

    Listener(Acceptor acceptor, ServerSocketChannel server, EventLoop loop) {
        this.acceptor = acceptor;
        this.server = server;
        this.loop = loop;
        int loops = acceptor.group().size();
        this.batchChannels = new SocketChannel[loops][MAX_ACCEPTS_PER_WAKEUP];
        this.batchIds = new long[loops][MAX_ACCEPTS_PER_WAKEUP];
        this.batchCounts = new int[loops];
    }

    /** The loop this listener runs on. */
    EventLoop loop() {
        return loop;
    }

    /** Registers for accepts. Loop thread only. */
    void register() throws IOException {
        key = loop.register(server, SelectionKey.OP_ACCEPT, this);
    }

    @Override
    public void onReady(SelectionKey k) {
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
            int slot = acceptor.deal(loop.index());
            batchChannels[slot][batchCounts[slot]] = ch;
            batchIds[slot][batchCounts[slot]++] = acceptor.nextId();
        }
        for (int slot = 0; slot < batchCounts.length; slot++) {
            int count = batchCounts[slot];
            if (count > 0) {
                batchCounts[slot] = 0;
                acceptor.handOver(acceptor.group().loop(slot), Arrays.copyOf(batchChannels[slot], count),
                        Arrays.copyOf(batchIds[slot], count));
                Arrays.fill(batchChannels[slot], 0, count, null);
            }
        }
    }

    @Override
    public void onFailure(Exception cause) {
        close();
    }

    private void backOff(IOException e) {
        SelectionKey k = key;
        if (!server.isOpen() || k == null || !k.isValid()) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "accept failed, pausing the listener " + BACKOFF_MILLIS + " ms: " + e);
        k.interestOps(0);
        loop.schedule(TimeUnit.MILLISECONDS.toNanos(BACKOFF_MILLIS), () -> {
            if (k.isValid()) {
                k.interestOps(SelectionKey.OP_ACCEPT);
            }
        });
    }

    /** Closes the listening socket; may be called from any thread. */
    void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }
}
