package dev.tether.http2.internal.parser;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.frame.ContinuationFrame;
import dev.tether.http2.frame.DataFrame;
import dev.tether.http2.frame.GoAwayFrame;
import dev.tether.http2.frame.HeadersFrame;
import dev.tether.http2.frame.PingFrame;
import dev.tether.http2.frame.PriorityFrame;
import dev.tether.http2.frame.PushPromiseFrame;
import dev.tether.http2.frame.RstStreamFrame;
import dev.tether.http2.frame.SettingsFrame;
import dev.tether.http2.frame.UnknownFrame;
import dev.tether.http2.frame.WindowUpdateFrame;

/**
 * Receives the frames a {@link FrameParser} decodes, one method per frame type.
 *
 * <p>Invariants: each call carries one complete, validated frame; payload views are valid only
 * during the call. A listener may throw {@link Http2Exception}: the parser is then already positioned
 * at the next frame.
 *
 * <p>Thread safety: called on the parser's thread.
 */
@NotThreadSafe
public interface FrameListener {
    /** @param f the frame @throws Http2Exception to reject it */
    void onData(DataFrame f) throws Http2Exception;

    /** @param f the frame @throws Http2Exception to reject it */
    void onHeaders(HeadersFrame f) throws Http2Exception;

    /** @param f the frame @throws Http2Exception to reject it */
    void onPriority(PriorityFrame f) throws Http2Exception;

    /** @param f the frame @throws Http2Exception to reject it */
    void onRstStream(RstStreamFrame f) throws Http2Exception;

    /** @param f the frame @throws Http2Exception to reject it */
    void onSettings(SettingsFrame f) throws Http2Exception;

    /** @param f the frame @throws Http2Exception to reject it */
    void onPushPromise(PushPromiseFrame f) throws Http2Exception;

    /** @param f the frame @throws Http2Exception to reject it */
    void onPing(PingFrame f) throws Http2Exception;

    /** @param f the frame @throws Http2Exception to reject it */
    void onGoAway(GoAwayFrame f) throws Http2Exception;

    /** @param f the frame @throws Http2Exception to reject it */
    void onWindowUpdate(WindowUpdateFrame f) throws Http2Exception;

    /** @param f the frame @throws Http2Exception to reject it */
    void onContinuation(ContinuationFrame f) throws Http2Exception;

    /** @param f the frame @throws Http2Exception to reject it */
    void onUnknown(UnknownFrame f) throws Http2Exception;
}
