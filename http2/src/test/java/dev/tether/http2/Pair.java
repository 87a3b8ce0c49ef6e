package dev.tether.http2;

import dev.tether.core.annotations.NotThreadSafe;

import java.nio.ByteBuffer;

/**
 * Test fixture: a client and a server connection wired back to back in memory.
 *
 * <p>Invariants: {@link #pump()} moves bytes both ways until neither side has output.
 *
 * <p>Thread safety: test thread only.
 */
@NotThreadSafe
public final class Pair {
    public final Http2Connection client;
    public final Http2Connection server;
    public final RecordingListener clientEvents = new RecordingListener();
    public final RecordingListener serverEvents = new RecordingListener();
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);

    public Pair(Http2Config clientConfig, Http2Config serverConfig) {
        client = new Http2Connection(Role.CLIENT, clientConfig);
        server = new Http2Connection(Role.SERVER, serverConfig);
    }

    public Pair() {
        this(Http2Config.defaults(), Http2Config.defaults());
    }

    /** Exchanges bytes until both sides are quiet (bounded). */
    public Pair pump() throws Http2Exception {
        for (int round = 0; round < 10_000; round++) {
            boolean moved = move(client, server, serverEvents) | move(server, client, clientEvents);
            if (!moved) {
                return this;
            }
        }
        throw new AssertionError("pump did not settle");
    }

    private boolean move(Http2Connection from, Http2Connection to, Http2Listener l) throws Http2Exception {
        boolean moved = false;
        while (from.pendingOutbound() > 0) {
            buf.clear();
            from.pollOutbound(buf);
            buf.flip();
            to.onBytes(buf, l);
            moved = true;
        }
        return moved;
    }
}
