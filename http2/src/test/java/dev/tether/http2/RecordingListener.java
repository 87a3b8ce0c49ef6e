package dev.tether.http2;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http2.frame.SettingsFrame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test listener recording every event as a short line, plus the data bytes per stream.
 *
 * <p>Invariants: {@link #events} in arrival order.
 *
 * <p>Thread safety: test thread only.
 */
@NotThreadSafe
public class RecordingListener implements Http2Listener {
    public final List<String> events = new ArrayList<>();
    public final List<List<Header>> heads = new ArrayList<>();
    public final StringBuilder body = new StringBuilder();

    @Override
    public void onHeaders(int streamId, List<Header> headers, boolean endStream) {
        heads.add(headers);
        events.add("headers " + streamId + (endStream ? " end" : ""));
    }

    @Override
    public void onTrailers(int streamId, List<Header> trailers) {
        heads.add(trailers);
        events.add("trailers " + streamId);
    }

    @Override
    public void onData(int streamId, ByteBuffer data, boolean endStream) {
        body.append(StandardCharsets.ISO_8859_1.decode(data));
        events.add("data " + streamId + " " + data.capacity() + (endStream ? " end" : ""));
    }

    @Override
    public void onStreamReset(int streamId, ErrorCode errorCode, boolean byPeer) {
        events.add("reset " + streamId + " " + errorCode + (byPeer ? " peer" : " local"));
    }

    @Override
    public void onStreamClosed(int streamId) {
        events.add("closed " + streamId);
    }

    @Override
    public void onSettings(SettingsFrame settings) {
        events.add("settings");
    }

    @Override
    public void onGoAway(int lastStreamId, ErrorCode errorCode, ByteBuffer debugData) {
        events.add("goaway " + lastStreamId + " " + errorCode);
    }

    @Override
    public void onPingAck(long opaqueData) {
        events.add("pingack " + opaqueData);
    }

    @Override
    public void onWindowUpdate(int streamId, int increment) {
        events.add("window " + streamId + " " + increment);
    }

    public boolean has(String event) {
        return events.contains(event);
    }
}
