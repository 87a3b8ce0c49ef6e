package dev.tether.http2.interop;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http2.ErrorCode;
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
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test driver: runs N GET requests with C concurrent streams over blocking sockets to 127.0.0.1,
 * through the client role of {@link Http2Connection}. A request refused or not processed (RST
 * REFUSED_STREAM, above a GOAWAY's last-stream-id, or lost with its connection before any response)
 * is re-sent on a new connection, as the host of R72/D5 would.
 *
 * <p>Invariants: every request ends exactly once as completed; loops are bounded in rounds and the
 * socket read has a timeout.
 *
 * <p>Thread safety: single test thread.
 */
@NotThreadSafe
final class BlockingH2Client {
    /** What a run did. */
    record Result(int completed, int retried, int connections, int goAways, int bytes) {
    }

    private final int port;
    private final String path;
    private int completed;
    private int retried;
    private int connections;
    private int goAways;
    private int bytes;

    BlockingH2Client(int port, String path) {
        this.port = port;
        this.path = path;
    }

    Result run(int total, int concurrency) throws IOException {
        ArrayDeque<Integer> toSend = new ArrayDeque<>();
        for (int i = 0; i < total; i++) {
            toSend.add(i);
        }
        for (int round = 0; completed < total; round++) {
            if (round > total + 10) {
                throw new AssertionError("no progress: " + completed + "/" + total);
            }
            oneConnection(toSend, concurrency);
        }
        return new Result(completed, retried, connections, goAways, bytes);
    }

    private void oneConnection(ArrayDeque<Integer> toSend, int concurrency) throws IOException {
        connections++;
        Map<Integer, Integer> inflight = new HashMap<>();
        Map<Integer, Integer> status = new HashMap<>();
        Http2Connection c = new Http2Connection(Role.CLIENT, Http2Config.defaults());
        List<Header> request = List.of(Header.of(":method", "GET"), Header.of(":scheme", "http"),
                Header.of(":path", path), Header.of(":authority", "127.0.0.1:" + port));
        Http2Listener l = new Http2Listener() {
            @Override
            public void onHeaders(int id, List<Header> headers, boolean end) {
                status.put(id, Integer.parseInt(headers.get(0).value()));
            }

            @Override
            public void onData(int id, ByteBuffer data, boolean end) {
                bytes += data.remaining();
            }

            @Override
            public void onStreamReset(int id, ErrorCode code, boolean byPeer) {
                if (code != ErrorCode.REFUSED_STREAM) {
                    throw new AssertionError("stream " + id + " reset " + code);
                }
                retried++;
                toSend.addFirst(inflight.remove(id));
            }

            @Override
            public void onStreamClosed(int id) {
                Integer req = inflight.remove(id);
                if (req != null) {
                    if (status.remove(id) != 200) {
                        throw new AssertionError("stream " + id + " without 200");
                    }
                    completed++;
                }
            }

            @Override
            public void onGoAway(int lastStreamId, ErrorCode errorCode, ByteBuffer debugData) {
                goAways++;
            }
        };
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] rbuf = new byte[64 * 1024];
            ByteBuffer wbuf = ByteBuffer.allocate(64 * 1024);
            while (true) {
                while (c.state() == Http2Connection.State.OPEN && !toSend.isEmpty() && inflight.size() < concurrency
                        && c.localStreams() < c.peerMaxConcurrentStreams() && c.streamsLeft() > 0) {
                    inflight.put(c.newStream(request, true), toSend.pollFirst());
                }
                flush(c, out, wbuf);
                if (inflight.isEmpty() && (toSend.isEmpty() || c.state() != Http2Connection.State.OPEN)) {
                    return;
                }
                int n = in.read(rbuf);
                if (n < 0) {
                    break;
                }
                c.onBytes(ByteBuffer.wrap(rbuf, 0, n), l);
            }
        } catch (Http2Exception e) {
            throw new AssertionError("connection error", e);
        }
        // The peer closed with requests in flight and no response: not processed, re-send them.
        for (Integer req : inflight.values()) {
            retried++;
            toSend.addFirst(req);
        }
    }

    private static void flush(Http2Connection c, OutputStream out, ByteBuffer wbuf) throws IOException {
        while (c.pendingOutbound() > 0) {
            wbuf.clear();
            c.pollOutbound(wbuf);
            out.write(wbuf.array(), 0, wbuf.position());
        }
        out.flush();
    }
}
