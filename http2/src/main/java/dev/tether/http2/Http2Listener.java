package dev.tether.http2;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http2.frame.SettingsFrame;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Receives what {@link Http2Connection#onBytes} reads, as events. Every method has an empty default,
 * so a host implements only what it needs.
 *
 * <p>Invariants: events of one stream arrive in order: {@code onHeaders} (one or more heads, 1xx
 * first), {@code onData}*, {@code onTrailers}?, then {@code onStreamClosed} exactly once, preceded by
 * {@code onStreamReset} when the stream ended by a reset. Buffers are views valid only during the
 * call. A listener may call the connection's send methods and {@code pollOutbound} from a callback.
 * An exception thrown from a callback becomes a connection error INTERNAL_ERROR.
 *
 * <p>Thread safety: called on the thread that calls {@code onBytes}.
 */
@NotThreadSafe
public interface Http2Listener {
    /**
     * A header section opened or continued a stream: a request (server role), a response head or
     * an informational 1xx head (client role).
     *
     * @param streamId the stream
     * @param headers the decoded fields, in order, pseudo-fields first; the list is the caller's
     * @param endStream true if the peer ended its side with this frame
     */
    default void onHeaders(int streamId, List<Header> headers, boolean endStream) {
    }

    /**
     * A trailer section ended the peer's side of a stream.
     *
     * @param streamId the stream
     * @param trailers the decoded fields; the list is the caller's
     */
    default void onTrailers(int streamId, List<Header> trailers) {
    }

    /**
     * Body bytes arrived. With {@link Http2Config#autoWindowUpdate()} false, report them with
     * {@link Http2Connection#consumed(int, int)} once used, or the peer stalls.
     *
     * @param streamId the stream
     * @param data a read-only view of the bytes, valid only during the call
     * @param endStream true if the peer ended its side with this frame
     */
    default void onData(int streamId, ByteBuffer data, boolean endStream) {
    }

    /**
     * A stream was reset: by the peer (RST_STREAM received) or by us (a stream error was detected
     * and a RST_STREAM queued). {@link ErrorCode#REFUSED_STREAM} from the peer, and streams above the
     * last-stream-id of a received GOAWAY (reported as {@code REFUSED_STREAM}, by peer), were not
     * processed and may be retried (RFC 9113 §8.7).
     *
     * @param streamId the stream
     * @param errorCode the reason
     * @param byPeer true if the peer reset it or refused it
     */
    default void onStreamReset(int streamId, ErrorCode errorCode, boolean byPeer) {
    }

    /**
     * A stream reached the closed state; it is forgotten after this call.
     *
     * @param streamId the stream
     */
    default void onStreamClosed(int streamId) {
    }

    /**
     * The peer's SETTINGS were applied (and their ACK queued).
     *
     * @param settings the frame received
     */
    default void onSettings(SettingsFrame settings) {
    }

    /**
     * The peer sent GOAWAY: no new stream may be opened; our streams above {@code lastStreamId} were
     * already reported refused.
     *
     * @param lastStreamId the highest of our streams the peer may process
     * @param errorCode the reason
     * @param debugData the debug data, valid only during the call
     */
    default void onGoAway(int lastStreamId, ErrorCode errorCode, ByteBuffer debugData) {
    }

    /**
     * The peer answered one of our PINGs.
     *
     * @param opaqueData the data we sent
     */
    default void onPingAck(long opaqueData) {
    }

    /**
     * The peer opened a send window.
     *
     * @param streamId the stream, or 0 for the connection window
     * @param increment the increment
     */
    default void onWindowUpdate(int streamId, int increment) {
    }
}
