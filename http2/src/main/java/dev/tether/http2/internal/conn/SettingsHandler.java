package dev.tether.http2.internal.conn;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.Http2Listener;
import dev.tether.http2.Role;
import dev.tether.http2.frame.Setting;
import dev.tether.http2.frame.SettingsFrame;

import java.util.List;

/**
 * Applies the peer's SETTINGS (RFC 9113 §6.5) and acknowledges them; handles the ACK of ours.
 *
 * <p>Invariants: parameters apply in wire order; a change of SETTINGS_INITIAL_WINDOW_SIZE moves the
 * send window of every open stream by the difference and fails with FLOW_CONTROL_ERROR if one would
 * exceed 2^31−1 (§6.9.2); SETTINGS_ENABLE_CONNECT_PROTOCOL is 0 or 1 and never returns from 1 to 0
 * (RFC 8441 §3, else a connection PROTOCOL_ERROR); unknown parameters are ignored (§6.5.2); every ACK
 * we owe counts against the control-frame flood limit.
 *
 * <p>Thread safety: confined to its connection's thread.
 */
@NotThreadSafe
final class SettingsHandler {
    private static final SettingsFrame ACK = new SettingsFrame(true, List.of());
    /** Upper bound on the HPACK table we keep for our encoder, whatever the peer allows. */
    private static final int ENCODER_TABLE_CAP = 64 * 1024;

    private final Engine e;

    SettingsHandler(Engine e) {
        this.e = e;
    }

    void apply(SettingsFrame f, Http2Listener l) throws Http2Exception {
        if (f.ack()) {
            e.onLocalSettingsAck();
            return;
        }
        e.peerSettingsReceived = true;
        List<Setting> list = f.settings();
        for (int i = 0; i < list.size(); i++) {
            Setting s = list.get(i);
            applyOne(s.id(), s.value());
        }
        e.out.owe();
        e.out.settings(ACK);
        l.onSettings(f);
        e.data.flushAll(l);
    }

    private void applyOne(int id, long value) throws Http2Exception {
        switch (id) {
            case Setting.HEADER_TABLE_SIZE -> e.encoder.setMaxTableSize((int) Math.min(value, ENCODER_TABLE_CAP));
            case Setting.ENABLE_PUSH -> {
                if (e.role == Role.CLIENT && value == 1) {
                    // RFC 9113 §6.5.2: a client treats ENABLE_PUSH = 1 as a connection PROTOCOL_ERROR.
                    throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "server sent SETTINGS_ENABLE_PUSH 1");
                }
            }
            case Setting.MAX_CONCURRENT_STREAMS -> e.peerMaxConcurrentStreams = value;
            case Setting.INITIAL_WINDOW_SIZE -> initialWindow((int) value);
            case Setting.MAX_FRAME_SIZE -> e.peerMaxFrameSize = (int) value;
            case Setting.MAX_HEADER_LIST_SIZE -> e.peerMaxHeaderListSize = value;
            case Setting.ENABLE_CONNECT_PROTOCOL -> enableConnectProtocol(value);
            default -> {
                // RFC 9113 §6.5.2: unknown settings are ignored.
            }
        }
    }

    private void enableConnectProtocol(long value) throws Http2Exception {
        if (value > 1) {
            // RFC 8441 §3: a value other than 0 or 1 is a connection PROTOCOL_ERROR.
            throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "SETTINGS_ENABLE_CONNECT_PROTOCOL " + value);
        }
        if (value == 0 && e.peerEnablesConnectProtocol) {
            // RFC 8441 §3: once sent as 1 it must not go back to 0 (streams may already rely on it).
            throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "SETTINGS_ENABLE_CONNECT_PROTOCOL 1 then 0");
        }
        e.peerEnablesConnectProtocol = value == 1;
    }

    private void initialWindow(int value) throws Http2Exception {
        long delta = (long) value - e.peerInitialWindow;
        H2Stream[] slots = e.streams.slots();
        for (H2Stream s : slots) {
            if (s != null && s.sendWindow + delta > Integer.MAX_VALUE) {
                // RFC 9113 §6.9.2: a change that overflows a window is a connection FLOW_CONTROL_ERROR.
                throw Http2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR, s.id,
                        "SETTINGS_INITIAL_WINDOW_SIZE overflows the window of stream " + s.id);
            }
        }
        for (H2Stream s : slots) {
            if (s != null) {
                s.sendWindow = (int) (s.sendWindow + delta);
            }
        }
        e.peerInitialWindow = value;
    }
}
