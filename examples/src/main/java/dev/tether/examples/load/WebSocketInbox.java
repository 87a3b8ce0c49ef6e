package dev.tether.examples.load;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.examples.load.BlockingWebSocketClient.Event;
import dev.tether.examples.websocket.WebSocketDecoder;
import dev.tether.examples.websocket.WebSocketException;
import dev.tether.examples.websocket.WebSocketListener;
import dev.tether.examples.websocket.WebSocketProtocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The receiving half of a WebSocket client, whatever carries its bytes (a socket after an upgrade, or
 * the DATA of an RFC 8441 stream): decodes the server's frames, holds a frame split across reads, and
 * queues every message, pong and close frame as an {@link Event}; pings go to the caller's answer.
 *
 * <p>Invariants: events are queued in arrival order; after the close frame nothing more is decoded.
 *
 * <p>Thread safety: not thread-safe; confined to its client's thread.
 */
@NotThreadSafe
public final class WebSocketInbox implements WebSocketListener {
    private final WebSocketDecoder decoder;
    private final Consumer<ByteBuffer> pings;
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    /** Bytes received and not decoded yet (a frame head split across reads), in read mode. */
    private ByteBuffer pending = ByteBuffer.allocate(0);

    /**
     * Creates an inbox.
     *
     * @param maxMessageBytes the largest message accepted
     * @param pings takes each ping's payload (to answer with a pong); may ignore it
     */
    public WebSocketInbox(int maxMessageBytes, Consumer<ByteBuffer> pings) {
        this.decoder = new WebSocketDecoder(false, maxMessageBytes);
        this.pings = pings;
    }

    /**
     * Decodes received bytes; all of them are taken.
     *
     * @param fresh the bytes
     * @throws WebSocketException if the server's frames break RFC 6455
     */
    public void take(ByteBuffer fresh) throws WebSocketException {
        ByteBuffer all = ByteBuffer.allocate(pending.remaining() + fresh.remaining()).put(pending).put(fresh).flip();
        decoder.onBytes(all, this);
        pending = all;
    }

    /** The oldest event not taken yet, or {@code null}. */
    public Event poll() {
        return events.poll();
    }

    /** True once the server's close frame arrived (or its input was rejected). */
    public boolean closed() {
        return decoder.done();
    }

    /** Queues an event the transport produced itself (e.g. a broken connection). */
    void add(Event e) {
        events.add(e);
    }

    @Override
    public void onMessage(boolean text, ByteBuffer payload) {
        events.add(new Event(text ? WebSocketProtocol.TEXT : WebSocketProtocol.BINARY, bytes(payload), 0));
    }

    @Override
    public void onPing(ByteBuffer payload) {
        pings.accept(payload);
    }

    @Override
    public void onPong(ByteBuffer payload) {
        events.add(new Event(WebSocketProtocol.PONG, bytes(payload), 0));
    }

    @Override
    public void onClose(int code, String reason) {
        events.add(new Event(WebSocketProtocol.CLOSE, reason.getBytes(StandardCharsets.UTF_8), code));
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }
}
