package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.Endpoint;
import dev.tether.examples.nio.EventLoop;

import java.util.concurrent.TimeUnit;

/**
 * How long an HTTP/1.1 client connection may keep the proxy waiting while no request is in
 * progress: the idle timeout between requests, and, from the first byte of a request head, the
 * request header timeout (slowloris). Either closes the connection when it expires.
 *
 * <p>The timer is made the first time the connection has to wait: a client whose request arrived
 * whole with its first bytes, and whose connection closes after the answer (one request per
 * connection), never has one armed, nor made.
 *
 * <p>Invariants: at most one timer per connection; {@code headStarted} is true from the first byte
 * of a head until {@link #armIdle()}; after {@link #cancel()} nothing is armed until armed again.
 *
 * <p>Thread safety: confined to its connection's loop.
 */
@ThreadConfined("event loop")
final class ClientWait {
    private final EventLoop loop;
    private final Endpoint socket;
    private final ProxyConfig config;
    /** Made when first armed. */
    private EventLoop.Timer timer;
    private boolean headStarted;

    ClientWait(EventLoop loop, Endpoint socket, ProxyConfig config) {
        this.loop = loop;
        this.socket = socket;
        this.config = config;
    }

    /**
     * Bytes arrive while no request is in progress.
     *
     * @return true if they are the first bytes of a new request head
     */
    boolean headBegins() {
        boolean begins = !headStarted;
        headStarted = true;
        return begins;
    }

    /** True from the first byte of a request head until {@link #armIdle()}. */
    boolean headStarted() {
        return headStarted;
    }

    /** The head that began must end within the request header timeout. */
    void armHead() {
        timer().arm(TimeUnit.MILLISECONDS.toNanos(config.clientLimits().requestHeaderTimeoutMs()));
    }

    /** The connection waits for its next request: the idle timeout. */
    void armIdle() {
        headStarted = false;
        timer().arm(TimeUnit.MILLISECONDS.toNanos(config.idleTimeoutMs()));
    }

    /** A request is in progress (or the connection closed): nothing to time. */
    void cancel() {
        if (timer != null) {
            timer.cancel();
        }
    }

    private EventLoop.Timer timer() {
        if (timer == null) {
            timer = loop.timer(socket::close);
        }
        return timer;
    }
}
