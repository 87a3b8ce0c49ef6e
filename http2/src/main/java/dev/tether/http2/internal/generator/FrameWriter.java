package dev.tether.http2.internal.generator;

import dev.tether.core.annotations.ThreadSafe;
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

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;

/**
 * Writes HTTP/2 frames (RFC 9113 §4.1, §6) into a caller's buffer: a generic {@link #write} for any
 * frame record, and allocation-free writers for the frames the connection sends on its hot path.
 *
 * <p>Invariants: a frame is written whole or not at all: when {@code out} lacks room, a
 * {@link BufferOverflowException} is thrown before any byte is written. The reserved bit is written
 * as 0; padding octets are zeros.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
public final class FrameWriter {
    private FrameWriter() {
    }

    /**
     * Writes any frame record.
     *
     * @param f the frame
     * @param out the destination
     * @throws BufferOverflowException if {@code out} lacks room for the whole frame
     */
    public static void write(Frame f, ByteBuffer out) {
        if (f instanceof DataFrame d) {
            writePadded(out, d.typeCode(), d.flags(), d.streamId(), d.padLength(), null, d.data());
        } else if (f instanceof HeadersFrame h) {
            writePadded(out, h.typeCode(), h.flags(), h.streamId(), h.padLength(), h.priority(), h.fragment());
        } else if (f instanceof PriorityFrame p) {
            room(out, 5);
            header(out, 5, p.typeCode(), 0, p.streamId());
            priority(out, p.priority());
        } else if (f instanceof RstStreamFrame r) {
            writeRstStream(out, r.streamId(), (int) r.errorCode());
        } else if (f instanceof SettingsFrame s) {
            writeSettings(out, s);
        } else if (f instanceof PushPromiseFrame pp) {
            writePushPromise(out, pp);
        } else if (f instanceof PingFrame p) {
            writePing(out, p.ack(), p.opaqueData());
        } else if (f instanceof GoAwayFrame g) {
            writeGoAway(out, g.lastStreamId(), (int) g.errorCode(), g.debugData());
        } else if (f instanceof WindowUpdateFrame w) {
            writeWindowUpdate(out, w.streamId(), w.increment());
        } else if (f instanceof ContinuationFrame c) {
            ByteBuffer frag = c.fragment();
            room(out, frag.remaining());
            header(out, frag.remaining(), c.typeCode(), c.flags(), c.streamId());
            out.put(frag);
        } else if (f instanceof UnknownFrame u) {
            ByteBuffer p = u.payload();
            room(out, p.remaining());
            header(out, p.remaining(), u.type(), u.flags(), u.streamId());
            out.put(p);
        }
    }

    /**
     * Writes the 9-octet frame header.
     *
     * @param out the destination
     * @param length the payload length
     * @param type the type code
     * @param flags the flags
     * @param streamId the stream id
     */
    public static void header(ByteBuffer out, int length, int type, int flags, int streamId) {
        out.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length);
        out.put((byte) type).put((byte) flags).putInt(streamId & 0x7fffffff);
    }

    /**
     * Writes an unpadded DATA frame carrying the next {@code length} bytes of {@code data}.
     *
     * @param out the destination
     * @param streamId the stream
     * @param data the source; its position advances by {@code length}
     * @param length how many bytes to take
     * @param endStream the END_STREAM flag
     * @throws BufferOverflowException if {@code out} lacks room
     */
    public static void writeData(ByteBuffer out, int streamId, ByteBuffer data, int length, boolean endStream) {
        room(out, length);
        header(out, length, 0x0, endStream ? Frame.FLAG_END_STREAM : 0, streamId);
        int oldLimit = data.limit();
        data.limit(data.position() + length);
        out.put(data);
        data.limit(oldLimit);
    }

    /**
     * Writes a RST_STREAM frame.
     *
     * @param out the destination
     * @param streamId the stream
     * @param errorCode the error code
     */
    public static void writeRstStream(ByteBuffer out, int streamId, int errorCode) {
        room(out, 4);
        header(out, 4, 0x3, 0, streamId);
        out.putInt(errorCode);
    }

    /**
     * Writes a SETTINGS frame.
     *
     * @param out the destination
     * @param s the frame
     */
    public static void writeSettings(ByteBuffer out, SettingsFrame s) {
        int len = 6 * s.settings().size();
        room(out, len);
        header(out, len, 0x4, s.flags(), 0);
        for (Setting setting : s.settings()) {
            out.putShort((short) setting.id()).putInt((int) setting.value());
        }
    }

    /**
     * Writes a PING frame.
     *
     * @param out the destination
     * @param ack the ACK flag
     * @param opaque the opaque data
     */
    public static void writePing(ByteBuffer out, boolean ack, long opaque) {
        room(out, 8);
        header(out, 8, 0x6, ack ? Frame.FLAG_ACK : 0, 0);
        out.putLong(opaque);
    }

    /**
     * Writes a GOAWAY frame.
     *
     * @param out the destination
     * @param lastStreamId the last stream id
     * @param errorCode the error code
     * @param debug the debug data, consumed; may be {@code null}
     */
    public static void writeGoAway(ByteBuffer out, int lastStreamId, int errorCode, ByteBuffer debug) {
        int n = debug == null ? 0 : debug.remaining();
        room(out, 8 + n);
        header(out, 8 + n, 0x7, 0, 0);
        out.putInt(lastStreamId & 0x7fffffff).putInt(errorCode);
        if (debug != null) {
            out.put(debug);
        }
    }

    /**
     * Writes a WINDOW_UPDATE frame.
     *
     * @param out the destination
     * @param streamId the stream, or 0
     * @param increment the increment
     */
    public static void writeWindowUpdate(ByteBuffer out, int streamId, int increment) {
        room(out, 4);
        header(out, 4, 0x8, 0, streamId);
        out.putInt(increment & 0x7fffffff);
    }

    private static void writePushPromise(ByteBuffer out, PushPromiseFrame pp) {
        ByteBuffer frag = pp.fragment();
        int pad = pp.padLength();
        int len = 4 + frag.remaining() + (pad >= 0 ? pad + 1 : 0);
        room(out, len);
        header(out, len, pp.typeCode(), pp.flags(), pp.streamId());
        if (pad >= 0) {
            out.put((byte) pad);
        }
        out.putInt(pp.promisedStreamId());
        out.put(frag);
        zeros(out, pad);
    }

    private static void writePadded(ByteBuffer out, int type, int flags, int streamId, int pad,
                                    Priority priority, ByteBuffer body) {
        int len = body.remaining() + (pad >= 0 ? pad + 1 : 0) + (priority != null ? 5 : 0);
        room(out, len);
        header(out, len, type, flags, streamId);
        if (pad >= 0) {
            out.put((byte) pad);
        }
        if (priority != null) {
            priority(out, priority);
        }
        out.put(body);
        zeros(out, pad);
    }

    private static void priority(ByteBuffer out, Priority p) {
        out.putInt(p.streamDependency() | (p.exclusive() ? 0x80000000 : 0));
        out.put((byte) (p.weight() - 1));
    }

    private static void zeros(ByteBuffer out, int n) {
        for (int i = 0; i < n; i++) {
            out.put((byte) 0);
        }
    }

    private static void room(ByteBuffer out, int payloadLength) {
        if (out.remaining() < Frame.HEADER_LENGTH + payloadLength) {
            throw new BufferOverflowException();
        }
    }
}
