package dev.tether.examples.chaos;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.core.annotations.ThreadSafe;
import dev.tether.http1.Http1ClientCodec;
import dev.tether.http1.Http1CodecState;
import dev.tether.http1.Http1Exception;
import dev.tether.http1.Http1Fields;
import dev.tether.http1.Http1Head;
import dev.tether.http1.Http1Listener;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * One keep-alive HTTP/1.1 client connection of the chaos load, blocking, that tells apart every way
 * an exchange can end: a whole response, no response at all (the connection ended before a head: the
 * proxy refused the request, REUSE-RULES.md R72), a response cut after its head, and silence.
 *
 * <p>Invariants: a new socket is opened for a request whenever the previous one did not end cleanly
 * with keep-alive.
 *
 * <p>Thread safety: one client thread.
 */
@NotThreadSafe
final class ChaosConnection implements AutoCloseable {
    /**
     * How one exchange ended.
     *
     * <p>Thread safety: immutable.
     */
    @ThreadSafe
    enum End {
        /** A whole response. */
        RESPONSE,
        /** The connection ended (or was reset) before a response head: the request may be sent again. */
        NO_RESPONSE,
        /** The connection ended after the head, before the body's end. */
        CUT,
        /** Nothing within the timeout. */
        SILENCE
    }

    private final InetSocketAddress address;
    private final int timeoutMillis;
    private final ByteBuffer out = ByteBuffer.allocate(64 * 1024);
    private final byte[] readBuf = new byte[64 * 1024];
    private Socket socket;
    private InputStream in;
    private OutputStream os;
    private Http1ClientCodec codec;
    /** The last response. */
    int status;
    String error;
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    /** Connections opened. */
    int connections;

    ChaosConnection(InetSocketAddress address, int timeoutMillis) {
        this.address = address;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Sends one request and reads its response into {@link #status}, {@link #error} and {@link #body}.
     *
     * @param method the method
     * @param path the request-target
     * @param requestId the {@code x-request-id}
     * @param payload the body, or {@code null}
     * @return how the exchange ended
     */
    End exchange(String method, String path, String requestId, byte[] payload) {
        status = 0;
        error = null;
        body.reset();
        try {
            if (socket == null || codec.state() != Http1CodecState.IDLE) {
                reconnect();
            }
            Http1Fields.Builder f = Http1Fields.builder().add("host", "chaos").add("x-request-id", requestId);
            if (payload != null) {
                f.add("content-length", Integer.toString(payload.length));
            }
            codec.startRequest(method, path, f.build());
            write(payload);
            return read();
        } catch (SocketTimeoutException e) {
            closeQuietly();
            return status == 0 ? End.SILENCE : End.CUT;
        } catch (IOException | Http1Exception e) {
            closeQuietly();
            return status == 0 ? End.NO_RESPONSE : End.CUT;
        }
    }

    private void write(byte[] payload) throws IOException {
        ByteBuffer src = payload == null ? null : ByteBuffer.wrap(payload);
        boolean ended = false;
        while (true) {
            out.clear();
            codec.pollOutbound(out);
            if (src != null && src.hasRemaining()) {
                codec.encodeBody(src, out);
            }
            if (!ended && (src == null || !src.hasRemaining()) && !codec.hasOutbound()) {
                codec.endRequest();
                ended = true;
                codec.pollOutbound(out);
            }
            os.write(out.array(), 0, out.position());
            if (ended && !codec.hasOutbound()) {
                break;
            }
        }
        os.flush();
    }

    private End read() throws IOException, Http1Exception {
        Http1Listener l = new Http1Listener() {
            @Override
            public void onHead(Http1Head head) {
                status = head.status();
                error = head.value("x-tether-error");
            }

            @Override
            public void onBody(ByteBuffer data) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                body.writeBytes(b);
            }
        };
        ByteBuffer buf = ByteBuffer.wrap(readBuf, 0, 0);
        while (!codec.responseComplete()) {
            if (!buf.hasRemaining()) {
                int n = in.read(readBuf);
                if (n < 0) {
                    codec.onEndOfInput(l);
                    break;
                }
                buf = ByteBuffer.wrap(readBuf, 0, n);
            }
            codec.onBytes(buf, l);
        }
        if (!codec.responseComplete()) {
            closeQuietly();
            return status == 0 ? End.NO_RESPONSE : End.CUT;
        }
        if (codec.state() != Http1CodecState.IDLE || buf.hasRemaining()) {
            closeQuietly(); // no keep-alive, or bytes nobody asked for: the next request reconnects
        }
        return End.RESPONSE;
    }

    private void reconnect() throws IOException {
        closeQuietly();
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(address, timeoutMillis);
        s.setSoTimeout(timeoutMillis);
        socket = s;
        in = s.getInputStream();
        os = s.getOutputStream();
        codec = new Http1ClientCodec();
        connections++;
    }

    private void closeQuietly() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
            socket = null;
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
