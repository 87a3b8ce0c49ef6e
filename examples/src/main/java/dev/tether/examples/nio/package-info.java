/**
 * A small java.nio runtime a gateway can build on: event loops, plain TCP endpoints, an acceptor,
 * timers and pooled buffers. Tether's example proxy and origin run on it; a gateway of your own can
 * use it the same way, so that embedding the reuse engine does not mean writing NIO glue.
 *
 * <h2>The parts</h2>
 * <ul>
 *   <li>{@link dev.tether.examples.nio.EventLoopGroup}: a fixed set of
 *       {@link dev.tether.examples.nio.EventLoop}s, one thread and one {@code Selector} each; loop
 *       {@code i} is the reuse engine's loop {@code i}.</li>
 *   <li>{@link dev.tether.examples.nio.Acceptor}: accepts in batches on one address for the group:
 *       one listening socket per loop sharing the port ({@code SO_REUSEPORT}) where the platform has
 *       it, so that a connection seldom crosses threads; else one on loop 0. A listener keeps what it
 *       accepts unless its loop holds more connections than the least loaded one (by more than one):
 *       then it deals the connection there.</li>
 *   <li>{@link dev.tether.examples.nio.Endpoint}: a connection's byte stream as a handler sees it;
 *       {@link dev.tether.examples.nio.NioSocket} is the plain TCP one, connecting or accepted.
 *       The owner of an endpoint implements {@link dev.tether.examples.nio.SocketHandler}.</li>
 *   <li>{@link dev.tether.examples.nio.EventLoop.Timer}: a loop's re-armable timers, on a
 *       hierarchical timing wheel: arming and cancelling are O(1), allocate nothing, and a
 *       cancelled timer is forgotten at once.</li>
 *   <li>{@link dev.tether.examples.nio.BufferPool}: a loop's buffers, lent to endpoints only while
 *       bytes are in flight.</li>
 * </ul>
 *
 * <h2>Threading contract</h2>
 * Everything that belongs to a loop (its endpoints, their handlers, its timers and buffers, and
 * whatever the handlers own: engine sessions, muxes, codecs) is touched only by that loop's thread.
 * From another thread, hand work over with {@link dev.tether.examples.nio.EventLoop#execute}, or close
 * an endpoint with {@link dev.tether.examples.nio.Endpoint#closeFromAnyThread()}. Handler methods are
 * never called re-entrantly from a call the handler makes on its endpoint: notifications the call
 * causes ({@code onWritable}, buffered bytes after {@code resumeReading}) come in a later event; the
 * one exception is {@link dev.tether.examples.nio.SocketHandler#onClosed()}, which
 * {@link dev.tether.examples.nio.Endpoint#close()} calls before it returns.
 *
 * <h2>What a connection costs while it waits</h2>
 * An open connection that has nothing in flight holds a channel, a selection key, its endpoint and
 * handler objects, and its armed timers: no buffer. The input buffer is borrowed from the loop's pool
 * when bytes arrive and given back when the handler consumed them; the output buffer is borrowed when
 * a handler writes and given back when the bytes are written. Closing an endpoint gives back what it
 * holds and cancels its timers, so nothing keeps a closed connection reachable.
 *
 * <h2>The seam for a transforming layer (TLS)</h2>
 * A layer that transforms bytes, such as a TLS endpoint over {@code SSLEngine}, sits between a
 * {@code NioSocket} and the application handler and is both: it is the socket's
 * {@link dev.tether.examples.nio.SocketHandler} (it receives ciphertext in {@code onRead}, is told
 * {@code onWritable}, {@code onEndOfInput}, {@code onClosed}) and the application handler's
 * {@link dev.tether.examples.nio.Endpoint} (it offers plaintext through {@code out()} and
 * {@code onRead}). Install it with {@link dev.tether.examples.nio.Endpoint#handler} on the socket and
 * give the application handler the layer instead of the socket; the application code is the same for
 * both. The layer reports {@link dev.tether.examples.nio.Endpoint#isConnected()} and
 * {@link dev.tether.examples.nio.SocketHandler#onConnected()} once its handshake is done, queues its
 * own {@code flushLater} with {@link dev.tether.examples.nio.EventLoop#flushBeforeWait}, and may
 * borrow its plaintext and ciphertext staging buffers from
 * {@link dev.tether.examples.nio.EventLoop#buffers()} under the same rule: borrowed while bytes are in
 * flight, released when empty and when closed. Buffer ownership at the seam:
 * <ul>
 *   <li>the buffer a socket passes to {@code onRead} is the socket's, valid during the call only;
 *       bytes the layer does not consume stay in it for the next call;</li>
 *   <li>the buffer {@code out()} returns belongs to the endpoint that returned it, valid until that
 *       endpoint's next flush, close or the end of the event: the layer writes its records into the
 *       socket's {@code out()} and the application writes plaintext into the layer's;</li>
 *   <li>a buffer a layer borrowed from the pool is that layer's until it releases it, exactly once.</li>
 * </ul>
 */
package dev.tether.examples.nio;
