package dev.tether.examples.nio;

import dev.tether.core.annotations.ThreadConfined;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * The plain {@link Endpoint}: one non-blocking TCP socket on an {@link EventLoop}, the byte pipe under
 * every frontend, backend and origin connection (and under a TLS layer, which is then its handler).
 *
 * <p>Buffers: the input buffer is borrowed from the loop's {@link BufferPool} when the socket is
 * readable and given back as soon as the handler consumed every byte ({@link SocketInput}); the
 * output buffer is borrowed by {@link #out()} and given back as soon as a flush wrote every byte
 * ({@link SocketOutput}). A socket that waits for its peer holds neither.
 *
 * <p>Invariants: {@link SocketHandler#onClosed()} is called exactly once, after the channel was
 * closed (or queued to close before the loop next waits) and both buffers were given back; after
 * close no other handler method is called.
 *
 * <p>Thread safety: confined to its loop's thread, except {@link #closeFromAnyThread()}.
 */
@ThreadConfined("event loop")
public final class NioSocket implements Endpoint, IoHandler {
    /** How long a lingering close waits for the peer to close its side. */
    static final long LINGER_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(2);

    private final EventLoop loop;
    private final BufferPool pool;
    final SocketChannel channel;
    private SocketHandler handler;
    private SelectionKey key;
    /** The receiving half: input buffer, reads, pause and resume, end of input. */
    private final SocketInput input;
    /** The sending half: output buffer, writes, half-close, close after the last byte. */
    private final SocketOutput output;
    private boolean connected;
    private boolean closed;
    private IOException failure;

    private NioSocket(EventLoop loop, SocketChannel channel, SocketHandler handler) throws IOException {
        this.loop = loop;
        this.pool = loop.buffers();
        this.channel = channel;
        this.handler = handler;
        this.input = new SocketInput(this, pool);
        this.output = new SocketOutput(this, pool);
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    /**
     * Wraps an accepted channel and starts reading. Loop thread only.
     *
     * @param loop the loop that will drive it
     * @param channel an accepted channel
     * @param handler its owner
     * @return the socket
     * @throws IOException if the channel cannot be configured or registered
     */
    public static NioSocket accepted(EventLoop loop, SocketChannel channel, SocketHandler handler) throws IOException {
        NioSocket s = new NioSocket(loop, channel, handler);
        s.connected = true;
        s.key = loop.register(channel, SelectionKey.OP_READ, s);
        return s;
    }

    /**
     * Starts a non-blocking connect. Loop thread only. {@link SocketHandler#onConnected()} follows, or
     * {@link SocketHandler#onClosed()} if the connect fails.
     *
     * @param loop the loop that will drive it
     * @param address where to connect
     * @param handler its owner
     * @return the socket
     * @throws IOException if the channel cannot be opened at all (e.g. no file descriptor)
     */
    public static NioSocket connect(EventLoop loop, InetSocketAddress address, SocketHandler handler) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            NioSocket s = new NioSocket(loop, ch, handler);
            boolean done = ch.connect(address);
            s.key = loop.register(ch, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, s);
            if (done) {
                loop.execute(s::connected);
            }
            return s;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public void handler(SocketHandler h) {
        this.handler = h;
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    /** The current handler. */
    SocketHandler handler() {
        return handler;
    }

    @Override
    public ByteBuffer out() {
        return output.buffer();
    }

    @Override
    public int outSpace() {
        return output.space();
    }

    @Override
    public int outPending() {
        return output.pending();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        try {
            return (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void pauseReading() {
        if (!input.paused) {
            input.paused = true;
            updateInterest();
        }
    }

    @Override
    public void resumeReading() {
        if (input.paused && !closed) {
            input.resume();
            updateInterest();
        }
    }

    @Override
    public void flush() {
        output.flush();
    }

    @Override
    public void flushLater() {
        loop.flushBeforeWait(this);
    }

    @Override
    public void needWritable() {
        output.needWritable();
    }

    @Override
    public void shutdownOutput() {
        output.shutdown();
    }

    @Override
    public void closeAfterFlush() {
        output.closeAfterFlush();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (key != null && loop.inLoop()) {
            key.cancel();
            loop.closeAfterDeregister(channel); // before the loop next waits; two system calls fewer
        } else {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
        output.closed();
        input.closed();
        handler.onClosed();
    }

    @Override
    public void closeFromAnyThread() {
        if (loop.inLoop()) {
            close();
        } else {
            loop.execute(this::close);
        }
    }

    @Override
    public void onReady(SelectionKey k) {
        if (closed) {
            return;
        }
        int ready = k.readyOps();
        if ((ready & SelectionKey.OP_CONNECT) != 0) {
            try {
                if (!channel.finishConnect()) {
                    return;
                }
            } catch (IOException e) {
                fail(e);
                return;
            }
            connected();
            return;
        }
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            output.flush();
            if (!closed && output.pending() == 0) {
                output.written();
                handler.onWritable();
            }
        }
        if (!closed && (ready & SelectionKey.OP_READ) != 0) {
            input.read(output.lingering);
        }
    }

    @Override
    public void onFailure(Exception cause) {
        fail(cause instanceof IOException ? (IOException) cause : new IOException(cause));
    }

    private void connected() {
        if (closed || connected) {
            return;
        }
        connected = true;
        updateInterest();
        handler.onConnected();
        output.flush();
    }

    /** Closes the socket if its input was reported ended and its output shut down; true if closed now. */
    boolean closeIfBothEnded() {
        if (!closed && input.eofReported && output.shut) {
            close();
            return true;
        }
        return false;
    }

    /** True once the peer closed its side. */
    boolean inputEnded() {
        return input.eof;
    }

    /** True if the peer sent bytes nobody read (one non-blocking read may tell; its bytes are dropped). */
    boolean unreadInput() {
        return input.unread();
    }

    /** A lingering close started: read (and drop) until the peer closes. */
    void lingerStarted() {
        input.paused = false;
        updateInterest();
    }

    void updateInterest() {
        if (closed || key == null || !key.isValid()) {
            return;
        }
        int ops = 0;
        if (!connected) {
            ops = SelectionKey.OP_CONNECT;
        } else {
            if (input.wantsRead()) {
                ops |= SelectionKey.OP_READ;
            }
            if (output.waiting()) {
                ops |= SelectionKey.OP_WRITE;
            }
        }
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    void fail(IOException e) {
        failure = failure == null ? e : failure; // the first one is the cause
        close();
    }

    @Override
    public String toString() {
        return "NioSocket{" + (closed ? "closed" : output.lingering ? "lingering" : connected ? "open" : "connecting")
                + ",in=" + input.buffered() + ",out=" + outPending() + (input.paused ? ",paused" : "")
                + (failure != null ? ",failed=" + failure : "") + "}";
    }
}
