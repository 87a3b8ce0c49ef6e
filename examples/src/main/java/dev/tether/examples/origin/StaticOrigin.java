package dev.tether.examples.origin;

import dev.tether.core.annotations.ThreadSafe;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 origin that answers every request with the same bytes, as a static file server does
 * ({@code nginx} with {@code return 200}): the proxy's steady state, where response heads repeat.
 * The embedded {@link OriginServer} names each request in its heads, so they never repeat. Used to
 * measure what the proxy allocates per request: it allocates nothing per request itself, so that an
 * allocation count of the whole process is the proxy's.
 *
 * <p>One blocking thread per connection; a request is read up to the end of its head (no body: GET
 * only), then answered. Keep-alive; a connection ends when the peer closes it or {@link #close()}.
 *
 * <p>Invariants: {@link #connections()} counts accepted connections.
 *
 * <p>Thread safety: the accessors and {@link #close()} are safe from any thread; each connection is
 * served by a thread of its own.
 */
@ThreadSafe
public final class StaticOrigin implements AutoCloseable {
    /** The answer to every request. */
    public static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nserver: static\r\ncontent-type: text/plain\r\n"
            + "content-length: 12\r\n\r\nhello world\n").getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    private final AtomicInteger connections = new AtomicInteger();

    /**
     * Listens on a free loopback port and starts accepting.
     *
     * @throws IOException if the port cannot be opened
     */
    public StaticOrigin() throws IOException {
        Thread acceptor = new Thread(this::accept, "static-origin");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Its address on the loopback interface. */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "static-origin-" + connections.get());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Answers each request head (up to its blank line) with {@link #RESPONSE}. */
    private static void serve(Socket s) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            int matched = 0; // bytes of "\r\n\r\n" seen in a row
            for (int b; (b = in.read()) != -1; ) {
                if (b == (matched % 2 == 0 ? '\r' : '\n')) {
                    matched++;
                } else {
                    matched = b == '\r' ? 1 : 0;
                }
                if (matched == 4) {
                    out.write(RESPONSE);
                    out.flush();
                    matched = 0;
                }
            }
        } catch (IOException e) {
            // the peer reset or closed the connection: nothing to answer
        }
    }

    /** Stops accepting; connections end as their peers close them. */
    @Override
    public void close() throws IOException {
        server.close();
    }
}
