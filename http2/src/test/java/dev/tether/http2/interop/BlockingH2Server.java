package dev.tether.http2.interop;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.http2.Header;
import dev.tether.http2.Http2Config;
import dev.tether.http2.Http2Connection;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.Http2Listener;
import dev.tether.http2.Role;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test server: the server role of {@link Http2Connection} behind blocking sockets on 127.0.0.1, one
 * thread per connection (test code only), answering every request with 200 and a short body.
 *
 * <p>Invariants: {@link #close()} closes the listening socket and every accepted one, which ends
 * every thread; connection errors are counted in {@link #errors}.
 *
 * <p>Thread safety: the counters are atomic; each connection is confined to its thread.
 */
@ThreadSafe
final class BlockingH2Server implements AutoCloseable {
    static final byte[] BODY = "hello from tether\n".getBytes(StandardCharsets.US_ASCII);
    static final List<Header> HEAD = List.of(Header.of(":status", "200"), Header.of("content-type", "text/plain"),
            Header.of("content-length", String.valueOf(BODY.length)));

    final ServerSocket listener;
    final AtomicInteger responses = new AtomicInteger();
    final AtomicInteger errors = new AtomicInteger();
    private final ConcurrentLinkedQueue<Socket> sockets = new ConcurrentLinkedQueue<>();

    BlockingH2Server() throws IOException {
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread acceptor = new Thread(this::acceptLoop, "h2-test-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "h2-test-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        Http2Connection c = new Http2Connection(Role.SERVER, Http2Config.defaults());
        Http2Listener l = new Http2Listener() {
            @Override
            public void onHeaders(int id, List<Header> headers, boolean endStream) {
                if (endStream) {
                    respond(c, id);
                }
            }

            @Override
            public void onData(int id, ByteBuffer data, boolean endStream) {
                if (endStream) {
                    respond(c, id);
                }
            }
        };
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] rbuf = new byte[64 * 1024];
            ByteBuffer wbuf = ByteBuffer.allocate(64 * 1024);
            while (true) {
                while (c.pendingOutbound() > 0) {
                    wbuf.clear();
                    c.pollOutbound(wbuf);
                    out.write(wbuf.array(), 0, wbuf.position());
                }
                out.flush();
                int n = in.read(rbuf);
                if (n < 0) {
                    return;
                }
                c.onBytes(ByteBuffer.wrap(rbuf, 0, n), l);
            }
        } catch (Http2Exception e) {
            errors.incrementAndGet();
        } catch (IOException closed) {
            // The client went away.
        }
    }

    private void respond(Http2Connection c, int id) {
        try {
            c.sendHeaders(id, HEAD, false);
            c.sendData(id, ByteBuffer.wrap(BODY), true);
            responses.incrementAndGet();
        } catch (Http2Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
