package dev.tether.examples.origin;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.Endpoint;
import dev.tether.examples.nio.SocketHandler;
import dev.tether.examples.websocket.FrameSink;
import dev.tether.examples.websocket.WebSocketEcho;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The origin's {@code /ws/echo} after an HTTP/1.1 upgrade: the socket carries WebSocket frames both
 * ways; a {@link WebSocketEcho} answers them. Frames are queued whole and written as the socket
 * drains; reading pauses while more than {@link #MAX_QUEUED} bytes wait, so a client that never reads
 * cannot grow the queue without bound.
 *
 * <p>Invariants: {@code queued} is the sum of the bytes left in {@code queue}; once ending, the socket
 * closes (lingering) right after the last queued byte.
 *
 * <p>Thread safety: confined to its loop.
 */
@ThreadConfined("event loop")
final class OriginWebSocket implements SocketHandler, FrameSink {
    static final int MAX_QUEUED = 4 * 1024 * 1024;

    private final OriginConnection conn;
    private final Endpoint socket;
    private final WebSocketEcho echo = new WebSocketEcho(this);
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private long queued;
    private boolean ending;
    /** The client ended its side. */
    private boolean inputEnded;

    OriginWebSocket(OriginConnection conn, Endpoint socket) {
        this.conn = conn;
        this.socket = socket;
    }

    @Override
    public void onRead(ByteBuffer in) {
        if (queued > MAX_QUEUED) {
            socket.pauseReading(); // resumed once the queue drained
            return;
        }
        echo.onBytes(in);
    }

    @Override
    public void send(ByteBuffer frame) {
        queue.add(frame);
        queued += frame.remaining();
        pump();
    }

    @Override
    public void end() {
        ending = true;
        pump();
    }

    private void pump() {
        while (!queue.isEmpty() && !socket.isClosed()) {
            if (socket.outSpace() == 0) {
                socket.flush();
                if (socket.outSpace() == 0) {
                    socket.needWritable();
                    return;
                }
            }
            ByteBuffer f = queue.peek();
            int n = Math.min(f.remaining(), socket.outSpace());
            socket.out().put(f.slice(f.position(), n)); // the buffer is the socket's until the next flush
            f.position(f.position() + n);
            queued -= n;
            if (!f.hasRemaining()) {
                queue.poll();
            }
        }
        if (ending && inputEnded) {
            socket.shutdownOutput(); // the client is gone already: the socket closes after our FIN
        } else if (ending) {
            socket.closeAfterFlush(); // RFC 6455 §7.1.1: the server closes the TCP connection first
        } else {
            socket.flush();
            socket.resumeReading();
        }
    }

    @Override
    public void onWritable() {
        pump();
    }

    @Override
    public void onEndOfInput() {
        inputEnded = true;
        echo.onEndOfInput();
    }

    @Override
    public void onClosed() {
        conn.closed();
    }
}
