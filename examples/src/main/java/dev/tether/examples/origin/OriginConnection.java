package dev.tether.examples.origin;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.EventLoop;
import dev.tether.examples.nio.Endpoint;
import dev.tether.examples.nio.SocketHandler;
import dev.tether.examples.nio.Preface;

import java.nio.ByteBuffer;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One accepted origin connection: detects the protocol from the first bytes, then hands the socket
 * to {@link OriginH1} or {@link OriginH2}; keeps what both share (the connection number, the request
 * count, the NTLM latch and the idle timer).
 *
 * <p>Invariants: {@code requestIndex} only grows; {@code authenticated} goes false to true once;
 * the idle timer is armed only after a response and while no request is in flight.
 *
 * <p>Thread safety: confined to its loop.
 */
@ThreadConfined("event loop")
final class OriginConnection implements SocketHandler {
    final OriginServer server;
    final EventLoop loop;
    final long id;
    int requestIndex;
    boolean authenticated;
    private Endpoint socket;
    /** The socket's channel, for {@link #reset()}. */
    private SocketChannel channel;
    private EventLoop.Timer idleTimer;
    /** This connection's draws of the fault mix. */
    private final SplittableRandom faultDraws;
    /** {@link Fault#IDLE_CLOSE} was drawn: the next idle period is short and ends in a close. */
    private boolean closeWhenIdle;

    OriginConnection(OriginServer server, EventLoop loop, long id) {
        this.server = server;
        this.loop = loop;
        this.id = id;
        this.faultDraws = server.config().faults().sequence(id);
    }

    /**
     * Draws the fault of a request that carries an {@code x-request-id}.
     *
     * @return the fault, or {@code null}; {@link Fault#IDLE_CLOSE} is taken here and returns
     *     {@code null} (it acts once the connection is idle)
     */
    Fault drawFault() {
        Fault f = server.config().faults().draw(faultDraws);
        if (f == Fault.IDLE_CLOSE) {
            closeWhenIdle = true;
            return null;
        }
        return f;
    }

    /** Takes the socket. The idle timer starts after the first response, as nginx's keepalive_timeout. */
    void start(Endpoint s, SocketChannel ch) {
        this.socket = s;
        this.channel = ch;
    }

    /** Closes the connection with a TCP reset (RST), not a FIN: a fault. */
    void reset() {
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0); // close() then sends RST
        } catch (IOException | RuntimeException e) {
            // A plain close then.
        }
        socket.close();
    }

    OriginConfig config() {
        return server.config();
    }

    /** Called when a request arrives: stops the idle timer. */
    void busy() {
        if (idleTimer != null) {
            idleTimer.cancel();
            idleTimer = null;
        }
    }

    /** Called when no request is in flight any more: arms the idle timer. */
    void armIdle() {
        busy();
        long ms = closeWhenIdle ? 1 + faultDraws.nextInt(50) : server.config().idleCloseMs();
        if (ms > 0 && !socket.isClosed()) {
            idleTimer = loop.schedule(TimeUnit.MILLISECONDS.toNanos(ms), this::closeIdle);
        }
    }

    private void closeIdle() {
        if (!socket.isClosed()) {
            server.idleCloses.incrementAndGet();
            socket.close();
        }
    }

    @Override
    public void onRead(ByteBuffer in) {
        switch (Preface.detect(in)) {
            case H2C:
                handOver(new OriginH2(this, socket), in);
                break;
            case HTTP1:
                handOver(new OriginH1(this, socket), in);
                break;
            default:
                break;
        }
    }

    private void handOver(SocketHandler h, ByteBuffer in) {
        socket.handler(h);
        h.onRead(in);
    }

    @Override
    public void onEndOfInput() {
        socket.close();
    }

    @Override
    public void onClosed() {
        closed();
    }

    /** Releases what the connection holds; called once by whichever handler owns the socket. */
    void closed() {
        busy();
        server.open.decrementAndGet();
    }
}
