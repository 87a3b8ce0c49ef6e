package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadSafe;

/**
 * A client connection of the proxy, as graceful shutdown sees it.
 *
 * <p>Thread safety: {@link #shutdownGracefully()} may be called from any thread; it hands over to
 * the connection's loop.
 */
@ThreadSafe
interface Frontend {
    /** Stops taking new requests; closes the connection once the requests in progress are answered. */
    void shutdownGracefully();

    /** Closes the connection now. */
    void closeNow();
}
