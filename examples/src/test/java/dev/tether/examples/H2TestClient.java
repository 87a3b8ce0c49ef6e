package dev.tether.examples;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Header;
import dev.tether.http2.Http2Config;
import dev.tether.http2.Http2Connection;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.Http2Listener;
import dev.tether.http2.Role;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: a blocking h2c client (prior knowledge) over the project's own codec, which sends any
 * field the test gives it (malformed ones included) and can write raw frames between its own; it
 * records, per stream, the response or the reset, and the connection's GOAWAY.
 *
 * <p>Invariants: every byte read goes through the codec; the outcome of a stream is final once it
 * ended, was reset, or the connection closed.
 *
 * <p>Thread safety: one test thread.
 */
@NotThreadSafe
final class H2TestClient implements AutoCloseable, Http2Listener {
    /**
     * What became of one stream.
     *
     * <p>Thread safety: mutated by the client's thread only.
     */
    @NotThreadSafe
    static final class Outcome {
        int status;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        String error;
        boolean ended;
        ErrorCode reset;

        boolean done() {
            return ended || reset != null;
        }

        String text() {
            return body.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return "status=" + status + ",reset=" + reset + ",ended=" + ended + ",error=" + error;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Http2Connection h2;
    private final Map<Integer, Outcome> streams = new HashMap<>();
    private final byte[] readBuf = new byte[64 * 1024];
    private final ByteBuffer outBuf = ByteBuffer.allocate(256 * 1024);
    ErrorCode goAway;
    String goAwayDebug;
    boolean closed;

    H2TestClient(InetSocketAddress address) throws IOException {
        this(address, Http2Config.defaults());
    }

    /** A client whose SETTINGS are {@code config}'s (a zero window, for one). */
    H2TestClient(InetSocketAddress address, Http2Config config) throws IOException {
        h2 = new Http2Connection(Role.CLIENT, config);
        socket = new Socket();
        socket.connect(address, 5_000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        flush();
    }

    /** A GET (or another method) request head for {@code path}. */
    static List<Header> request(String method, String path, String... fields) {
        List<Header> h = new ArrayList<>(List.of(Header.of(":method", method), Header.of(":scheme", "http"),
                Header.of(":authority", "localhost"), Header.of(":path", path)));
        for (int i = 0; i < fields.length; i += 2) {
            h.add(Header.of(fields[i], fields[i + 1]));
        }
        return h;
    }

    /** Opens a stream. */
    int open(List<Header> headers, boolean endStream) throws IOException {
        int id = wrap(() -> h2.newStream(headers, endStream));
        streams.put(id, new Outcome());
        flush();
        return id;
    }

    /**
     * Opens {@code n} streams and resets each at once, all written in one go (rapid reset); stops
     * early when the connection no longer takes streams.
     *
     * @return the streams opened
     */
    int rapidResets(int n, List<Header> headers) throws IOException {
        int opened = 0;
        try {
            for (; opened < n; opened++) {
                int id = h2.newStream(headers, true);
                h2.reset(id, ErrorCode.CANCEL);
            }
        } catch (Http2Exception | IllegalStateException e) {
            // GOAWAY received meanwhile, or the connection failed.
        }
        try {
            flush();
        } catch (IOException e) {
            closed = true; // the proxy closed on us
        }
        return opened;
    }

    /** Sends body bytes on a stream. */
    void data(int id, byte[] bytes, boolean endStream) throws IOException {
        wrap(() -> h2.sendData(id, ByteBuffer.wrap(bytes), endStream));
        flush();
    }

    /** Resets a stream (CANCEL). */
    void cancel(int id) throws IOException {
        wrap(() -> {
            h2.reset(id, ErrorCode.CANCEL);
            return 0;
        });
        flush();
    }

    /** Writes raw bytes after what the codec queued. */
    void raw(byte[] bytes) throws IOException {
        flush();
        out.write(bytes);
        out.flush();
    }

    /** A raw frame: the 9-byte header and the payload. */
    static byte[] frame(int type, int flags, int streamId, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
        b.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
        b.put((byte) type).put((byte) flags).putInt(streamId).put(payload);
        return b.array();
    }

    /** GET and POST the test needs most: a whole exchange. */
    Outcome exchange(List<Header> headers, byte[] body, long millis) throws IOException {
        int id = open(headers, body == null);
        if (body != null) {
            data(id, body, true);
        }
        return await(id, millis);
    }

    /** Reads until the stream's outcome is final or {@code millis} passed; returns it. */
    Outcome await(int id, long millis) throws IOException {
        Outcome o = streams.get(id);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!o.done() && !closed && System.nanoTime() - deadline < 0) {
            readOnce(deadline);
        }
        return o;
    }

    /** Reads until the connection closes or {@code millis} passed; returns whether it closed. */
    boolean awaitClose(long millis) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!closed && System.nanoTime() - deadline < 0) {
            readOnce(deadline);
        }
        return closed;
    }

    private void readOnce(long deadline) throws IOException {
        socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        int n;
        try {
            n = in.read(readBuf);
        } catch (SocketTimeoutException e) {
            return;
        } catch (IOException e) {
            n = -1; // reset by the peer
        }
        if (n < 0) {
            closed = true;
            return;
        }
        try {
            h2.onBytes(ByteBuffer.wrap(readBuf, 0, n), this);
            flush();
        } catch (Http2Exception e) {
            closed = true;
        } catch (IOException e) {
            closed = true; // the peer closed while we answered (a SETTINGS ACK)
        }
    }

    private void flush() throws IOException {
        while (h2.pendingOutbound() > 0) {
            outBuf.clear();
            h2.pollOutbound(outBuf);
            out.write(outBuf.array(), 0, outBuf.position());
        }
        out.flush();
    }

    @Override
    public void onHeaders(int streamId, List<Header> headers, boolean endStream) {
        Outcome o = streams.get(streamId);
        for (Header h : headers) {
            if (h.name().equals(":status")) {
                o.status = Integer.parseInt(h.value());
            } else if (h.name().equals("x-tether-error")) {
                o.error = h.value();
            }
        }
        o.ended |= endStream;
    }

    @Override
    public void onData(int streamId, ByteBuffer data, boolean endStream) {
        Outcome o = streams.get(streamId);
        byte[] b = new byte[data.remaining()];
        data.get(b);
        o.body.writeBytes(b);
        o.ended |= endStream;
    }

    @Override
    public void onStreamReset(int streamId, ErrorCode errorCode, boolean byPeer) {
        Outcome o = streams.get(streamId);
        if (o != null && byPeer) {
            o.reset = errorCode;
        }
    }

    @Override
    public void onGoAway(int lastStreamId, ErrorCode errorCode, ByteBuffer debugData) {
        goAway = errorCode;
        byte[] d = new byte[debugData.remaining()];
        debugData.get(d);
        goAwayDebug = new String(d, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * A codec call that may fail.
     *
     * <p>Thread safety: the client's thread.
     */
    @NotThreadSafe
    @FunctionalInterface
    private interface Call {
        int run() throws Http2Exception;
    }

    private static int wrap(Call c) throws IOException {
        try {
            return c.run();
        } catch (Http2Exception e) {
            throw new IOException(e);
        }
    }
}
