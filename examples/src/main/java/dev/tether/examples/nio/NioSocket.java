package dev.tether.examples.nio;

import dev.tether.core.annotations.ThreadConfined;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One non-blocking TCP socket on an {@link EventLoop}, with a bounded input buffer and a bounded
 * output buffer: the byte pipe under every frontend, backend and origin connection.
 *
 * <p>Backpressure: the handler consumes from {@code in} what it can; unconsumed bytes stay, and
 * reading stops while the input buffer is full or the handler {@link #pauseReading() paused} it.
 * Producers put at most {@link #outSpace()} bytes into {@link #out()}, then {@link #flush()} now or
 * {@link #flushLater()} (before the loop next waits); when a flush could not write everything, the
 * socket waits for OP_WRITE and calls {@link SocketHandler#onWritable()} once the output is empty again.
 *
 * <p>Invariants: {@code in} is in write mode between events; {@code out} is in write mode always;
 * {@link SocketHandler#onClosed()} is called exactly once, after the channel was closed; after close no
 * other handler method is called.
 *
 * <p>Thread safety: confined to its loop's thread, except {@link #closeFromAnyThread()}.
 */
@ThreadConfined("event loop")
public final class NioSocket implements IoHandler {
    /** Default size of each of the two buffers. */
    public static final int BUFFER_SIZE = 32 * 1024;
    /** How long a lingering close waits for the peer to close. */
    static final long LINGER_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(2);

    private final EventLoop loop;
    private final SocketChannel channel;
    private final ByteBuffer in;
    private final ByteBuffer out;
    private SocketHandler handler;
    private SelectionKey key;
    private boolean connected;
    private boolean paused;
    /** Read returned end of input; once true, always true. */
    private boolean eof;
    /** The handler was told about {@link #eof}; once true, always true. */
    private boolean eofReported;
    private boolean closed;
    private boolean closeWhenFlushed;
    /** Output was shut down after the last byte; input is read and dropped until EOF. Once true, always. */
    private boolean lingering;
    /** A producer has more to write: call {@link SocketHandler#onWritable()} once the output is empty. */
    private boolean writableWanted;
    /** In the loop's queue of sockets to flush before it next waits; set and cleared by the loop. */
    boolean flushQueued;
    private IOException failure;

    private NioSocket(EventLoop loop, SocketChannel channel, SocketHandler handler) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.handler = handler;
        this.in = ByteBuffer.allocate(BUFFER_SIZE);
        this.out = ByteBuffer.allocate(BUFFER_SIZE);
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

    /** Replaces the handler (protocol detection hands the socket over). */
    public void handler(SocketHandler h) {
        this.handler = h;
    }

    /** The loop that drives this socket. */
    public EventLoop loop() {
        return loop;
    }

    /** The output buffer, in write mode: put at most {@link #outSpace()} bytes, then {@link #flush()}. */
    public ByteBuffer out() {
        return out;
    }

    /** Free bytes in the output buffer. */
    public int outSpace() {
        return out.remaining();
    }

    /** Bytes waiting in the output buffer. */
    public int outPending() {
        return out.position();
    }

    /** True once closed. */
    public boolean isClosed() {
        return closed;
    }

    /** True once the connect completed (always for accepted sockets). */
    public boolean isConnected() {
        return connected;
    }

    /** The peer's address, or {@code null}. */
    public InetSocketAddress remoteAddress() {
        try {
            return (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** Stops reading until {@link #resumeReading()}; bytes already read stay buffered. */
    public void pauseReading() {
        if (!paused) {
            paused = true;
            updateInterest();
        }
    }

    /**
     * Resumes reading. Buffered bytes are offered to the handler again in a later task on the loop
     * (never re-entrantly).
     */
    public void resumeReading() {
        if (paused && !closed) {
            paused = false;
            updateInterest();
            if (in.position() > 0 || (eof && !eofReported)) {
                loop.execute(this::deliver);
            }
        }
    }

    /** Writes as much of the output buffer as the socket takes now; waits for OP_WRITE for the rest. */
    public void flush() {
        if (closed || !connected || lingering) {
            return; // nothing may be written after the output was shut down
        }
        try {
            if (out.position() > 0) { // an empty buffer costs no system call
                out.flip();
                channel.write(out);
                out.compact();
            }
        } catch (IOException e) {
            out.clear();
            fail(e);
            return;
        }
        if (out.position() == 0 && closeWhenFlushed && !lingering) {
            linger();
            return;
        }
        if (out.position() == 0 && writableWanted) {
            loop.execute(this::notifyWritable);
        }
        updateInterest();
    }

    /** A {@link #flush()} before the loop next waits, so one iteration's outputs leave in one write. */
    public void flushLater() {
        loop.deferFlush(this);
    }

    /**
     * Asks for {@link SocketHandler#onWritable()} once the output buffer is empty: call it when you had
     * more to write than {@link #outSpace()} allowed. The call comes in a later event, never
     * re-entrantly.
     */
    public void needWritable() {
        if (closed || writableWanted) {
            return;
        }
        writableWanted = true;
        if (out.position() == 0 && connected) {
            loop.execute(this::notifyWritable);
        } else {
            updateInterest();
        }
    }

    private void notifyWritable() {
        if (writableWanted && !closed && out.position() == 0) {
            writableWanted = false;
            handler.onWritable();
        }
    }

    /**
     * Lingering close, as nginx does: the output is shut down (the peer sees end of input after every
     * byte we sent), then input is read and dropped until the peer closes or {@link #LINGER_NANOS}
     * passed. Closing at once with unread input would make the kernel send a reset, which can destroy
     * a response the peer has not read yet.
     */
    private void linger() {
        lingering = true;
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            close();
            return;
        }
        paused = false;
        updateInterest();
        loop.schedule(LINGER_NANOS, this::close);
    }

    /** Closes the socket once the output buffer is written (a lingering close). */
    public void closeAfterFlush() {
        closeWhenFlushed = true;
        flush();
    }

    /** Closes the socket now; pending output is dropped. Idempotent. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        handler.onClosed();
    }

    /** Closes the socket on its loop; may be called from any thread. */
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
        if (k.isConnectable()) {
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
        if (k.isWritable()) {
            flush();
            if (!closed && out.position() == 0) {
                writableWanted = false;
                handler.onWritable();
            }
        }
        if (!closed && k.isValid() && k.isReadable()) {
            read();
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
        flush();
    }

    private void read() {
        int n;
        try {
            n = channel.read(in);
        } catch (IOException e) {
            fail(e);
            return;
        }
        if (n < 0) {
            eof = true;
            updateInterest();
        }
        deliver();
    }

    private void deliver() {
        if (closed) {
            return;
        }
        if (lingering) {
            in.clear(); // dropped: we answered all we will
            if (eof) {
                close();
            }
            return;
        }
        if (in.position() > 0 && !paused) {
            in.flip();
            try {
                handler.onRead(in);
            } finally {
                in.compact();
            }
        }
        if (closed) {
            return;
        }
        if (eof && !eofReported && !paused) {
            eofReported = true;
            handler.onEndOfInput();
            return;
        }
        updateInterest();
    }

    private void updateInterest() {
        if (closed || key == null || !key.isValid()) {
            return;
        }
        int ops = 0;
        if (!connected) {
            ops = SelectionKey.OP_CONNECT;
        } else {
            if (!paused && !eof && in.hasRemaining()) {
                ops |= SelectionKey.OP_READ;
            }
            if (out.position() > 0 && !lingering) {
                ops |= SelectionKey.OP_WRITE;
            }
        }
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    private void fail(IOException e) {
        failure = failure == null ? e : failure; // the first one is the cause
        close();
    }

    @Override
    public String toString() {
        return "NioSocket{" + (closed ? "closed" : connected ? "open" : "connecting") + ",in=" + in.position()
                + ",out=" + out.position() + (paused ? ",paused" : "") + (failure != null ? ",failed=" + failure : "") + "}";
    }
}
