package dev.tether.http2.internal.parser;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.frame.Frame;
import dev.tether.http2.frame.Setting;
import dev.tether.http2.frame.SettingsFrame;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a SETTINGS payload (RFC 9113 §6.5) and checks the ranges of the defined parameters
 * (§6.5.2); unknown identifiers are passed on, for the connection to ignore.
 *
 * <p>Invariants: stateless.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class SettingsBodyParser {
    private static final SettingsFrame ACK = new SettingsFrame(true, List.of());

    private SettingsBodyParser() {
    }

    static void parse(int flags, int streamId, ByteBuffer p, FrameListener l) throws Http2Exception {
        BodyChecks.requireConnection("SETTINGS", streamId);
        int len = p.remaining();
        if ((flags & Frame.FLAG_ACK) != 0) {
            if (len != 0) {
                // RFC 9113 §6.5: an ACK with a payload is a connection error FRAME_SIZE_ERROR.
                throw Http2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS ACK length " + len);
            }
            l.onSettings(ACK);
            return;
        }
        if (len % 6 != 0) {
            // RFC 9113 §6.5: a length not a multiple of 6 is a connection error FRAME_SIZE_ERROR.
            throw Http2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS length " + len);
        }
        List<Setting> settings = new ArrayList<>(len / 6);
        while (p.hasRemaining()) {
            int id = p.getShort() & 0xffff;
            long value = p.getInt() & 0xffffffffL;
            check(id, value);
            settings.add(new Setting(id, value));
        }
        l.onSettings(new SettingsFrame(false, settings));
    }

    static void check(int id, long value) throws Http2Exception {
        switch (id) {
            case Setting.ENABLE_PUSH -> {
                if (value > 1) {
                    // RFC 9113 §6.5.2: ENABLE_PUSH other than 0 or 1 is a PROTOCOL_ERROR.
                    throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "SETTINGS_ENABLE_PUSH " + value);
                }
            }
            case Setting.INITIAL_WINDOW_SIZE -> {
                if (value > Integer.MAX_VALUE) {
                    // RFC 9113 §6.5.2: above 2^31-1 is a connection error FLOW_CONTROL_ERROR.
                    throw Http2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR,
                            "SETTINGS_INITIAL_WINDOW_SIZE " + value);
                }
            }
            case Setting.MAX_FRAME_SIZE -> {
                if (value < 16384 || value > 0xffffff) {
                    // RFC 9113 §6.5.2: outside [2^14, 2^24-1] is a connection error PROTOCOL_ERROR.
                    throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "SETTINGS_MAX_FRAME_SIZE " + value);
                }
            }
            default -> {
                // Other values are valid in the whole unsigned 32-bit range; unknown ids are ignored.
            }
        }
    }
}
