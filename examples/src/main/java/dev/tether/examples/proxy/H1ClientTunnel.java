package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.Endpoint;
import dev.tether.examples.nio.SocketHandler;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * An HTTP/1.1 client connection after its upgrade was accepted (101): it owns the socket from then
 * on and carries raw bytes both ways for its {@link ProxyExchange}, read no faster than the backend
 * takes them and written as fast as the client reads. The client's end of input is a half-close that
 * the exchange passes on; ours follows the backend's.
 *
 * <p>Invariants: the frontend's close path (engine session, open-connection set) runs exactly once,
 * after the exchange is over and the socket closed; a socket closed before both directions ended
 * cancels the exchange.
 *
 * <p>Thread safety: confined to its loop.
 */
@ThreadConfined("event loop")
final class H1ClientTunnel implements SocketHandler, Downstream {
    private final Endpoint socket;
    private final ProxyExchange exchange;
    /** The frontend this connection was: its {@code onClosed} closes the session. */
    private final SocketHandler frontend;
    private boolean inputEnded;
    private boolean outputEnded;
    private boolean socketClosed;

    /**
     * Takes the socket over.
     *
     * @param socket the client connection, its 101 already staged
     * @param exchange the exchange the tunnel belongs to
     * @param frontend the frontend that handled the connection so far
     */
    H1ClientTunnel(Endpoint socket, ProxyExchange exchange, SocketHandler frontend) {
        this.socket = socket;
        this.exchange = exchange;
        this.frontend = frontend;
        socket.handler(this);
        socket.flush();
        socket.resumeReading(); // bytes the client sent right after its request come here now
    }

    @Override
    public void onRead(ByteBuffer in) {
        exchange.requestBody(in);
        if (in.hasRemaining()) {
            socket.pauseReading(); // backpressure: resumed by requestBodyConsumed
        }
    }

    @Override
    public void onEndOfInput() {
        inputEnded = true;
        exchange.requestEnded();
    }

    @Override
    public void onWritable() {
        exchange.downstreamWritable();
    }

    @Override
    public void onClosed() {
        socketClosed = true;
        if (exchange.isDone()) {
            frontend.onClosed();
        } else if (!inputEnded || !outputEnded) {
            exchange.cancel(); // the client vanished: its exchangeDone closes the session
        }
        // else both directions ended here; the backend side is finishing and exchangeDone follows
    }

    @Override
    public void body(ByteBuffer src) {
        ByteBuffer out = socket.out();
        int n = Math.min(src.remaining(), out.remaining());
        out.put(src.slice(src.position(), n));
        src.position(src.position() + n);
        socket.flush();
        if (src.hasRemaining()) {
            socket.needWritable(); // the exchange keeps the rest until the client reads
        }
    }

    @Override
    public void end() {
        outputEnded = true;
        socket.shutdownOutput();
    }

    @Override
    public void abort() {
        socket.close();
    }

    @Override
    public void requestBodyConsumed(int n) {
        socket.resumeReading();
    }

    @Override
    public void exchangeDone() {
        if (socketClosed) {
            frontend.onClosed();
        } else {
            socket.closeAfterFlush();
        }
    }

    @Override
    public void head(int status, List<String> fields, boolean noBody) {
        abort(); // never after the switch: the tunnel has no second head
    }

    @Override
    public void error(int status, String reason) {
        abort();
    }

    @Override
    public void refuse() {
        abort();
    }

    @Override
    public String toString() {
        return "H1ClientTunnel{" + socket + (inputEnded ? ",in-ended" : "") + (outputEnded ? ",out-ended" : "") + "}";
    }
}
