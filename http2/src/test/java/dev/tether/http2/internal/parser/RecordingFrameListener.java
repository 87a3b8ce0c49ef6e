package dev.tether.http2.internal.parser;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http2.frame.ContinuationFrame;
import dev.tether.http2.frame.DataFrame;
import dev.tether.http2.frame.Frame;
import dev.tether.http2.frame.GoAwayFrame;
import dev.tether.http2.frame.HeadersFrame;
import dev.tether.http2.frame.PingFrame;
import dev.tether.http2.frame.PriorityFrame;
import dev.tether.http2.frame.PushPromiseFrame;
import dev.tether.http2.frame.RstStreamFrame;
import dev.tether.http2.frame.SettingsFrame;
import dev.tether.http2.frame.UnknownFrame;
import dev.tether.http2.frame.WindowUpdateFrame;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Test listener that keeps a deep copy of every frame (payload views are transient).
 *
 * <p>Invariants: {@link #frames} is in arrival order.
 *
 * <p>Thread safety: test thread only.
 */
@NotThreadSafe
public final class RecordingFrameListener implements FrameListener {
    public final List<Frame> frames = new ArrayList<>();

    static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b.duplicate()).flip();
        return c;
    }

    @Override
    public void onData(DataFrame f) {
        frames.add(new DataFrame(f.streamId(), copy(f.data()), f.endStream(), f.padLength()));
    }

    @Override
    public void onHeaders(HeadersFrame f) {
        frames.add(new HeadersFrame(f.streamId(), copy(f.fragment()), f.endStream(), f.endHeaders(),
                f.padLength(), f.priority()));
    }

    @Override
    public void onPriority(PriorityFrame f) {
        frames.add(f);
    }

    @Override
    public void onRstStream(RstStreamFrame f) {
        frames.add(f);
    }

    @Override
    public void onSettings(SettingsFrame f) {
        frames.add(f);
    }

    @Override
    public void onPushPromise(PushPromiseFrame f) {
        frames.add(new PushPromiseFrame(f.streamId(), f.promisedStreamId(), copy(f.fragment()), f.endHeaders(),
                f.padLength()));
    }

    @Override
    public void onPing(PingFrame f) {
        frames.add(f);
    }

    @Override
    public void onGoAway(GoAwayFrame f) {
        frames.add(new GoAwayFrame(f.lastStreamId(), f.errorCode(), copy(f.debugData())));
    }

    @Override
    public void onWindowUpdate(WindowUpdateFrame f) {
        frames.add(f);
    }

    @Override
    public void onContinuation(ContinuationFrame f) {
        frames.add(new ContinuationFrame(f.streamId(), copy(f.fragment()), f.endHeaders()));
    }

    @Override
    public void onUnknown(UnknownFrame f) {
        frames.add(new UnknownFrame(f.type(), f.flags(), f.streamId(), copy(f.payload())));
    }
}
