package dev.tether.examples;

import dev.tether.core.annotations.ThreadSafe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Test fixture: an HTTP/1.1 backend whose answer to each request is written by the test, as raw
 * bytes: a normal response, an ambiguous one, nothing at all (close), or silence (hold the connection).
 * Every request it reads is recorded with its connection and its index on that connection, so a test
 * sees from the backend's side what reached it.
 *
 * <p>Invariants: connections are numbered 1, 2, ... in accept order, requests on a connection 1, 2, ...;
 * {@link #requests()} lists every request read, in order.
 *
 * <p>Thread safety: thread-safe; one thread per connection.
 */
@ThreadSafe
final class ScriptedBackend implements AutoCloseable {
    /**
     * One request as the backend read it.
     *
     * <p>Thread safety: immutable.
     *
     * @param connection the connection's number, from 1
     * @param index the request's index on its connection, from 1
     * @param method the method
     * @param path the request-target
     * @param head the whole head as text
     * @param body the body
     */
    @ThreadSafe
    record Request(int connection, int index, String method, String path, String head, byte[] body) {
    }

    /** The answer that closes the connection without a byte. */
    static final byte[] CLOSE = new byte[0];
    /** The answer that keeps the connection open and never writes. */
    static final byte[] SILENCE = new byte[0];

    private final ServerSocket server;
    private final Function<Request, byte[]> script;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * Starts listening on a free loopback port.
     *
     * @param script the raw answer to each request: response bytes, {@link #CLOSE} or {@link #SILENCE}
     */
    ScriptedBackend(Function<Request, byte[]> script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "scripted-backend");
        t.setDaemon(true);
        t.start();
    }

    /** A 200 response with {@code body} and a Content-Length. */
    static byte[] ok(String body) {
        return ("HTTP/1.1 200 OK\r\ncontent-length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** Every request read so far. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                open.add(s);
                int n = connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s, n), "scripted-backend-" + n);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s, int connection) {
        try (s; InputStream in = s.getInputStream()) {
            for (int index = 1; ; index++) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                String[] line = head.substring(0, head.indexOf("\r\n")).split(" ");
                byte[] body = in.readNBytes(contentLength(head));
                Request r = new Request(connection, index, line[0], line[1], head, body);
                requests.add(r);
                byte[] answer = script.apply(r);
                if (answer == CLOSE) {
                    return;
                }
                if (answer == SILENCE) {
                    in.transferTo(java.io.OutputStream.nullOutputStream()); // until the peer closes
                    return;
                }
                s.getOutputStream().write(answer);
                s.getOutputStream().flush();
            }
        } catch (IOException e) {
            // The peer went away.
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static int contentLength(String head) {
        for (String l : head.split("\r\n")) {
            if (l.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(l.substring(15).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
