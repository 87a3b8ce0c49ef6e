package dev.tether.http1.internal.parser;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http1.Http1Config;
import dev.tether.http1.Http1Exception;
import dev.tether.http1.Http1Exception.Reason;
import dev.tether.http1.Http1Listener;

import java.nio.ByteBuffer;

/**
 * Parses one HTTP/1.1 message at a time (requests or responses, fixed at construction) from input
 * split anywhere, and reports it to an {@link Http1Listener}: head, body slices, trailers,
 * completion; then, once switched, raw tunnel bytes. Framing follows RFC 9112 §6.3 through
 * {@link Framing}.
 *
 * <p>Invariants: {@link #parse} never consumes a byte past the end of the current message (except in
 * {@code TUNNEL} and close-delimited bodies, which own the rest of the input); body and tunnel slices
 * are read-only views of the caller's buffer, never copies; {@code consumed} is the message offset of
 * the next unread byte.
 *
 * <p>Thread safety: confined to the codec's thread.
 */
@NotThreadSafe
public final class MessageParser {
    /**
     * Where the parser stands.
     *
     * <p>Thread safety: immutable.
     */
    @dev.tether.core.annotations.ThreadSafe
    public enum Phase { HEAD, LENGTH_BODY, CHUNK_LINE, CHUNK_DATA, CHUNK_DATA_END, TRAILERS, CLOSE_BODY, DONE, TUNNEL }

    private final HeadParser head;
    private final ChunkParser chunk;
    private final Framing framing;
    private final BodyViews views = new BodyViews();
    private Phase phase = Phase.DONE;
    private long consumed;
    private long trailerBase;
    private long remaining;

    /**
     * Creates a parser.
     *
     * @param config the limits
     * @param requests true to parse requests, false to parse responses
     */
    public MessageParser(Http1Config config, boolean requests) {
        this.head = new HeadParser(config, requests);
        this.chunk = new ChunkParser(config.maxChunkExtensionLength());
        this.framing = new Framing(head.view, head.semantics, requests);
    }

    /**
     * Starts a new message.
     *
     * @param requestMethod for a response, the method of the request it answers; ignored for requests
     * @param requestUpgrade for a response, whether that request carried an Upgrade field
     */
    public void start(HeadView.Method requestMethod, boolean requestUpgrade) {
        framing.expect(requestMethod, requestUpgrade);
        head.startHead();
        phase = Phase.HEAD;
        consumed = 0;
    }

    /** Switches to tunnel mode: every later byte is reported raw. */
    public void enterTunnel() {
        phase = Phase.TUNNEL;
    }

    /** Where the parser stands. */
    public Phase phase() {
        return phase;
    }

    /** True once at least one byte of the current message (or a leading empty line) was received. */
    public boolean started() {
        return phase != Phase.HEAD || head.buffered() > 0;
    }

    /** The head view of the current message (valid between its head and the next {@link #start}). */
    public HeadView head() {
        return head.view;
    }

    /** Bytes of input storage currently allocated for heads and trailers (bounded by the config). */
    public int storageCapacity() {
        return head.view.bytes.length;
    }

    /** True if the current message's head offered an upgrade (RFC 9110 §7.8; kept through its trailers). */
    public boolean upgradeOffered() {
        return head.view.upgrade;
    }

    /** Bytes of the current message consumed so far. */
    public long consumed() {
        return consumed;
    }

    /**
     * Consumes input and reports events until the message completes or the input is exhausted.
     *
     * @param in the input; on return its position is past the consumed bytes
     * @param l the listener
     * @return true if the message completed during this call (the parser is then {@code DONE} or
     *     {@code TUNNEL})
     * @throws Http1Exception if the input is malformed
     */
    public boolean parse(ByteBuffer in, Http1Listener l) throws Http1Exception {
        while (true) {
            switch (phase) {
                case HEAD:
                    if (!head.parse(in, 0)) {
                        consumed = head.buffered();
                        return false;
                    }
                    consumed = head.view.length;
                    if (afterHead(l)) {
                        return true;
                    }
                    break;
                case LENGTH_BODY:
                case CHUNK_DATA:
                case CLOSE_BODY:
                    if (!body(in, l)) {
                        return false;
                    }
                    if (phase == Phase.LENGTH_BODY) {
                        return complete(l);
                    }
                    chunk.startDataEnd();
                    phase = Phase.CHUNK_DATA_END;
                    break;
                case CHUNK_LINE:
                case CHUNK_DATA_END:
                    if (!chunkLine(in)) {
                        return false;
                    }
                    break;
                case TRAILERS:
                    return trailers(in, l);
                case TUNNEL:
                    if (in.hasRemaining()) {
                        l.onTunnelData(views.slice(in, in.remaining()));
                    }
                    return false;
                default:
                    return false;
            }
        }
    }

    /** Applies the framing decision; returns true if the message is already complete. */
    private boolean afterHead(Http1Listener l) throws Http1Exception {
        Framing.Body body = framing.decide(consumed);
        if (body == Framing.Body.INTERIM) {
            l.onInformational(head.view);
            head.startHead();
            consumed = 0;
            return false;
        }
        l.onHead(head.view);
        switch (body) {
            case LENGTH:
                remaining = head.view.contentLength;
                phase = Phase.LENGTH_BODY;
                return false;
            case CHUNKED:
                chunk.startLine();
                phase = Phase.CHUNK_LINE;
                return false;
            case UNTIL_CLOSE:
                phase = Phase.CLOSE_BODY;
                return false;
            default:
                return complete(l);
        }
    }

    /** Reports body bytes; returns true when the current length-delimited part is exhausted. */
    private boolean body(ByteBuffer in, Http1Listener l) {
        if (phase == Phase.CLOSE_BODY) {
            int n = in.remaining();
            if (n > 0) {
                consumed += n;
                l.onBody(views.slice(in, n));
            }
            return false;
        }
        if (remaining > 0 && in.hasRemaining()) {
            int n = (int) Math.min(remaining, in.remaining());
            remaining -= n;
            consumed += n;
            l.onBody(views.slice(in, n));
        }
        return remaining == 0;
    }

    private boolean chunkLine(ByteBuffer in) throws Http1Exception {
        int p0 = in.position();
        boolean done = chunk.parse(in, consumed);
        consumed += in.position() - p0;
        if (!done) {
            return false;
        }
        if (phase == Phase.CHUNK_DATA_END) {
            chunk.startLine();
            phase = Phase.CHUNK_LINE;
        } else if (chunk.size == 0) {
            head.startTrailers();
            trailerBase = consumed;
            phase = Phase.TRAILERS;
        } else {
            remaining = chunk.size;
            phase = Phase.CHUNK_DATA;
        }
        return true;
    }

    private boolean trailers(ByteBuffer in, Http1Listener l) throws Http1Exception {
        if (!head.parse(in, trailerBase)) {
            consumed = trailerBase + head.buffered();
            return false;
        }
        consumed = trailerBase + head.view.length;
        if (head.view.fieldCount > 0) {
            l.onTrailers(head.view);
        }
        return complete(l);
    }

    private boolean complete(Http1Listener l) {
        phase = framing.tunnel() ? Phase.TUNNEL : Phase.DONE;
        l.onMessageComplete();
        return true;
    }

    /** True if the message that completed last turns the connection into a tunnel. */
    public boolean tunnel() {
        return framing.tunnel();
    }

    /**
     * Handles the end of the input.
     *
     * @param l the listener, told of completion if the input end delimits the message
     * @return true if the end completed a close-delimited message
     * @throws Http1Exception {@link Reason#INCOMPLETE_MESSAGE} if a message was cut short
     */
    public boolean endOfInput(Http1Listener l) throws Http1Exception {
        if (phase == Phase.CLOSE_BODY) {
            phase = Phase.DONE;
            l.onMessageComplete();
            return true;
        }
        if (phase == Phase.DONE || phase == Phase.TUNNEL || !started()) {
            return false;
        }
        throw new Http1Exception(Reason.INCOMPLETE_MESSAGE, consumed, "input ended in " + phase);
    }
}
