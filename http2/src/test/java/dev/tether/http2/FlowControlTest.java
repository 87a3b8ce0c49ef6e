package dev.tether.http2;

import dev.tether.http2.frame.DataFrame;
import dev.tether.http2.frame.Frame;
import dev.tether.http2.frame.RstStreamFrame;
import dev.tether.http2.frame.Setting;
import dev.tether.http2.frame.WindowUpdateFrame;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FlowControlTest {
    static ByteBuffer bytes(int n) {
        ByteBuffer b = ByteBuffer.allocate(n);
        for (int i = 0; i < n; i++) {
            b.put((byte) ('a' + i % 26));
        }
        return b.flip();
    }

    @Test
    void senderStalledByAZeroWindowResumesOnWindowUpdate() throws Exception {
        Http2Connection client = new Http2Connection(Role.CLIENT, Http2Config.defaults());
        RecordingListener l = new RecordingListener();
        Wire.sent(client);
        new Wire().settings(new Setting(Setting.INITIAL_WINDOW_SIZE, 0)).to(client, l);
        Wire.sent(client);
        int id = client.newStream(Wire.REQUEST, false);
        ByteBuffer body = bytes(25);
        assertThat(client.sendData(id, body, true)).isZero();
        assertThat(body.hasRemaining()).isFalse();
        assertThat(client.sendStalled()).isTrue();
        assertThat(client.queuedDataBytes()).isEqualTo(25);
        assertThat(Wire.sent(client)).singleElement().isInstanceOf(dev.tether.http2.frame.HeadersFrame.class);
        // The peer opens the stream window by 10: ten bytes flow, without END_STREAM.
        new Wire().frame(new WindowUpdateFrame(id, 10)).to(client, l);
        assertThat(Wire.sent(client)).containsExactly(new DataFrame(id, bytes(10), false, -1));
        new Wire().frame(new WindowUpdateFrame(id, 100)).to(client, l);
        ByteBuffer rest = bytes(25).position(10);
        assertThat(Wire.sent(client)).containsExactly(new DataFrame(id, rest, true, -1));
        assertThat(client.sendStalled()).isFalse();
        assertThat(client.streamState(id)).isEqualTo(StreamState.HALF_CLOSED_LOCAL);
        assertThat(l.events).contains("window 1 10", "window 1 100");
    }

    @Test
    void aConnectionWindowAbove2To31Minus1IsAConnectionFlowControlError() throws Exception {
        Pair p = new Pair().pump();
        Http2Exception e = catchThrowableOfType(Http2Exception.class,
                () -> new Wire().frame(new WindowUpdateFrame(0, Integer.MAX_VALUE)).to(p.client, p.clientEvents));
        assertThat(e.errorCode()).isEqualTo(ErrorCode.FLOW_CONTROL_ERROR);
        assertThat(e.scope()).isEqualTo(Http2Exception.Scope.CONNECTION);
    }

    @Test
    void aStreamWindowAbove2To31Minus1IsAStreamFlowControlError() throws Exception {
        Pair p = new Pair().pump();
        int id = p.client.newStream(Wire.REQUEST, false);
        new Wire().frame(new WindowUpdateFrame(id, Integer.MAX_VALUE)).to(p.client, p.clientEvents);
        assertThat(p.clientEvents.events).contains("reset 1 FLOW_CONTROL_ERROR local");
        assertThat(Wire.sent(p.client)).contains(new RstStreamFrame(id, ErrorCode.FLOW_CONTROL_ERROR.code()));
        assertThat(p.client.state()).isEqualTo(Http2Connection.State.OPEN);
    }

    @Test
    void settingsInitialWindowSizeChangesAdjustOpenStreams() throws Exception {
        Pair p = new Pair().pump();
        int id = p.client.newStream(Wire.REQUEST, false);
        assertThat(p.client.sendData(id, bytes(1000), false)).isEqualTo(1000);
        assertThat(p.client.streamSendWindow(id)).isEqualTo(65535 - 1000);
        new Wire().settings(new Setting(Setting.INITIAL_WINDOW_SIZE, 500)).to(p.client, p.clientEvents);
        // RFC 9113 §6.9.2: the window may go negative.
        assertThat(p.client.streamSendWindow(id)).isEqualTo(-500);
        assertThat(p.client.sendData(id, bytes(10), false)).isZero();
        new Wire().settings(new Setting(Setting.INITIAL_WINDOW_SIZE, 2000)).to(p.client, p.clientEvents);
        assertThat(p.client.streamSendWindow(id)).isEqualTo(1000 - 10);
        assertThat(p.client.queuedDataBytes()).isZero();
        Http2Exception e = catchThrowableOfType(Http2Exception.class, () -> new Wire()
                .settings(new Setting(Setting.INITIAL_WINDOW_SIZE, Integer.MAX_VALUE)).to(p.client, p.clientEvents));
        assertThat(e).isNull();
        new Wire().frame(new WindowUpdateFrame(id, 2000)).to(p.client, p.clientEvents);
        assertThat(p.clientEvents.events).contains("reset 1 FLOW_CONTROL_ERROR local");
    }

    @Test
    void dataBeyondTheStreamWindowIsAStreamErrorAndBeyondTheConnectionWindowAConnectionError() throws Exception {
        Http2Connection server = new Http2Connection(Role.SERVER,
                Http2Config.builder().initialWindowSize(100).autoWindowUpdate(false).build());
        RecordingListener l = new RecordingListener();
        new Wire().magic().settings().settingsAck().headers(1, Wire.REQUEST, false)
                .frame(new DataFrame(1, bytes(101), false, -1)).to(server, l);
        assertThat(l.events).contains("reset 1 FLOW_CONTROL_ERROR local");
        Http2Connection server2 = new Http2Connection(Role.SERVER, Http2Config.builder()
                .connectionWindowSize(65535).maxFrameSize(70000).initialWindowSize(100000).build());
        Http2Exception e = catchThrowableOfType(Http2Exception.class, () -> new Wire().magic().settings()
                .settingsAck().headers(1, Wire.REQUEST, false).frame(new DataFrame(1, bytes(65536), false, -1))
                .to(server2, new RecordingListener()));
        assertThat(e.errorCode()).isEqualTo(ErrorCode.FLOW_CONTROL_ERROR);
        assertThat(e.scope()).isEqualTo(Http2Exception.Scope.CONNECTION);
    }

    @Test
    void autoWindowUpdateReplenishesWindowsAsDataIsDelivered() throws Exception {
        Pair p = new Pair().pump();
        int id = p.client.newStream(Wire.REQUEST, false);
        for (int i = 0; i < 20; i++) {
            ByteBuffer b = bytes(16384);
            p.client.sendData(id, b, false);
            assertThat(b.hasRemaining()).isFalse();
            p.pump();
        }
        assertThat(p.serverEvents.body.length()).isEqualTo(20 * 16384);
        assertThat(p.client.queuedDataBytes()).isZero();
        List<Frame> none = Wire.sent(p.client);
        assertThat(none).isEmpty();
    }
}
