package dev.tether.http2;

import dev.tether.http2.frame.ContinuationFrame;
import dev.tether.http2.frame.HeadersFrame;
import dev.tether.http2.frame.PingFrame;
import dev.tether.http2.frame.RstStreamFrame;
import dev.tether.http2.frame.Setting;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** One test per defence of {@link Http2Config}. */
class DefencesTest {
    static Http2Exception fails(Http2Connection c, Wire w) {
        Http2Exception e = catchThrowableOfType(Http2Exception.class, () -> w.to(c, new RecordingListener()));
        assertThat(e).as("expected a connection error").isNotNull();
        assertThat(c.state()).isEqualTo(Http2Connection.State.CLOSED);
        return e;
    }

    static Http2Connection server(Http2Config.Builder b) {
        return new Http2Connection(Role.SERVER, b.build());
    }

    @Test
    void framesAboveMaxFrameSizeAreAFrameSizeError() {
        Http2Connection s = server(Http2Config.builder());
        assertThat(fails(s, new Wire().magic().settings().raw(0x0, 0, 1, new byte[16385])).errorCode())
                .isEqualTo(ErrorCode.FRAME_SIZE_ERROR);
    }

    @Test
    void tooManyContinuationFramesAreAnEnhanceYourCalmError() {
        Http2Connection s = server(Http2Config.builder().maxContinuationFrames(3));
        Wire w = new Wire().magic().settings();
        w.frame(new HeadersFrame(1, ByteBuffer.allocate(0), false, false, -1, null));
        for (int i = 0; i < 4; i++) {
            w.frame(new ContinuationFrame(1, ByteBuffer.allocate(0), false));
        }
        assertThat(fails(s, w).errorCode()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
    }

    @Test
    void aHeaderBlockLargerThanTheLimitBeforeEndHeadersIsAnEnhanceYourCalmError() {
        Http2Connection s = server(Http2Config.builder().maxHeaderBlockSize(1000));
        Wire w = new Wire().magic().settings();
        w.frame(new HeadersFrame(1, ByteBuffer.allocate(600), false, false, -1, null));
        w.frame(new ContinuationFrame(1, ByteBuffer.allocate(600), false));
        assertThat(fails(s, w).errorCode()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
    }

    @Test
    void rapidResetsAreAnEnhanceYourCalmError() throws Exception {
        Http2Connection s = server(Http2Config.builder().maxRapidResets(5).rapidResetStreamWindow(100));
        Wire w = new Wire().magic().settings();
        for (int id = 1; id <= 11; id += 2) {
            w.headers(id, Wire.REQUEST, false).frame(new RstStreamFrame(id, 8));
        }
        assertThat(fails(s, w).errorCode()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
    }

    @Test
    void resetsSpreadOverManyStreamWindowsAreTolerated() throws Exception {
        Http2Connection s = server(Http2Config.builder().maxRapidResets(2).rapidResetStreamWindow(10));
        Wire w = new Wire().magic().settings();
        for (int id = 1; id < 200; id += 2) {
            w.headers(id, Wire.REQUEST, true);
            if (id % 10 == 1) {
                w.frame(new RstStreamFrame(id, 8));
            }
        }
        w.to(s, new RecordingListener());
        assertThat(s.state()).isEqualTo(Http2Connection.State.OPEN);
    }

    @Test
    void aSettingsFloodIsAnEnhanceYourCalmError() {
        Http2Connection s = server(Http2Config.builder().maxQueuedControlFrames(10));
        Wire w = new Wire().magic();
        for (int i = 0; i < 12; i++) {
            w.settings(new Setting(Setting.MAX_CONCURRENT_STREAMS, i));
        }
        assertThat(fails(s, w).errorCode()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
    }

    @Test
    void aPingFloodIsAnEnhanceYourCalmErrorButPolledAcksDoNotCount() throws Exception {
        Http2Connection s = server(Http2Config.builder().maxQueuedControlFrames(10));
        new Wire().magic().settings().to(s, new RecordingListener());
        for (int round = 0; round < 5; round++) {
            Wire w = new Wire();
            for (int i = 0; i < 8; i++) {
                w.frame(new PingFrame(false, i));
            }
            w.to(s, new RecordingListener());
            Wire.sent(s);
        }
        Wire flood = new Wire();
        for (int i = 0; i < 11; i++) {
            flood.frame(new PingFrame(false, i));
        }
        assertThat(fails(s, flood).errorCode()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
    }

    @Test
    void aPeerThatNeverOpensItsWindowStallsTheSenderWithBoundedQueue() throws Exception {
        Pair p = new Pair(Http2Config.builder().maxQueuedDataBytes(1000).build(),
                Http2Config.builder().initialWindowSize(0).build()).pump();
        int id = p.client.newStream(Wire.REQUEST, false);
        ByteBuffer big = ByteBuffer.allocate(5000);
        assertThat(p.client.sendData(id, big, true)).isZero();
        assertThat(big.position()).isEqualTo(1000);
        assertThat(p.client.queuedDataBytes()).isEqualTo(1000);
        assertThat(p.client.sendStalled()).isTrue();
        assertThat(p.client.streamState(id)).isEqualTo(StreamState.OPEN);
    }

    @Test
    void emptyDataFramesWithoutEndStreamAreAnEnhanceYourCalmError() {
        Http2Connection s = server(Http2Config.builder().maxEmptyDataFrames(10));
        Wire w = new Wire().magic().settings().headers(1, Wire.REQUEST, false);
        for (int i = 0; i < 11; i++) {
            w.data(1, "", false);
        }
        assertThat(fails(s, w).errorCode()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
    }

    @Test
    void streamsBeyondOurMaxConcurrentStreamsAreRefused() throws Exception {
        Http2Connection s = server(Http2Config.builder().maxConcurrentStreams(2));
        RecordingListener l = new RecordingListener();
        new Wire().magic().settings().headers(1, Wire.REQUEST, false).headers(3, Wire.REQUEST, false)
                .headers(5, Wire.REQUEST, false).to(s, l);
        assertThat(Wire.sent(s)).contains(new RstStreamFrame(5, ErrorCode.REFUSED_STREAM.code()));
        assertThat(l.events).contains("headers 1", "headers 3").doesNotContain("headers 5");
        assertThat(s.remoteStreams()).isEqualTo(2);
        assertThat(s.state()).isEqualTo(Http2Connection.State.OPEN);
    }

    @Test
    void aHeaderListLargerThanOurLimitIsAnEnhanceYourCalmError() {
        Http2Connection s = server(Http2Config.builder().maxHeaderListSize(200));
        List<Header> big = new ArrayList<>(Wire.REQUEST);
        big.add(Header.of("x-big", "v".repeat(300)));
        assertThat(fails(s, new Wire().magic().settings().headers(1, big, true)).errorCode())
                .isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
    }
}
