package dev.tether.http2.internal.parser;

import dev.tether.http2.frame.ContinuationFrame;
import dev.tether.http2.frame.DataFrame;
import dev.tether.http2.frame.Frame;
import dev.tether.http2.frame.GoAwayFrame;
import dev.tether.http2.frame.HeadersFrame;
import dev.tether.http2.frame.PingFrame;
import dev.tether.http2.frame.Priority;
import dev.tether.http2.frame.PriorityFrame;
import dev.tether.http2.frame.PushPromiseFrame;
import dev.tether.http2.frame.RstStreamFrame;
import dev.tether.http2.frame.Setting;
import dev.tether.http2.frame.SettingsFrame;
import dev.tether.http2.frame.UnknownFrame;
import dev.tether.http2.frame.WindowUpdateFrame;
import dev.tether.http2.internal.generator.FrameWriter;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class FrameRoundTripTest {
    static final int MAX = 0xffffff;

    static ByteBuffer bytes(int n, int seed) {
        ByteBuffer b = ByteBuffer.allocate(n);
        for (int i = 0; i < n; i++) {
            b.put((byte) (i * 31 + seed));
        }
        return b.flip();
    }

    /** Every frame type with edge values: empty and large payloads, max ids, max padding, all flags. */
    static List<Frame> edgeFrames() {
        List<Frame> f = new ArrayList<>();
        f.add(new DataFrame(1, bytes(0, 1), false, -1));
        f.add(new DataFrame(Integer.MAX_VALUE, bytes(16384, 2), true, -1));
        f.add(new DataFrame(3, bytes(10, 3), true, 0));
        f.add(new DataFrame(5, bytes(0, 3), false, 255));
        f.add(new HeadersFrame(1, bytes(0, 4), false, false, -1, null));
        f.add(new HeadersFrame(7, bytes(100, 5), true, true, 255, new Priority(Integer.MAX_VALUE, true, 256)));
        f.add(new HeadersFrame(9, bytes(3, 6), false, true, -1, new Priority(0, false, 1)));
        f.add(new PriorityFrame(11, new Priority(13, true, 16)));
        f.add(new RstStreamFrame(1, 0));
        f.add(new RstStreamFrame(Integer.MAX_VALUE, 0xffffffffL));
        f.add(new SettingsFrame(false, List.of()));
        f.add(new SettingsFrame(true, List.of()));
        f.add(new SettingsFrame(false, List.of(new Setting(Setting.HEADER_TABLE_SIZE, 0xffffffffL),
                new Setting(Setting.ENABLE_PUSH, 1), new Setting(Setting.MAX_CONCURRENT_STREAMS, 0),
                new Setting(Setting.INITIAL_WINDOW_SIZE, Integer.MAX_VALUE),
                new Setting(Setting.MAX_FRAME_SIZE, MAX), new Setting(Setting.MAX_FRAME_SIZE, 16384),
                new Setting(Setting.MAX_HEADER_LIST_SIZE, 0), new Setting(0xffff, 7))));
        f.add(new PushPromiseFrame(1, 2, bytes(20, 7), true, -1));
        f.add(new PushPromiseFrame(3, Integer.MAX_VALUE - 1, bytes(0, 7), false, 200));
        f.add(new PingFrame(false, 0));
        f.add(new PingFrame(true, -1L));
        f.add(new GoAwayFrame(0, 0, bytes(0, 8)));
        f.add(new GoAwayFrame(Integer.MAX_VALUE, 0xffffffffL, bytes(300, 9)));
        f.add(new WindowUpdateFrame(0, 1));
        f.add(new WindowUpdateFrame(5, Integer.MAX_VALUE));
        f.add(new ContinuationFrame(1, bytes(0, 10), false));
        f.add(new ContinuationFrame(Integer.MAX_VALUE, bytes(50, 11), true));
        f.add(new UnknownFrame(0xa, 0xff, 0, bytes(0, 12)));
        f.add(new UnknownFrame(0xff, 0, 77, bytes(33, 13)));
        return f;
    }

    static ByteBuffer encode(List<Frame> frames) {
        ByteBuffer out = ByteBuffer.allocate(1 << 20);
        for (Frame frame : frames) {
            FrameWriter.write(frame, out);
        }
        return out.flip();
    }

    @Test
    void everyFrameTypeRoundTripsWithEdgeValues() throws Exception {
        List<Frame> frames = edgeFrames();
        RecordingFrameListener l = new RecordingFrameListener();
        new FrameParser(MAX).parse(encode(frames), l);
        assertThat(l.frames).containsExactlyElementsOf(frames);
    }

    @Test
    void oneParserParsesTheSameConversationTwice() throws Exception {
        List<Frame> frames = edgeFrames();
        FrameParser parser = new FrameParser(MAX);
        RecordingFrameListener l = new RecordingFrameListener();
        parser.parse(encode(frames), l);
        parser.parse(encode(frames), l);
        List<Frame> twice = new ArrayList<>(frames);
        twice.addAll(frames);
        assertThat(l.frames).containsExactlyElementsOf(twice);
        assertThat(parser.atFrameBoundary()).isTrue();
    }

    @Test
    void parsesOneByteAtATime() throws Exception {
        List<Frame> frames = edgeFrames();
        ByteBuffer all = encode(frames);
        FrameParser parser = new FrameParser(MAX);
        RecordingFrameListener l = new RecordingFrameListener();
        while (all.hasRemaining()) {
            ByteBuffer one = ByteBuffer.allocate(1).put(all.get()).flip();
            parser.parse(one, l);
            assertThat(one.hasRemaining()).isFalse();
        }
        assertThat(l.frames).containsExactlyElementsOf(frames);
    }

    @Test
    void parsesAnySeededRandomSplit() throws Exception {
        List<Frame> frames = edgeFrames();
        byte[] all = bytesOf(encode(frames));
        for (long seed = 1; seed <= 200; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            FrameParser parser = new FrameParser(MAX);
            RecordingFrameListener l = new RecordingFrameListener();
            int pos = 0;
            while (pos < all.length) {
                int n = Math.min(all.length - pos, 1 + rnd.nextInt(rnd.nextBoolean() ? 12 : 4000));
                parser.parse(ByteBuffer.wrap(all, pos, n).slice(), l);
                pos += n;
            }
            assertThat(l.frames).as("seed %d", seed).containsExactlyElementsOf(frames);
        }
    }

    static byte[] bytesOf(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    @Test
    void ignoresTheReservedBitOfStreamIds() throws Exception {
        ByteBuffer out = ByteBuffer.allocate(64);
        FrameWriter.writeWindowUpdate(out, 3, 10);
        out.flip();
        out.put(5, (byte) 0x80);
        out.put(9, (byte) (out.get(9) | 0x80));
        RecordingFrameListener l = new RecordingFrameListener();
        new FrameParser(16384).parse(out, l);
        assertThat(l.frames).containsExactly(new WindowUpdateFrame(3, 10));
    }
}
