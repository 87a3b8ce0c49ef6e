package dev.tether.examples.load;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http1.Http1ClientCodec;
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
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.nio.ByteBuffer;

/**
 * A keep-alive HTTP/1.1 client on one blocking socket, built on Tether's own
 * {@link Http1ClientCodec}: the load generator of {@code demo} and the client of the end-to-end
 * tests. It reconnects when the server ended the previous connection, and counts connections.
 *
 * <p>Invariants: one request at a time; every read waits at most the timeout; a response is read
 * whole before the next request is sent.
 *
 * <p>Thread safety: not thread-safe; one client per thread.
 */
@NotThreadSafe
public final class BlockingHttpClient implements AutoCloseable {
    /**
     * One response.
     *
     * <p>Thread safety: immutable.
     *
     * @param status the status
     * @param fields the header fields
     * @param body the body bytes (kept up to the client's body limit, 64 KiB by default)
     * @param bodyBytes the body length
     * @param bodyCrc32 the CRC-32 of the whole body
     */
    @ThreadSafe
    public record Response(int status, Http1Fields fields, byte[] body, long bodyBytes, long bodyCrc32) {
        /** A field's value, or {@code null}. */
        public String header(String name) {
            return fields.get(name);
        }

        /** The body as text. */
        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    private final InetSocketAddress address;
    private final int timeoutMillis;
    private final int bodyLimit;
    private final SSLSocketFactory tls;
    private final String serverName;
    private final byte[] readBuf = new byte[32 * 1024];
    private final ByteBuffer out = ByteBuffer.allocate(16 * 1024);
    private Socket socket;
    private InputStream in;
    private OutputStream os;
    private Http1ClientCodec codec;
    private int connections;
    /** The response being read, or the last one. */
    private Collector current;

    /**
     * Creates a client; it connects on the first request.
     *
     * @param address the server
     * @param timeoutMillis connect and read timeout
     */
    public BlockingHttpClient(InetSocketAddress address, int timeoutMillis) {
        this(address, timeoutMillis, 64 * 1024, null, null);
    }

    /**
     * Creates a client that keeps response bodies up to {@code bodyLimit} bytes.
     *
     * @param address the server
     * @param timeoutMillis connect and read timeout
     * @param bodyLimit the body bytes kept per response (all are counted)
     */
    public BlockingHttpClient(InetSocketAddress address, int timeoutMillis, int bodyLimit) {
        this(address, timeoutMillis, bodyLimit, null, null);
    }

    /**
     * Creates a client that speaks TLS (ALPN {@code http/1.1}, the certificate verified for
     * {@code serverName}); it connects on the first request.
     *
     * @param address the server
     * @param timeoutMillis connect, handshake and read timeout
     * @param tls the sockets' factory, or {@code null} for plaintext
     * @param serverName the SNI and the name the certificate must carry
     */
    public BlockingHttpClient(InetSocketAddress address, int timeoutMillis, SSLSocketFactory tls, String serverName) {
        this(address, timeoutMillis, 64 * 1024, tls, serverName);
    }

    private BlockingHttpClient(InetSocketAddress address, int timeoutMillis, int bodyLimit, SSLSocketFactory tls,
                               String serverName) {
        this.address = address;
        this.timeoutMillis = timeoutMillis;
        this.bodyLimit = bodyLimit;
        this.tls = tls;
        this.serverName = serverName;
    }

    /**
     * True when the last request's response head arrived: after an {@link IOException}, the response
     * was cut; otherwise the connection ended (or the timeout passed) before any response.
     */
    public boolean headReceived() {
        return current != null && current.status != 0;
    }

    /** How many connections this client opened. */
    public int connections() {
        return connections;
    }

    /** The local port of the current connection, or −1. */
    public int localPort() {
        return socket == null ? -1 : socket.getLocalPort();
    }

    /**
     * Sends a GET.
     *
     * @param path the request-target
     * @return the response
     * @throws IOException on a connection failure or a malformed response
     */
    public Response get(String path) throws IOException {
        return send("GET", path, null);
    }

    /**
     * Sends a request.
     *
     * @param method the method
     * @param path the request-target
     * @param body the body, or {@code null}
     * @return the response
     * @throws IOException on a connection failure or a malformed response
     */
    public Response send(String method, String path, byte[] body) throws IOException {
        return send(method, path, Http1Fields.EMPTY, body);
    }

    /**
     * Sends a request with more fields.
     *
     * @param method the method
     * @param path the request-target
     * @param extra fields sent after Host
     * @param body the body, or {@code null}
     * @return the response
     * @throws IOException on a connection failure or a malformed response
     */
    public Response send(String method, String path, Http1Fields extra, byte[] body) throws IOException {
        current = null;
        if (socket == null || codec.state() != dev.tether.http1.Http1CodecState.IDLE) {
            reconnect();
        }
        Http1Fields.Builder f = Http1Fields.builder().add("Host", address.getHostString() + ":" + address.getPort());
        for (int i = 0; i < extra.size(); i++) {
            f.add(extra.name(i), extra.value(i));
        }
        if (body != null) {
            f.add("Content-Length", Integer.toString(body.length));
        }
        codec.startRequest(method, path, f.build());
        writeAll(body);
        return readResponse();
    }

    private void writeAll(byte[] body) throws IOException {
        ByteBuffer src = body == null ? null : ByteBuffer.wrap(body);
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

    private Response readResponse() throws IOException {
        Collector c = new Collector(bodyLimit);
        current = c;
        ByteBuffer buf = ByteBuffer.wrap(readBuf, 0, 0);
        try {
            while (!codec.responseComplete()) {
                if (!buf.hasRemaining()) {
                    int n = in.read(readBuf);
                    if (n < 0) {
                        codec.onEndOfInput(c);
                        break;
                    }
                    buf = ByteBuffer.wrap(readBuf, 0, n);
                }
                codec.onBytes(buf, c);
            }
        } catch (Http1Exception e) {
            closeQuietly();
            throw new IOException("bad response: " + e.getMessage(), e);
        }
        if (!codec.responseComplete()) {
            closeQuietly();
            throw new IOException("connection closed before the response ended");
        }
        if (codec.state() != dev.tether.http1.Http1CodecState.IDLE || buf.hasRemaining()) {
            closeQuietly(); // no keep-alive, or bytes nobody asked for: the next request reconnects
        }
        return new Response(c.status, c.fields, c.body.toByteArray(), c.bodyBytes, c.crc.getValue());
    }

    private void reconnect() throws IOException {
        closeQuietly();
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(address, timeoutMillis);
        s.setSoTimeout(timeoutMillis);
        if (tls != null) {
            SSLSocket t = (SSLSocket) tls.createSocket(s, serverName, address.getPort(), true);
            SSLParameters p = t.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            p.setServerNames(List.of(new SNIHostName(serverName)));
            p.setApplicationProtocols(new String[] {"http/1.1"});
            t.setSSLParameters(p);
            t.startHandshake();
            s = t;
        }
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

    /**
     * Collects one response's events.
     *
     * <p>Thread safety: confined to the client's thread.
     */
    @NotThreadSafe
    private static final class Collector implements Http1Listener {
        int status;
        Http1Fields fields = Http1Fields.EMPTY;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final int limit;
        long bodyBytes;
        final java.util.zip.CRC32 crc = new java.util.zip.CRC32();

        Collector(int limit) {
            this.limit = limit;
        }

        @Override
        public void onHead(Http1Head head) {
            status = head.status();
            fields = head.toFields();
        }

        @Override
        public void onBody(ByteBuffer data) {
            int n = data.remaining();
            bodyBytes += n;
            crc.update(data.duplicate());
            if (body.size() < limit) {
                byte[] b = new byte[Math.min(n, limit - body.size())];
                data.get(b);
                body.writeBytes(b);
            }
            data.position(data.limit());
        }
    }
}
