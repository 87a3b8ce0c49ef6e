package dev.tether.http1;

import dev.tether.core.CloseReason;
import dev.tether.core.MuxEvent;
import dev.tether.testkit.RecordingMuxListener;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Protocol upgrade (RFC 9110 §7.8, §15.2.2) in both roles: what counts as an offer, what a 101 must
 * carry, half-close in the tunnel, and the mux facts of R11 and D11 (an upgraded or refused connection
 * is never reused; the tunnel belongs to its exchange until detach).
 */
class Http1UpgradeTest {
    private static final Http1Fields OFFER = Http1Fields.of("Host", "b", "Upgrade", "websocket", "Connection", "Upgrade");
    private static final String SWITCH = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";

    @Test
    void anOfferNeedsTheUpgradeConnectionOptionAndHttp11() throws Exception {
        assertThat(requestUpgrade("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n\r\n"))
                .isTrue();
        // RFC 9110 §7.8: without the connection option a proxy may have forwarded Upgrade blindly.
        assertThat(requestUpgrade("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n")).isFalse();
        // RFC 9110 §7.8: a server ignores Upgrade in an HTTP/1.0 request.
        assertThat(requestUpgrade("GET / HTTP/1.0\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n")).isFalse();
        assertThat(requestUpgrade("GET / HTTP/1.1\r\nHost: a\r\n\r\n")).isFalse();
    }

    @Test
    void aServerSwitchesOnlyForAnOfferAndNamesTheProtocol() throws Exception {
        Http1ServerCodec blind = server("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n");
        assertThatThrownBy(() -> blind.startResponse(101, "Switching Protocols",
                Http1Fields.of("Upgrade", "websocket", "Connection", "Upgrade"))).isInstanceOf(IllegalStateException.class);
        Http1ServerCodec offered = server("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
        assertThatThrownBy(() -> offered.startResponse(101, "Switching Protocols", Http1Fields.EMPTY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Upgrade");
        assertThatThrownBy(() -> offered.startResponse(101, "Switching Protocols", Http1Fields.of("Upgrade", "websocket")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connection option");
        offered.startResponse(101, "Switching Protocols", Http1Fields.of("Upgrade", "websocket", "Connection", "Upgrade"));
        offered.endResponse();
        offered.pollOutbound(ByteBuffer.allocate(256));
        assertThat(offered.state()).isEqualTo(Http1CodecState.TUNNEL);
    }

    @Test
    void aClientSendsUpgradeOnlyWithTheConnectionOption() {
        Http1ClientCodec codec = new Http1ClientCodec();
        assertThatThrownBy(() -> codec.startRequest("GET", "/", Http1Fields.of("Host", "a", "Upgrade", "websocket")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connection option");
        assertThat(codec.state()).isEqualTo(Http1CodecState.IDLE);
    }

    @Test
    void aClientRejectsA101ThatNamesNoProtocol() {
        Http1ClientCodec codec = client(OFFER);
        Http1Exception e = catchThrowableOfType(Http1Exception.class,
                () -> codec.onBytes(ascii("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n\r\n"), new Transcript()));
        assertThat(e.reason()).isEqualTo(Http1Exception.Reason.UNSOLICITED_UPGRADE);
        assertThat(codec.state()).isEqualTo(Http1CodecState.FAILED);
    }

    @Test
    void endOfInputInATunnelHalfClosesAndTheOtherDirectionStillFlows() throws Exception {
        Http1ClientCodec client = client(OFFER);
        client.onBytes(ascii(SWITCH), new Transcript());
        assertThat(client.state()).isEqualTo(Http1CodecState.TUNNEL);
        client.onEndOfInput(new Transcript());
        assertThat(client.state()).isEqualTo(Http1CodecState.TUNNEL);
        ByteBuffer out = ByteBuffer.allocate(16);
        client.encodeBody(ascii("bye"), out);
        assertThat(out.position()).isEqualTo(3);

        Http1ServerCodec server = server("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: x\r\nConnection: upgrade\r\n\r\n");
        server.startResponse(101, "Switching Protocols", Http1Fields.of("Upgrade", "x", "Connection", "upgrade"));
        server.endResponse();
        server.pollOutbound(ByteBuffer.allocate(256));
        server.onEndOfInput(new Transcript());
        assertThat(server.state()).isEqualTo(Http1CodecState.TUNNEL);
        ByteBuffer back = ByteBuffer.allocate(16);
        server.encodeBody(ascii("late"), back);
        assertThat(back.position()).isEqualTo(4);
    }

    @Test
    void aRefusedUpgradeLeavesTheConnectionUnusable() throws Exception {
        // R11, D11: the connection was opened for the upgrade; a 200 or 426 answer does not return it to a list.
        for (String refusal : new String[] {"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                "HTTP/1.1 426 Upgrade Required\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nContent-Length: 0\r\n\r\n"}) {
            RecordingMuxListener engine = new RecordingMuxListener();
            Http1Mux mux = new Http1Mux(engine);
            mux.transportConnected();
            Http1Exchange ex = mux.attach(1L);
            exchange(mux, ex, OFFER, refusal);
            assertThat(ex.responseComplete()).isTrue();
            mux.detach(ex);
            assertThat(mux.unusableReason()).as(refusal).isEqualTo(CloseReason.ERROR);
            assertThat(mux.availableStreams()).isZero();
        }
        // The same exchange without the offer leaves it reusable.
        Http1Mux plain = new Http1Mux(new RecordingMuxListener());
        plain.transportConnected();
        Http1Exchange ex = plain.attach(1L);
        exchange(plain, ex, Http1Fields.of("Host", "b"), "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        plain.detach(ex);
        assertThat(plain.reusable()).isTrue();
    }

    @Test
    void thePeersHalfCloseOfAnAttachedTunnelIsReportedOnlyByItsDetach() throws Exception {
        // D11: the tunnel belongs to its exchange until detach; an engine told PEER_CLOSED would close it now.
        RecordingMuxListener engine = new RecordingMuxListener();
        Http1Mux mux = new Http1Mux(engine);
        mux.transportConnected();
        Http1Exchange ex = mux.attach(1L);
        exchange(mux, ex, OFFER, SWITCH);
        mux.onEndOfInput();
        assertThat(engine.events).containsExactly(MuxEvent.READY);
        ByteBuffer out = ByteBuffer.allocate(16);
        ex.encodeBody(ascii("still"), out);
        assertThat(out.position()).isEqualTo(5);
        mux.detach(ex);
        assertThat(mux.unusableReason()).isEqualTo(CloseReason.PEER_CLOSED);
        assertThat(mux.availableStreams()).isZero();
    }

    private static void exchange(Http1Mux mux, Http1Exchange ex, Http1Fields fields, String response) throws Http1Exception {
        ex.listener(new Transcript());
        ex.sendRequest("GET", "/", fields);
        ex.endRequest();
        ex.pollOutbound(ByteBuffer.allocate(512));
        mux.onBytes(ascii(response));
    }

    private static boolean requestUpgrade(String raw) throws Http1Exception {
        boolean[] seen = new boolean[1];
        new Http1ServerCodec().onBytes(ascii(raw), head -> seen[0] = head.upgrade());
        return seen[0];
    }

    private static Http1ServerCodec server(String raw) throws Http1Exception {
        Http1ServerCodec codec = new Http1ServerCodec();
        codec.onBytes(ascii(raw), new Transcript());
        return codec;
    }

    private static Http1ClientCodec client(Http1Fields fields) {
        Http1ClientCodec codec = new Http1ClientCodec();
        codec.startRequest("GET", "/", fields);
        codec.endRequest();
        codec.pollOutbound(ByteBuffer.allocate(512));
        return codec;
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
