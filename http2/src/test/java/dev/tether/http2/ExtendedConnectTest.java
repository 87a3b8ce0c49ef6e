package dev.tether.http2;

import dev.tether.http2.frame.Frame;
import dev.tether.http2.frame.Setting;
import dev.tether.http2.frame.SettingsFrame;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** RFC 8441: SETTINGS_ENABLE_CONNECT_PROTOCOL and the extended CONNECT request, in both roles. */
class ExtendedConnectTest {
    static final Http2Config SERVER = Http2Config.builder().enableConnectProtocol(true).build();
    static final List<Header> WEBSOCKET = List.of(Header.of(":method", "CONNECT"), Header.of(":protocol", "websocket"),
            Header.of(":scheme", "http"), Header.of(":path", "/chat"), Header.of(":authority", "example.test"),
            Header.of("sec-websocket-version", "13"));

    @Test
    void aServerAdvertisesTheSettingOnlyWhenEnabled() throws Exception {
        assertThat(settingIds(new Http2Connection(Role.SERVER, SERVER))).contains(Setting.ENABLE_CONNECT_PROTOCOL);
        assertThat(settingIds(new Http2Connection(Role.SERVER, Http2Config.defaults())))
                .doesNotContain(Setting.ENABLE_CONNECT_PROTOCOL);
        assertThat(new Pair(Http2Config.defaults(), SERVER).pump().client.peerEnablesConnectProtocol()).isTrue();
        assertThat(new Pair().pump().client.peerEnablesConnectProtocol()).isFalse();
    }

    @Test
    void anExtendedConnectStreamCarriesATunnelBothWaysAndHalfClosesWithEndStream() throws Exception {
        Pair p = new Pair(Http2Config.defaults(), SERVER).pump();
        int id = p.client.newStream(WEBSOCKET, false);
        p.pump();
        assertThat(p.serverEvents.heads.get(0)).isEqualTo(WEBSOCKET);
        assertThat(p.serverEvents.events).contains("headers 1");
        p.server.sendHeaders(id, List.of(Header.of(":status", "200")), false);
        p.client.sendData(id, Http2ConnectionTest.ascii("ping"), false);
        p.server.sendData(id, Http2ConnectionTest.ascii("pong"), false);
        p.pump();
        assertThat(p.serverEvents.body.toString()).isEqualTo("ping");
        assertThat(p.clientEvents.body.toString()).isEqualTo("pong");
        // RFC 8441 §5: END_STREAM is the tunnel's FIN; the other direction stays open.
        p.client.sendData(id, ByteBuffer.allocate(0), true);
        p.pump();
        assertThat(p.server.streamState(id)).isEqualTo(StreamState.HALF_CLOSED_REMOTE);
        p.server.sendData(id, Http2ConnectionTest.ascii("last"), true);
        p.pump();
        assertThat(p.clientEvents.body.toString()).isEqualTo("ponglast");
        assertThat(p.client.streamState(id)).isEqualTo(StreamState.CLOSED);
        assertThat(p.server.streamState(id)).isEqualTo(StreamState.CLOSED);
    }

    @Test
    void rstStreamAbortsTheTunnelAndLeavesTheConnectionOpen() throws Exception {
        Pair p = new Pair(Http2Config.defaults(), SERVER).pump();
        int id = p.client.newStream(WEBSOCKET, false);
        p.pump();
        p.server.sendHeaders(id, List.of(Header.of(":status", "200")), false);
        p.pump();
        p.client.reset(id, ErrorCode.CANCEL);
        p.pump();
        assertThat(p.serverEvents.events).contains("reset 1 CANCEL peer");
        assertThat(p.server.state()).isEqualTo(Http2Connection.State.OPEN);
        assertThat(p.client.newStream(WEBSOCKET, false)).isEqualTo(3);
    }

    @Test
    void aClientSendsProtocolOnlyAfterThePeerEnabledIt() throws Exception {
        Pair p = new Pair().pump();
        assertThatThrownBy(() -> p.client.newStream(WEBSOCKET, false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SETTINGS_ENABLE_CONNECT_PROTOCOL");
        assertThat(p.client.pendingOutbound()).isZero();
        assertThat(p.client.localStreams()).isZero();
        // Before the server's SETTINGS arrived, the client cannot know either (RFC 8441 §3).
        Http2Connection early = new Http2Connection(Role.CLIENT, Http2Config.defaults());
        assertThatThrownBy(() -> early.newStream(WEBSOCKET, false)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aServerThatDidNotEnableItRejectsProtocolAsMalformed() throws Exception {
        assertThat(serverAnswer(Http2Config.defaults(), WEBSOCKET)).contains("reset 1 PROTOCOL_ERROR local");
    }

    @Test
    void malformedConnectRequestsAreStreamErrors() throws Exception {
        // RFC 8441 §4: :protocol only with CONNECT, and with :scheme and :path.
        assertThat(serverAnswer(SERVER, List.of(Header.of(":method", "GET"), Header.of(":protocol", "websocket"),
                Header.of(":scheme", "http"), Header.of(":path", "/"), Header.of(":authority", "a"))))
                .contains("reset 1 PROTOCOL_ERROR local");
        assertThat(serverAnswer(SERVER, List.of(Header.of(":method", "CONNECT"), Header.of(":protocol", "websocket"),
                Header.of(":scheme", "http"), Header.of(":authority", "a")))).contains("reset 1 PROTOCOL_ERROR local");
        // RFC 9113 §8.5: a plain CONNECT has :authority and neither :scheme nor :path.
        assertThat(serverAnswer(SERVER, List.of(Header.of(":method", "CONNECT"), Header.of(":authority", "a:443"),
                Header.of(":path", "/")))).contains("reset 1 PROTOCOL_ERROR local");
        assertThat(serverAnswer(SERVER, List.of(Header.of(":method", "CONNECT"))))
                .contains("reset 1 PROTOCOL_ERROR local");
        assertThat(serverAnswer(SERVER, List.of(Header.of(":method", "CONNECT"), Header.of(":authority", "a:443"))))
                .contains("headers 1").doesNotContain("reset 1 PROTOCOL_ERROR local");
    }

    @Test
    void aSettingValueOtherThanZeroOrOneIsAConnectionError() throws Exception {
        Pair p = new Pair().pump();
        Http2Exception e = catchThrowableOfType(Http2Exception.class,
                () -> new Wire().settings(new Setting(Setting.ENABLE_CONNECT_PROTOCOL, 2)).to(p.client, p.clientEvents));
        assertThat(e.errorCode()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(e.scope()).isEqualTo(Http2Exception.Scope.CONNECTION);
        assertThat(p.client.state()).isEqualTo(Http2Connection.State.CLOSED);
    }

    @Test
    void withdrawingTheSettingAfterEnablingItIsAConnectionError() throws Exception {
        Pair p = new Pair(Http2Config.defaults(), SERVER).pump();
        new Wire().settings(new Setting(Setting.ENABLE_CONNECT_PROTOCOL, 1)).to(p.client, p.clientEvents);
        Http2Exception e = catchThrowableOfType(Http2Exception.class,
                () -> new Wire().settings(new Setting(Setting.ENABLE_CONNECT_PROTOCOL, 0)).to(p.client, p.clientEvents));
        assertThat(e.errorCode()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        // A 0 that never followed a 1 just leaves the extension off.
        Pair q = new Pair().pump();
        new Wire().settings(new Setting(Setting.ENABLE_CONNECT_PROTOCOL, 0)).to(q.client, q.clientEvents);
        assertThat(q.client.peerEnablesConnectProtocol()).isFalse();
        assertThat(q.client.state()).isEqualTo(Http2Connection.State.OPEN);
    }

    private static List<String> serverAnswer(Http2Config config, List<Header> request) throws Http2Exception {
        Http2Connection server = new Http2Connection(Role.SERVER, config);
        RecordingListener l = new RecordingListener();
        new Wire().magic().settings().headers(1, request, false).to(server, l);
        assertThat(server.state()).isEqualTo(Http2Connection.State.OPEN);
        return l.events;
    }

    private static List<Integer> settingIds(Http2Connection c) throws Http2Exception {
        List<Integer> ids = new java.util.ArrayList<>();
        for (Frame f : Wire.sent(c)) {
            if (f instanceof SettingsFrame s) {
                s.settings().forEach(x -> ids.add(x.id()));
            }
        }
        return ids;
    }
}
