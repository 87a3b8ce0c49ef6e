package dev.tether.http2.internal.parser;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.frame.Frame;
import dev.tether.http2.frame.FrameType;

import java.nio.ByteBuffer;

/**
 * Incremental HTTP/2 frame parser: accepts input split anywhere, checks the frame header (RFC 9113
 * §4.1, §4.2) and hands each complete payload to the body parser of its type.
 *
 * <p>Invariants: at most one frame is in progress; its payload is at most {@link #maxFrameSize()}
 * bytes, checked on the header before any payload byte is buffered, so memory stays bounded. A payload
 * that arrives whole in one input buffer is not copied; a split one is gathered in a reusable buffer.
 * Before a body parser or the listener runs, the parser is already reset to the next frame boundary,
 * so a stream error thrown from a callback leaves it ready to go on.
 *
 * <p>Thread safety: not thread-safe; confined to its connection's thread.
 */
@NotThreadSafe
public final class FrameParser {
    /** Buffers larger than this are dropped after use, not kept for the next split frame. */
    private static final int KEEP_BUFFER_LIMIT = 64 * 1024;

    private final byte[] header = new byte[Frame.HEADER_LENGTH];
    private int headerFill;
    private boolean inBody;
    private int length;
    private int type;
    private int flags;
    private int streamId;
    /** Gathers a split payload; null until first needed. */
    private ByteBuffer gather;
    private int maxFrameSize;

    /**
     * Creates a parser.
     *
     * @param maxFrameSize the largest payload accepted, our SETTINGS_MAX_FRAME_SIZE
     */
    public FrameParser(int maxFrameSize) {
        setMaxFrameSize(maxFrameSize);
    }

    /** {@return the largest payload length accepted} */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /**
     * Changes the largest payload accepted (once the peer acknowledged our new setting).
     *
     * @param maxFrameSize the new limit, {@code [16384, 2^24-1]}
     */
    public void setMaxFrameSize(int maxFrameSize) {
        if (maxFrameSize < 16384 || maxFrameSize > 0xffffff) {
            throw new IllegalArgumentException("maxFrameSize out of range: " + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize;
    }

    /** {@return true if no frame is partly read} */
    public boolean atFrameBoundary() {
        return headerFill == 0 && !inBody;
    }

    /**
     * Consumes all of {@code in}, delivering each complete frame to {@code listener}.
     *
     * @param in the input; its position advances over what was consumed
     * @param listener receives the frames
     * @throws Http2Exception on a malformed frame, or as thrown by the listener; {@code in} is then
     *     positioned after the offending frame
     */
    public void parse(ByteBuffer in, FrameListener listener) throws Http2Exception {
        while (true) {
            if (!inBody) {
                if (!readHeader(in)) {
                    return;
                }
            }
            if (gather == null || gather.position() == 0) {
                if (in.remaining() >= length) {
                    // Whole payload present: hand out a view, no copy.
                    ByteBuffer payload = in.slice(in.position(), length);
                    in.position(in.position() + length);
                    dispatch(payload, listener);
                    continue;
                }
            }
            if (!gatherBody(in)) {
                return;
            }
            gather.flip();
            ByteBuffer payload = gather;
            try {
                dispatch(payload, listener);
            } finally {
                recycleGather();
            }
        }
    }

    private boolean readHeader(ByteBuffer in) throws Http2Exception {
        while (headerFill < Frame.HEADER_LENGTH) {
            if (!in.hasRemaining()) {
                return false;
            }
            header[headerFill++] = in.get();
        }
        length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | (header[2] & 0xff);
        type = header[3] & 0xff;
        flags = header[4] & 0xff;
        // RFC 9113 §4.1: the reserved bit is ignored on receipt.
        streamId = ((header[5] & 0x7f) << 24 | (header[6] & 0xff) << 16 | (header[7] & 0xff) << 8
                | (header[8] & 0xff));
        inBody = true;
        if (length > maxFrameSize) {
            // RFC 9113 §4.2: a frame above SETTINGS_MAX_FRAME_SIZE is a FRAME_SIZE_ERROR; treated as a
            // connection error for every type, since we cannot skip its body safely.
            reset();
            throw Http2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, streamId,
                    "frame length " + length + " above max frame size " + maxFrameSize);
        }
        return true;
    }

    private boolean gatherBody(ByteBuffer in) {
        if (gather == null || gather.capacity() < length) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(length, 1024));
            if (gather != null) {
                gather.flip();
                bigger.put(gather);
            }
            gather = bigger;
        }
        int n = Math.min(length - gather.position(), in.remaining());
        int oldLimit = in.limit();
        in.limit(in.position() + n);
        gather.put(in);
        in.limit(oldLimit);
        return gather.position() == length;
    }

    private void recycleGather() {
        if (gather.capacity() > KEEP_BUFFER_LIMIT) {
            gather = null;
        } else {
            gather.clear();
        }
    }

    private void reset() {
        headerFill = 0;
        inBody = false;
    }

    private void dispatch(ByteBuffer payload, FrameListener l) throws Http2Exception {
        reset();
        FrameType t = FrameType.of(type);
        if (t == null) {
            UnknownBodyParser.parse(type, flags, streamId, payload, l);
            return;
        }
        switch (t) {
            case DATA -> DataBodyParser.parse(flags, streamId, payload, l);
            case HEADERS -> HeadersBodyParser.parse(flags, streamId, payload, l);
            case PRIORITY -> PriorityBodyParser.parse(streamId, payload, l);
            case RST_STREAM -> RstStreamBodyParser.parse(streamId, payload, l);
            case SETTINGS -> SettingsBodyParser.parse(flags, streamId, payload, l);
            case PUSH_PROMISE -> PushPromiseBodyParser.parse(flags, streamId, payload, l);
            case PING -> PingBodyParser.parse(flags, streamId, payload, l);
            case GOAWAY -> GoAwayBodyParser.parse(streamId, payload, l);
            case WINDOW_UPDATE -> WindowUpdateBodyParser.parse(streamId, payload, l);
            case CONTINUATION -> ContinuationBodyParser.parse(flags, streamId, payload, l);
            default -> throw new IllegalStateException("unreachable frame type " + t);
        }
    }
}
