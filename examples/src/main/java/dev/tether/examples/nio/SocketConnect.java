package dev.tether.examples.nio;

import dev.tether.core.annotations.ThreadConfined;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;

/**
 * The connect of a {@link NioSocket} this side opens: the channel, opened for the destination's family
 * (an IPv4 destination gets an IPv4 socket, as a dual-stack one costs a {@code setsockopt(IPV6_V6ONLY)}
 * more), the non-blocking connect, and its completion.
 *
 * <p>The completion is first tried before the loop next waits, in the flush the socket queues when the
 * connect starts: on loopback the kernel has finished the handshake by the time {@code connect}
 * returns (the peer's answer is processed before the call releases the socket), so the socket goes
 * straight to reading and its first write, with no OP_CONNECT registration and no loop iteration in
 * between. A connect still in flight then costs one {@code poll} more, and waits for OP_CONNECT.
 *
 * <p>Thread safety: confined to the socket's loop thread.
 */
@ThreadConfined("event loop")
final class SocketConnect {
    private SocketConnect() {
    }

    /**
     * Opens a non-blocking channel for {@code address}'s family and starts connecting it.
     *
     * @return the channel, connecting (or, rarely, connected)
     * @throws IOException if the channel cannot be opened or the connect fails at once; the channel is closed
     */
    static SocketChannel start(InetSocketAddress address) throws IOException {
        SocketChannel ch = address.getAddress() instanceof Inet4Address
                ? SocketChannel.open(StandardProtocolFamily.INET) : SocketChannel.open();
        try {
            ch.configureBlocking(false); // TCP_NODELAY: set before the second write (SocketOutput)
            ch.connect(address);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Completes {@code s}'s connect if the kernel has finished it, else makes it wait for OP_CONNECT. A
     * connect that failed fails the socket (its handler hears {@link SocketHandler#onClosed()}), and so
     * does a handler whose {@link SocketHandler#onConnected()} throws, as a throwing handler of a
     * selected key does (the before-wait flush that may call this only logs what it catches).
     */
    static void complete(NioSocket s) {
        try {
            if (!s.channel.finishConnect()) {
                s.updateInterest(); // OP_CONNECT
                return;
            }
        } catch (IOException e) {
            s.fail(e);
            return;
        }
        try {
            s.connected();
        } catch (RuntimeException e) {
            s.loop().handlerFailed(s, e);
        }
    }
}
