package dev.tether.http2;

import dev.tether.http2.frame.Frame;
import dev.tether.http2.frame.PriorityFrame;
import dev.tether.http2.frame.Priority;
import dev.tether.http2.frame.RstStreamFrame;
import dev.tether.http2.frame.UnknownFrame;
import dev.tether.http2.frame.WindowUpdateFrame;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** RFC 9113 §5.1 closed-stream bookkeeping and the frames that are ignored. */
class ClosedStreamsTest {
    final Http2Connection server = new Http2Connection(Role.SERVER, Http2Config.defaults());
    final RecordingListener l = new RecordingListener();

    ClosedStreamsTest() throws Exception {
        new Wire().magic().settings().to(server, l);
        Wire.sent(server);
    }

    @Test
    void framesForAStreamWeResetAreIgnored() throws Exception {
        new Wire().headers(1, Wire.REQUEST, false).to(server, l);
        server.reset(1, ErrorCode.CANCEL);
        new Wire().data(1, "late", false).headers(1, Wire.TRAILERS, true).frame(new WindowUpdateFrame(1, 5))
                .to(server, l);
        assertThat(Wire.sent(server)).containsExactly(new RstStreamFrame(1, ErrorCode.CANCEL.code()));
        assertThat(server.state()).isEqualTo(Http2Connection.State.OPEN);
    }

    @Test
    void dataAfterThePeerEndedAndTheStreamClosedIsAConnectionStreamClosedError() throws Exception {
        new Wire().headers(1, Wire.REQUEST, true).to(server, l);
        server.sendHeaders(1, Wire.RESPONSE, true);
        assertThat(server.streamState(1)).isEqualTo(StreamState.CLOSED);
        Http2Exception e = catchThrowableOfType(Http2Exception.class, () -> new Wire().data(1, "x", false).to(server, l));
        assertThat(e.errorCode()).isEqualTo(ErrorCode.STREAM_CLOSED);
        assertThat(e.scope()).isEqualTo(Http2Exception.Scope.CONNECTION);
    }

    @Test
    void dataAfterThePeerResetTheStreamIsAStreamClosedStreamError() throws Exception {
        new Wire().headers(1, Wire.REQUEST, false).frame(new RstStreamFrame(1, 8)).data(1, "x", false).to(server, l);
        assertThat(Wire.sent(server)).containsExactly(new RstStreamFrame(1, ErrorCode.STREAM_CLOSED.code()));
        assertThat(server.state()).isEqualTo(Http2Connection.State.OPEN);
    }

    @Test
    void aNewStreamIdLowerThanTheLastIsAProtocolError() throws Exception {
        new Wire().headers(5, Wire.REQUEST, true).to(server, l);
        Http2Exception e = catchThrowableOfType(Http2Exception.class,
                () -> new Wire().headers(3, Wire.REQUEST, true).to(server, l));
        assertThat(e.errorCode()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(e.scope()).isEqualTo(Http2Exception.Scope.CONNECTION);
    }

    @Test
    void priorityOnAnyStreamAndUnknownFramesAreIgnored() throws Exception {
        new Wire().frame(new PriorityFrame(9, new Priority(0, true, 1)))
                .frame(new UnknownFrame(0xfa, 0xff, 3, ByteBuffer.allocate(12)))
                .frame(new UnknownFrame(0x21, 0, 0, ByteBuffer.allocate(0)))
                .headers(1, Wire.REQUEST, true).to(server, l);
        assertThat(l.events).containsExactly("settings", "headers 1 end");
        List<Frame> out = Wire.sent(server);
        assertThat(out).isEmpty();
        assertThat(server.streamState(9)).isEqualTo(StreamState.IDLE);
    }

    @Test
    void windowUpdateAndResetForARecentlyClosedStreamAreTolerated() throws Exception {
        new Wire().headers(1, Wire.REQUEST, true).to(server, l);
        server.sendHeaders(1, Wire.RESPONSE, true);
        new Wire().frame(new WindowUpdateFrame(1, 10)).frame(new RstStreamFrame(1, 0)).to(server, l);
        assertThat(server.state()).isEqualTo(Http2Connection.State.OPEN);
    }
}
