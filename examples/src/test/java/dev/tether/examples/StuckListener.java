package dev.tether.examples;

import dev.tether.core.annotations.NotThreadSafe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture: a loopback listener whose accept queue is full, so that Linux drops further SYNs
 * and a connect to it hangs until the connector's timeout.
 *
 * <p>Invariants: the listener never accepts; {@link #close()} closes it and the sockets that fill it.
 *
 * <p>Thread safety: one test thread.
 */
@NotThreadSafe
final class StuckListener implements AutoCloseable {
    private final ServerSocket full = new ServerSocket();
    private final List<Socket> fillers = new ArrayList<>();

    StuckListener() throws IOException {
        full.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        for (int i = 0; i < 4; i++) {
            Socket s = new Socket();
            fillers.add(s);
            try {
                s.connect(full.getLocalSocketAddress(), 200);
            } catch (SocketTimeoutException queueFull) {
                break;
            }
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) full.getLocalSocketAddress();
    }

    @Override
    public void close() throws IOException {
        for (Socket s : fillers) {
            s.close();
        }
        full.close();
    }
}
