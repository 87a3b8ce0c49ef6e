package dev.tether.examples.nio;

import dev.tether.core.annotations.ThreadConfined;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * What an {@link EventLoop} owes its connections before it next waits in {@code select}, and all it
 * still holds when it stops ({@link #stop}): the output of endpoints that asked for
 * {@link Endpoint#flushLater()} (so that what several producers wrote in one iteration leaves in one
 * write; a socket {@link NioSocket#connect} opened is queued so, and its flush completes the connect if
 * the kernel has), the channels to close once their cancelled keys are
 * deregistered (closed while registered, a channel costs two more system calls: the JDK reads
 * SO_LINGER and shuts its output down first; its descriptor is released only at the next select
 * anyway), the channels that never had a key, to close as soon as no handler runs (so that the
 * proxy, not its client, closes first and keeps the TIME_WAIT), and the sockets that moved in while this
 * loop still held their cancelled key, to register once a select has deregistered it.
 *
 * <p>Invariants: an endpoint is queued at most once in a row; a channel is closed only after a select
 * that began after its key was cancelled, and before the loop waits again (the loop does not block in
 * a select while channels wait to be closed); a channel with no key is closed once the handler that
 * asked returns, or by the next {@link #flushAll()} or {@link #closeFirst}, never in a handler.
 *
 * <p>Thread safety: confined to its loop's thread.
 */
@ThreadConfined("event loop")
final class BeforeWait {
    private static final System.Logger LOG = System.getLogger(BeforeWait.class.getName());

    private final EventLoop loop;
    private Endpoint[] flushes = new Endpoint[64];
    private int flushCount;
    private SelectableChannel[] closes = new SelectableChannel[64];
    private int closeCount;
    private SelectableChannel[] keyless = new SelectableChannel[64];
    private int keylessCount;
    private NioSocket[] registers = new NioSocket[8];
    private int registerCount;

    BeforeWait(EventLoop loop) {
        this.loop = loop;
    }

    /** Queues {@code e} to be flushed (a flush with nothing pending costs nothing, or a {@code poll} while connecting: repeats are harmless). */
    void flush(Endpoint e) {
        if (flushCount > 0 && flushes[flushCount - 1] == e) {
            return;
        }
        if (flushCount == flushes.length) {
            flushes = Arrays.copyOf(flushes, flushCount * 2);
        }
        flushes[flushCount++] = e;
    }

    /** Flushes every queued endpoint, including those queued meanwhile, then closes the queued channels with no key. */
    void flushAll() {
        for (int i = 0; i < flushCount; i++) {
            Endpoint e = flushes[i];
            flushes[i] = null;
            try {
                e.flush();
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "flush failed on loop " + loop.index(), ex);
            }
        }
        flushCount = 0;
        closeKeyless(); // those a flush asked for too (close after flush), right after their last write
    }

    /** Closes the queued channels with no key; called when no handler runs. */
    void closeKeyless() {
        for (int i = 0; i < keylessCount; i++) {
            closeQuietly(keyless[i]);
            keyless[i] = null;
        }
        keylessCount = 0;
    }

    private static void closeQuietly(SelectableChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // The descriptor is released anyway.
        }
    }

    /**
     * Queues {@code channel} to close: with its {@code key}, cancelled here, after the next select; with
     * none (null: it never had one) as soon as no handler runs ({@link #closeKeyless()}).
     */
    void close(SelectionKey key, SelectableChannel channel) {
        if (key == null) {
            if (keylessCount == keyless.length) {
                keyless = Arrays.copyOf(keyless, keylessCount * 2);
            }
            keyless[keylessCount++] = channel;
            return;
        }
        key.cancel();
        if (closeCount == closes.length) {
            closes = Arrays.copyOf(closes, closeCount * 2);
        }
        closes[closeCount++] = channel;
    }

    /** How many channels wait to be closed. */
    int closing() {
        return closeCount;
    }

    /** Queues a socket to register after the next select, which deregisters its cancelled key of an earlier stay. */
    void register(NioSocket s) {
        if (registerCount == registers.length) {
            registers = Arrays.copyOf(registers, registerCount * 2);
        }
        registers[registerCount++] = s;
    }

    /** How many sockets wait to be registered. */
    int registering() {
        return registerCount;
    }

    /** Registers the first {@code n} queued sockets (a select deregistered their old keys); keeps the rest queued. */
    void registerFirst(int n) {
        int kept = 0;
        for (int i = 0; i < registerCount; i++) {
            NioSocket s = registers[i];
            registers[i] = null;
            if (i >= n || !SocketGuard.registerMoved(s)) {
                registers[kept++] = s;
            }
        }
        registerCount = kept;
    }

    /**
     * The loop stops and never waits again. What was queued is done first (output written; a connect the
     * kernel finished completes, so its owner hears {@code onConnected} before the failure); then the
     * handler of every registered channel hears "event loop stopped" and the channel closes. A second
     * pass takes what the first one's callbacks opened or queued (an owner replacing a failed
     * connection). Last, the sockets queued to register fail too, and every queued channel closes.
     */
    void stop(Selector selector) {
        IOException cause = new IOException("event loop stopped");
        for (int pass = 0; pass < 2; pass++) {
            flushAll();
            for (SelectionKey key : new ArrayList<>(selector.keys())) { // a callback may register another
                if (key.isValid()) { // a cancelled key's channel is queued to close, or moved to another loop
                    failAndClose(key, cause);
                }
            }
        }
        failRegistering(cause);
        closeFirst(closeCount);
        try {
            selector.close();
        } catch (IOException ignored) {
            // The loop is gone anyway.
        }
    }

    private static void failAndClose(SelectionKey key, IOException cause) {
        if (key.attachment() instanceof IoHandler) {
            try {
                ((IoHandler) key.attachment()).onFailure(cause);
            } catch (RuntimeException ignored) {
                // Best effort while stopping.
            }
        }
        closeQuietly(key.channel());
    }

    /** Fails every socket still queued to register (the loop stops): each closes, as a registered one does. */
    private void failRegistering(IOException cause) {
        for (int i = 0; i < registerCount; i++) {
            try {
                registers[i].onFailure(cause);
            } catch (RuntimeException ignored) {
                // Best effort while stopping.
            }
            registers[i] = null;
        }
        registerCount = 0;
    }

    /**
     * Closes the first {@code n} queued channels whose keys were cancelled (a select deregistered them)
     * and keeps those queued since; closes every queued channel with no key too (no handler runs: after a
     * select, or when the loop stops, where a close asked for by its last tasks must not be left open).
     */
    void closeFirst(int n) {
        closeKeyless();
        if (n == 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            closeQuietly(closes[i]);
        }
        System.arraycopy(closes, n, closes, 0, closeCount - n);
        Arrays.fill(closes, closeCount - n, closeCount, null);
        closeCount -= n;
    }
}
