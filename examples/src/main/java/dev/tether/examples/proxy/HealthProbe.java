package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.EventLoop;
import dev.tether.examples.nio.Endpoint;
import dev.tether.examples.nio.SocketHandler;
import dev.tether.http1.Http1ClientCodec;
import dev.tether.http1.Http1Exception;
import dev.tether.http1.Http1Fields;
import dev.tether.http1.Http1Head;
import dev.tether.http1.Http1Listener;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Header;
import dev.tether.http2.Http2Config;
import dev.tether.http2.Http2Connection;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.Http2Listener;
import dev.tether.http2.Role;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;

/**
 * One health probe of one backend, on its own connection (never one of the engine's), within a
 * deadline: a connect that must succeed ({@code path == null}); a {@code HEAD /} that must get a
 * response head, any status (liveness: the backend answers requests again); or the configured check,
 * a {@code GET} that must be answered 2xx or 3xx. The {@link ProbeDialer} connects as the backend's
 * own connections do (for {@code https}: only a completed TLS handshake counts as connected, and a
 * failed one is the probe's failure with its {@code tls-*} reason); requests go over the protocol the
 * connection speaks (HTTP/1.1, h2c, or over TLS with {@code :scheme https} the ALPN choice {@code h2}
 * or HTTP/1.1). The result is reported once, then the connection is closed.
 *
 * <p>Invariants: {@code done} goes false to true once, when the result is reported; the connection
 * (with its buffers) and the deadline timer are gone after that, on every path.
 *
 * <p>Thread safety: confined to its loop.
 */
@ThreadConfined("event loop")
final class HealthProbe implements SocketHandler, Http1Listener, Http2Listener {
    private final Backend backend;
    private final String method;
    private final String path;
    private final Consumer<String> result;
    private Endpoint socket;
    private EventLoop.Timer deadline;
    private Http1ClientCodec h1;
    private Http2Connection h2;
    private int status;
    private boolean done;

    private HealthProbe(Backend backend, String method, String path, Consumer<String> result) {
        this.backend = backend;
        this.method = method;
        this.path = path;
        this.result = result;
    }

    /** The method of a liveness probe: any response head passes. */
    static final String LIVENESS = "HEAD";
    /** The method of the configured check: 2xx and 3xx pass. */
    static final String CHECK = "GET";

    /**
     * Starts a probe. Loop thread only.
     *
     * @param loop the loop that runs it
     * @param dialer how to connect
     * @param backend what to probe
     * @param method {@link #LIVENESS} or {@link #CHECK}; ignored without a path
     * @param path the request's path, or {@code null} for a connect only
     * @param timeoutNanos the deadline for the whole probe ({@link ProbeDialer#connectNanos} included)
     * @param result receives {@code null} on success, else the failure's reason; called once
     */
    static void start(EventLoop loop, ProbeDialer dialer, Backend backend, String method, String path,
                      long timeoutNanos, Consumer<String> result) {
        HealthProbe p = new HealthProbe(backend, method, path, result);
        try {
            p.socket = dialer.open(loop, backend, p);
        } catch (IOException | RuntimeException e) {
            loop.execute(() -> p.finish("connect-failed"));
            return;
        }
        p.deadline = loop.schedule(timeoutNanos, () -> p.finish(p.socket.isConnected() ? "check-timeout"
                : ProbeDialer.failureBeforeConnected(p.socket, true)));
    }

    @Override
    public void onConnected() {
        if (path == null) {
            finish(null);
            return;
        }
        ByteBuffer out = socket.out();
        String authority = ProbeDialer.authority(backend);
        try {
            if (!ProbeDialer.speaksH2(backend, socket)) {
                h1 = new Http1ClientCodec();
                h1.startRequest(method, path, Http1Fields.builder().add("host", authority)
                        .add("user-agent", "tether-health-check").add("connection", "close").build());
                h1.endRequest();
                h1.pollOutbound(out);
            } else {
                h2 = new Http2Connection(Role.CLIENT, Http2Config.defaults());
                h2.newStream(List.of(Header.of(":method", method), Header.of(":scheme", ProbeDialer.scheme(backend)),
                        Header.of(":authority", authority), Header.of(":path", path),
                        Header.of("user-agent", "tether-health-check")), true);
                h2.pollOutbound(out);
            }
        } catch (Http2Exception | RuntimeException e) {
            finish("check-failed");
            return;
        }
        socket.flush();
    }

    @Override
    public void onRead(ByteBuffer in) {
        try {
            if (h1 != null) {
                h1.onBytes(in, this);
            } else if (h2 != null) {
                h2.onBytes(in, this);
                h2.pollOutbound(socket.out()); // SETTINGS acknowledgements
                socket.flush();
            }
        } catch (Http1Exception | Http2Exception | RuntimeException e) {
            finish("check-bad-response");
            return;
        }
        in.position(in.limit());
        if (status != 0) {
            finish(status < 400 || LIVENESS.equals(method) ? null : "check-status-" + status);
        }
    }

    @Override
    public void onHead(Http1Head head) {
        status = head.status();
    }

    @Override
    public void onHeaders(int streamId, List<Header> headers, boolean endStream) {
        for (Header h : headers) {
            if (":status".equals(h.name())) {
                int s = Integer.parseInt(h.value());
                status = s >= 200 ? s : 0; // informational: wait for the final head
            }
        }
    }

    @Override
    public void onStreamReset(int streamId, ErrorCode errorCode, boolean byPeer) {
        finish("check-reset");
    }

    @Override
    public void onEndOfInput() {
        finish(path == null ? null : "check-closed");
    }

    @Override
    public void onClosed() {
        finish(socket.isConnected() ? "check-closed" : ProbeDialer.failureBeforeConnected(socket, false));
    }

    private void finish(String failure) {
        if (done) {
            return;
        }
        done = true;
        if (deadline != null) {
            deadline.cancel();
        }
        if (socket != null) {
            socket.close();
        }
        result.accept(failure);
    }
}
