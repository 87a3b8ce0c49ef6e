package dev.tether.http1;

import dev.tether.testkit.RecordingMuxListener;

import dev.tether.core.annotations.NotThreadSafe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * A blocking test client: one {@link Socket} to 127.0.0.1 driven through an {@link Http1Mux}, one
 * exchange at a time, with bounded reads ({@code setSoTimeout}). It stands in for a host's transport.
 *
 * <p>Invariants: every read waits at most {@value #READ_TIMEOUT_MS} ms; every exchange is attached
 * and detached exactly once; unconsumed bytes stay in {@code in} (the mux reports them).
 *
 * <p>Thread safety: confined to the test thread.
 */
@NotThreadSafe
final class InteropClient implements AutoCloseable {
    static final int READ_TIMEOUT_MS = 5_000;

    final RecordingMuxListener engine = new RecordingMuxListener();
    final Http1Mux mux = new Http1Mux(engine);
    /** The lease handle of the next exchange: any non-zero number outside an engine. */
    private long exchanges;
    private final Socket socket;
    private final InputStream input;
    private final OutputStream output;
    private final byte[] buf = new byte[64 * 1024];
    private final ByteBuffer in = ByteBuffer.wrap(buf).limit(0);
    private final ByteBuffer out = ByteBuffer.allocate(16 * 1024);
    private boolean eof;

    InteropClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        input = socket.getInputStream();
        output = socket.getOutputStream();
        mux.transportConnected();
    }

    int localPort() {
        return socket.getLocalPort();
    }

    /** The response of one exchange and what the mux said right after detach. */
    static final class Reply {
        int status;
        Http1Fields fields;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        Http1Fields trailers = Http1Fields.EMPTY;
        boolean complete;
        boolean reusable;
        boolean firstExchange;
        int detachFlags;

        String header(String name) {
            return fields.get(name);
        }

        String bodyText() {
            return body.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * Runs one exchange without a request body.
     *
     * @param method the method
     * @param target the request-target
     * @param extra extra fields (Host is added)
     * @return the reply
     */
    Reply exchange(String method, String target, String... extra) throws IOException, Http1Exception {
        Http1Fields.Builder fields = Http1Fields.builder().add("Host", "127.0.0.1");
        for (int i = 0; i < extra.length; i += 2) {
            fields.add(extra[i], extra[i + 1]);
        }
        Reply reply = new Reply();
        Http1Exchange ex = mux.attach(++exchanges);
        ex.listener(new Http1Listener() {
            @Override
            public void onHead(Http1Head head) {
                reply.status = head.status();
                reply.fields = head.toFields();
            }

            @Override
            public void onBody(ByteBuffer data) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                reply.body.writeBytes(b);
            }

            @Override
            public void onTrailers(Http1FieldView trailers) {
                reply.trailers = trailers.toFields();
            }
        });
        ex.sendRequest(method, target, fields.build());
        ex.endRequest();
        flush(ex);
        readUntilComplete(ex);
        reply.complete = ex.responseComplete();
        reply.detachFlags = mux.detach(ex);
        reply.reusable = mux.reusable();
        reply.firstExchange = mux.firstExchange();
        return reply;
    }

    private void flush(Http1Exchange ex) throws IOException {
        while (ex.hasOutbound()) {
            out.clear();
            ex.pollOutbound(out);
            output.write(out.array(), 0, out.position());
        }
        output.flush();
    }

    private void readUntilComplete(Http1Exchange ex) throws IOException, Http1Exception {
        for (int reads = 0; !ex.responseComplete() && reads < 10_000; reads++) {
            if (!fill()) {
                mux.onEndOfInput();
                return;
            }
            mux.onBytes(in);
            if (in.hasRemaining()) {
                return; // unread bytes after the response: the mux reported them
            }
        }
    }

    /** Reads once more from the socket; returns false at end of input. */
    boolean fill() throws IOException {
        in.compact();
        int n = input.read(buf, in.position(), in.remaining());
        if (n < 0) {
            in.flip();
            eof = true;
            return false;
        }
        in.position(in.position() + n);
        in.flip();
        return true;
    }

    /** Waits (bounded by the read timeout) for the peer to close; reports it to the mux. */
    boolean awaitPeerClose() throws IOException, Http1Exception {
        while (!eof) {
            if (!fill()) {
                mux.onEndOfInput();
                return true;
            }
            mux.onBytes(in);
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
