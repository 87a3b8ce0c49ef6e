package dev.tether.http2.internal.conn;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Header;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.frame.Frame;
import dev.tether.http2.frame.SettingsFrame;
import dev.tether.http2.internal.generator.FrameWriter;
import dev.tether.http2.internal.hpack.HpackEncoder;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The bytes a connection owes the peer, in order, until {@link #drainTo} hands them to the host.
 * Header blocks are HPACK-encoded when queued, so the encoder's table follows the byte order.
 *
 * <p>Invariants: {@code pending} is in write mode and holds whole frames only; {@link #owedControl}
 * counts the control frames we owe the peer in answer to its frames (ACKs, RST_STREAM for its errors)
 * queued since the buffer was last empty, and crossing {@code maxQueuedControlFrames} is a connection
 * error ENHANCE_YOUR_CALM (SETTINGS, PING and reset floods).
 *
 * <p>Thread safety: confined to its connection's thread.
 */
@NotThreadSafe
public final class Outbound {
    private static final int SHRINK_ABOVE = 256 * 1024;

    private final int maxOwedControl;
    private final HpackEncoder encoder;
    private ByteBuffer pending = ByteBuffer.allocate(4096);
    private ByteBuffer scratch = ByteBuffer.allocate(1024);
    private int owedControl;

    Outbound(int maxOwedControl, HpackEncoder encoder) {
        this.maxOwedControl = maxOwedControl;
        this.encoder = encoder;
    }

    /** {@return the number of bytes waiting for pollOutbound} */
    public int pendingBytes() {
        return pending.position();
    }

    /** {@return the control frames we owe, queued since the buffer was last empty} */
    public int owedControl() {
        return owedControl;
    }

    /**
     * Copies as many pending bytes as fit into {@code out}.
     *
     * @param out the host's buffer
     * @return the number of bytes copied
     */
    public int drainTo(ByteBuffer out) {
        int n = Math.min(out.remaining(), pending.position());
        if (n == 0) {
            return 0;
        }
        pending.flip();
        int oldLimit = pending.limit();
        pending.limit(n);
        out.put(pending);
        pending.limit(oldLimit);
        pending.compact();
        if (pending.position() == 0) {
            owedControl = 0;
            if (pending.capacity() > SHRINK_ABOVE) {
                pending = ByteBuffer.allocate(4096);
            }
        }
        return n;
    }

    ByteBuffer room(int bytes) {
        if (pending.remaining() < bytes) {
            int cap = pending.capacity();
            while (cap - pending.position() < bytes) {
                cap = cap * 2;
            }
            ByteBuffer bigger = ByteBuffer.allocate(cap);
            pending.flip();
            bigger.put(pending);
            pending = bigger;
        }
        return pending;
    }

    void raw(byte[] bytes) {
        room(bytes.length).put(bytes);
    }

    /** Counts a control frame we owe the peer; throws when the peer floods us with requests for them. */
    void owe() throws Http2Exception {
        if (++owedControl > maxOwedControl) {
            throw Http2Exception.connection(ErrorCode.ENHANCE_YOUR_CALM,
                    "more than " + maxOwedControl + " queued control frames owed to the peer");
        }
    }

    void settings(SettingsFrame f) {
        FrameWriter.writeSettings(room(Frame.HEADER_LENGTH + 6 * f.settings().size()), f);
    }

    void ping(boolean ack, long opaque) {
        FrameWriter.writePing(room(Frame.HEADER_LENGTH + 8), ack, opaque);
    }

    void rstStream(int streamId, ErrorCode code) {
        FrameWriter.writeRstStream(room(Frame.HEADER_LENGTH + 4), streamId, code.code());
    }

    void windowUpdate(int streamId, int increment) {
        FrameWriter.writeWindowUpdate(room(Frame.HEADER_LENGTH + 4), streamId, increment);
    }

    void goAway(int lastStreamId, ErrorCode code, String debug) {
        byte[] d = debug == null ? new byte[0] : ascii(debug, 200);
        FrameWriter.writeGoAway(room(Frame.HEADER_LENGTH + 8 + d.length), lastStreamId, code.code(), ByteBuffer.wrap(d));
    }

    void data(int streamId, ByteBuffer src, int length, boolean endStream) {
        FrameWriter.writeData(room(Frame.HEADER_LENGTH + length), streamId, src, length, endStream);
    }

    /**
     * Encodes a header section and queues it as HEADERS plus CONTINUATION frames of at most
     * {@code maxFrameSize} payload bytes each (RFC 9113 §4.3: one contiguous block).
     */
    void headers(int streamId, List<Header> headers, boolean endStream, int maxFrameSize) {
        ByteBuffer block = encode(headers);
        int type = 0x1;
        int flags = endStream ? Frame.FLAG_END_STREAM : 0;
        do {
            int n = Math.min(block.remaining(), maxFrameSize);
            boolean last = n == block.remaining();
            ByteBuffer out = room(Frame.HEADER_LENGTH + n);
            FrameWriter.header(out, n, type, flags | (last ? Frame.FLAG_END_HEADERS : 0), streamId);
            int oldLimit = block.limit();
            block.limit(block.position() + n);
            out.put(block);
            block.limit(oldLimit);
            type = 0x9;
            flags = 0;
        } while (block.hasRemaining());
    }

    private ByteBuffer encode(List<Header> headers) {
        int size = 16;
        for (int i = 0; i < headers.size(); i++) {
            Header h = headers.get(i);
            size += HpackEncoder.maxEncodedLength(h.name(), h.value());
        }
        if (scratch.capacity() < size) {
            scratch = ByteBuffer.allocate(Math.max(size, scratch.capacity() * 2));
        }
        scratch.clear();
        encoder.beginBlock(scratch);
        for (int i = 0; i < headers.size(); i++) {
            Header h = headers.get(i);
            encoder.encode(h.name(), h.value(), h.sensitive(), scratch);
        }
        return scratch.flip();
    }

    private static byte[] ascii(String s, int max) {
        int n = Math.min(s.length(), max);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b[i] = (byte) (c < 0x80 ? c : '?');
        }
        return b;
    }
}
