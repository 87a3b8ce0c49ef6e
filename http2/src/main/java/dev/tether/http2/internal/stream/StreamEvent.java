package dev.tether.http2.internal.stream;

import dev.tether.core.annotations.ThreadSafe;

/**
 * The inputs of the stream state machine (RFC 9113 §5.1): sending or receiving a frame type or the
 * END_STREAM flag.
 *
 * <p>Invariants: {@link #sending()} tells the direction; END_STREAM is its own event, applied after
 * the HEADERS or DATA event of the same frame.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public enum StreamEvent {
    SEND_HEADERS(true), RECV_HEADERS(false),
    SEND_DATA(true), RECV_DATA(false),
    SEND_END_STREAM(true), RECV_END_STREAM(false),
    SEND_RST_STREAM(true), RECV_RST_STREAM(false),
    SEND_PUSH_PROMISE(true), RECV_PUSH_PROMISE(false),
    SEND_PRIORITY(true), RECV_PRIORITY(false),
    SEND_WINDOW_UPDATE(true), RECV_WINDOW_UPDATE(false);

    private final boolean sending;

    StreamEvent(boolean sending) {
        this.sending = sending;
    }

    /** {@return true for an event we cause, false for one the peer causes} */
    public boolean sending() {
        return sending;
    }

    /** {@return the frame name used in messages} */
    public String frameName() {
        return name().substring(5);
    }
}
