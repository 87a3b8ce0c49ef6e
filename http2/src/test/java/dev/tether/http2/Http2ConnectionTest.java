package dev.tether.http2;

import dev.tether.http2.frame.DataFrame;
import dev.tether.http2.frame.Frame;
import dev.tether.http2.frame.GoAwayFrame;
import dev.tether.http2.frame.PingFrame;
import dev.tether.http2.frame.Setting;
import dev.tether.http2.frame.SettingsFrame;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class Http2ConnectionTest {
    static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void clientAndServerExchangeARequestAndAResponseWithTrailers() throws Exception {
        Pair p = new Pair().pump();
        assertThat(p.client.peerSettingsReceived()).isTrue();
        int id = p.client.newStream(Wire.REQUEST, false);
        p.client.sendData(id, ascii("hello"), true);
        p.pump();
        assertThat(p.serverEvents.events).contains("headers 1", "data 1 5 end");
        assertThat(p.serverEvents.body.toString()).isEqualTo("hello");
        assertThat(p.serverEvents.heads.get(0)).isEqualTo(Wire.REQUEST);
        p.server.sendHeaders(id, Wire.RESPONSE, false);
        p.server.sendData(id, ascii("world"), false);
        p.server.sendTrailers(id, Wire.TRAILERS);
        p.pump();
        assertThat(p.clientEvents.events).containsSubsequence("headers 1", "data 1 5", "trailers 1", "closed 1");
        assertThat(p.clientEvents.heads.get(1)).isEqualTo(Wire.TRAILERS);
        assertThat(p.client.streamState(id)).isEqualTo(StreamState.CLOSED);
        assertThat(p.server.streamState(id)).isEqualTo(StreamState.CLOSED);
        assertThat(p.client.localStreams()).isZero();
    }

    @Test
    void aHeaderBlockThatRepeatsAFieldAtItsPositionHandsOutTheSameHeader() throws Exception {
        Pair p = new Pair().pump();
        int first = p.client.newStream(Wire.REQUEST, true);
        int second = p.client.newStream(Wire.REQUEST, true);
        p.pump();
        List<Header> a = p.serverEvents.heads.get(0);
        List<Header> b = p.serverEvents.heads.get(1);
        assertThat(b).as("stream %d's head is stream %d's", second, first).isEqualTo(a).isNotSameAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i)).as("field %d", i).isSameAs(a.get(i)); // from the HPACK tables: no new Header
        }
    }

    @Test
    void serverRejectsAWrongPrefaceMagic() {
        Http2Connection server = new Http2Connection(Role.SERVER, Http2Config.defaults());
        Http2Exception e = catchThrowableOfType(Http2Exception.class,
                () -> server.onBytes(ascii("GET / HTTP/1.1\r\n\r\n"), new RecordingListener()));
        assertThat(e.errorCode()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(server.state()).isEqualTo(Http2Connection.State.CLOSED);
    }

    @Test
    void aFirstFrameOtherThanSettingsIsAProtocolError() throws Exception {
        Http2Connection client = new Http2Connection(Role.CLIENT, Http2Config.defaults());
        Wire.sent(client);
        Wire w = new Wire().frame(new PingFrame(false, 1));
        Http2Exception e = catchThrowableOfType(Http2Exception.class, () -> w.to(client, new RecordingListener()));
        assertThat(e.errorCode()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(Wire.sent(client)).singleElement().isInstanceOf(GoAwayFrame.class);
    }

    @Test
    void connectionErrorClosesTheConnectionAndQueuesGoAwayBeforeThrowing() throws Exception {
        Http2Connection server = new Http2Connection(Role.SERVER, Http2Config.defaults());
        Wire.sent(server);
        Wire w = new Wire().magic().settings().headers(1, Wire.REQUEST, false).data(0 + 1, "", false);
        w.to(server, new RecordingListener());
        Http2Exception e = catchThrowableOfType(Http2Exception.class,
                () -> new Wire().headers(3, Wire.REQUEST, true).headers(1, Wire.REQUEST, true).to(server,
                        new RecordingListener()));
        assertThat(e).isNull();
        Http2Exception reuse = catchThrowableOfType(Http2Exception.class,
                () -> new Wire().raw(0x8, 0, 7, new byte[] {0, 0, 0, 1}).to(server, new RecordingListener()));
        assertThat(reuse.scope()).isEqualTo(Http2Exception.Scope.CONNECTION);
        assertThat(server.state()).isEqualTo(Http2Connection.State.CLOSED);
        List<Frame> out = Wire.sent(server);
        assertThat(out.get(out.size() - 1)).isInstanceOfSatisfying(GoAwayFrame.class,
                g -> assertThat(g.lastStreamId()).isEqualTo(3));
    }

    @Test
    void answersPingsAndSettingsAndReportsPingAcks() throws Exception {
        Pair p = new Pair().pump();
        Wire.sent(p.server);
        new Wire().settings(new Setting(0x99, 5)).frame(new PingFrame(false, 42)).to(p.server, p.serverEvents);
        List<Frame> out = Wire.sent(p.server);
        assertThat(out).containsExactly(new SettingsFrame(true, List.of()), new PingFrame(true, 42));
        p.client.ping(7);
        p.pump();
        assertThat(p.clientEvents.events).contains("pingack 7");
    }

    @Test
    void paddedDataIsDeliveredWithoutPaddingAndCountsAgainstTheWindow() throws Exception {
        Http2Connection server = new Http2Connection(Role.SERVER, Http2Config.builder().autoWindowUpdate(false).build());
        RecordingListener l = new RecordingListener();
        new Wire().magic().settings().headers(1, Wire.REQUEST, false)
                .frame(new DataFrame(1, ascii("abc"), false, 10)).to(server, l);
        assertThat(l.body.toString()).isEqualTo("abc");
        // The padding is returned to the window at once, the data when the host reports it consumed.
        assertThat(server.streamReceiveWindow(1)).isEqualTo(65535 - 14);
        server.consumed(1, 40_000);
        assertThat(server.streamReceiveWindow(1)).isEqualTo(65535 - 14 + 11 + 40_000);
    }

    @Test
    void gracefulGoAwayFromTheServerLetsOpenStreamsFinishAndRefusesHigherOnes() throws Exception {
        Pair p = new Pair().pump();
        int a = p.client.newStream(Wire.REQUEST, true);
        p.pump();
        int b = p.client.newStream(Wire.REQUEST, true);
        // The server sends GOAWAY having seen only stream a.
        p.server.goAway(ErrorCode.NO_ERROR);
        ByteBuffer goaway = ByteBuffer.allocate(1024);
        p.server.pollOutbound(goaway);
        p.client.onBytes(goaway.flip(), p.clientEvents);
        assertThat(p.clientEvents.events).contains("reset " + b + " REFUSED_STREAM peer", "goaway " + a + " NO_ERROR");
        assertThat(p.client.state()).isEqualTo(Http2Connection.State.DRAINING);
        assertThatThrownBy(() -> p.client.newStream(Wire.REQUEST, true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GOAWAY");
        p.server.sendHeaders(a, Wire.RESPONSE, true);
        p.pump();
        assertThat(p.clientEvents.events).contains("headers " + a + " end", "closed " + a);
        assertThat(p.client.state()).isEqualTo(Http2Connection.State.CLOSED);
    }

    @Test
    void sendingDataOnAHalfClosedLocalStreamIsHostMisuseNamingTheState() throws Exception {
        Pair p = new Pair().pump();
        int id = p.client.newStream(Wire.REQUEST, true);
        assertThatThrownBy(() -> p.client.sendData(id, ascii("x"), false))
                .isInstanceOf(IllegalStateException.class).hasMessage("send DATA in state HALF_CLOSED_LOCAL");
    }

    @Test
    void clientRefusesPushPromisesAndAServerThatEnablesPush() throws Exception {
        Pair p = new Pair().pump();
        Http2Exception e = catchThrowableOfType(Http2Exception.class,
                () -> new Wire().settings(new Setting(Setting.ENABLE_PUSH, 1)).to(p.client, p.clientEvents));
        assertThat(e.errorCode()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        Pair q = new Pair().pump();
        q.client.newStream(Wire.REQUEST, true);
        Http2Exception push = catchThrowableOfType(Http2Exception.class,
                () -> new Wire().raw(0x5, 0x4, 1, new byte[] {0, 0, 0, 2}).to(q.client, q.clientEvents));
        assertThat(push.errorCode()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void interleavingAnotherFrameInsideAHeaderBlockIsAConnectionError() throws Exception {
        Http2Connection server = new Http2Connection(Role.SERVER, Http2Config.defaults());
        Wire w = new Wire().magic().settings();
        w.frame(new dev.tether.http2.frame.HeadersFrame(1, w.block(Wire.REQUEST), false, false, -1, null));
        w.data(1, "x", false);
        Http2Exception e = catchThrowableOfType(Http2Exception.class, () -> w.to(server, new RecordingListener()));
        assertThat(e.errorCode()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void headersSplitOverContinuationFramesAreJoined() throws Exception {
        Http2Connection server = new Http2Connection(Role.SERVER, Http2Config.defaults());
        Wire w = new Wire().magic().settings();
        ByteBuffer block = w.block(Wire.REQUEST);
        ByteBuffer first = block.slice(0, 3);
        ByteBuffer rest = block.slice(3, block.remaining() - 3);
        w.frame(new dev.tether.http2.frame.HeadersFrame(1, first, true, false, -1, null));
        w.frame(new dev.tether.http2.frame.ContinuationFrame(1, rest, true));
        RecordingListener l = new RecordingListener();
        w.to(server, l);
        assertThat(l.heads).containsExactly(Wire.REQUEST);
        assertThat(l.events).contains("headers 1 end");
    }

    @Test
    void malformedRequestHeadsAreStreamErrors() throws Exception {
        Http2Connection server = new Http2Connection(Role.SERVER, Http2Config.defaults());
        RecordingListener l = new RecordingListener();
        new Wire().magic().settings().headers(1, List.of(Header.of(":method", "GET"), Header.of("Upper", "x")), true)
                .to(server, l);
        assertThat(l.events).contains("reset 1 PROTOCOL_ERROR local");
        assertThat(server.state()).isEqualTo(Http2Connection.State.OPEN);
    }

    @Test
    void aPathThatIsNotOriginFormIsAStreamErrorButAsteriskIsAllowedForOptions() throws Exception {
        String[][] cases = {{"GET", "http://example.com/a"}, {"GET", "a/b"}, {"GET", "*"}, {"OPTIONS", "x"},
            {"OPTIONS", "*"}, {"GET", "/ok"}};
        Http2Connection server = new Http2Connection(Role.SERVER, Http2Config.defaults());
        RecordingListener l = new RecordingListener();
        Wire w = new Wire().magic().settings();
        int id = 1;
        for (String[] c : cases) {
            w.headers(id, List.of(Header.of(":method", c[0]), Header.of(":scheme", "http"), Header.of(":path", c[1]),
                    Header.of(":authority", "a")), true);
            id += 2;
        }
        w.to(server, l);
        assertThat(l.events).contains("reset 1 PROTOCOL_ERROR local", "reset 3 PROTOCOL_ERROR local",
                "reset 5 PROTOCOL_ERROR local", "reset 7 PROTOCOL_ERROR local", "headers 9 end", "headers 11 end");
        assertThat(server.state()).isEqualTo(Http2Connection.State.OPEN);
    }
}
