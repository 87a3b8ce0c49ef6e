package dev.tether.http2;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http2.frame.DataFrame;
import dev.tether.http2.frame.Frame;
import dev.tether.http2.frame.HeadersFrame;
import dev.tether.http2.frame.Setting;
import dev.tether.http2.frame.SettingsFrame;
import dev.tether.http2.internal.conn.Preface;
import dev.tether.http2.internal.generator.FrameWriter;
import dev.tether.http2.internal.hpack.HpackEncoder;
import dev.tether.http2.internal.parser.FrameParser;
import dev.tether.http2.internal.parser.RecordingFrameListener;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Test fixture: builds raw frames (an h2 {@code FrameFactory}) and reads what a connection sends.
 *
 * <p>Invariants: one HPACK encoder per fixture, so header blocks it builds form one valid sequence.
 *
 * <p>Thread safety: test thread only.
 */
@NotThreadSafe
public final class Wire {
    private final HpackEncoder encoder = new HpackEncoder(4096, false);
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 20);

    public static final List<Header> REQUEST = List.of(Header.of(":method", "GET"), Header.of(":scheme", "http"),
            Header.of(":path", "/"), Header.of(":authority", "localhost"));
    public static final List<Header> RESPONSE = List.of(Header.of(":status", "200"));
    public static final List<Header> TRAILERS = List.of(Header.of("grpc-status", "0"));

    public Wire magic() {
        buf.put(Preface.MAGIC);
        return this;
    }

    public Wire frame(Frame f) {
        FrameWriter.write(f, buf);
        return this;
    }

    public Wire settings(Setting... s) {
        return frame(new SettingsFrame(false, Arrays.asList(s)));
    }

    public Wire settingsAck() {
        return frame(new SettingsFrame(true, List.of()));
    }

    public ByteBuffer block(List<Header> headers) {
        ByteBuffer b = ByteBuffer.allocate(8192);
        encoder.beginBlock(b);
        for (Header h : headers) {
            encoder.encode(h.name(), h.value(), h.sensitive(), b);
        }
        return b.flip();
    }

    public Wire headers(int id, List<Header> headers, boolean endStream) {
        return frame(new HeadersFrame(id, block(headers), endStream, true, -1, null));
    }

    public Wire data(int id, String s, boolean endStream) {
        return frame(new DataFrame(id, ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1)), endStream, -1));
    }

    public Wire raw(int type, int flags, int id, byte[] payload) {
        FrameWriter.header(buf, payload.length, type, flags, id);
        buf.put(payload);
        return this;
    }

    /** Takes the bytes built so far. */
    public ByteBuffer take() {
        buf.flip();
        ByteBuffer out = ByteBuffer.allocate(buf.remaining()).put(buf).flip();
        buf.clear();
        return out;
    }

    /** Feeds the bytes built so far to {@code c}. */
    public void to(Http2Connection c, Http2Listener l) throws Http2Exception {
        c.onBytes(take(), l);
    }

    /** Drains a connection's output and parses it into frames (skipping the client magic). */
    public static List<Frame> sent(Http2Connection c) throws Http2Exception {
        ByteBuffer out = ByteBuffer.allocate(Math.max(16, c.pendingOutbound()));
        c.pollOutbound(out);
        out.flip();
        if (out.remaining() >= 24 && out.get(0) == 'P' && out.get(1) == 'R' && out.get(2) == 'I') {
            out.position(24);
        }
        RecordingFrameListener l = new RecordingFrameListener();
        new FrameParser(0xffffff).parse(out, l);
        return l.frames;
    }
}
