package dev.tether.http2;

import dev.tether.testkit.RecordingMuxListener;

import dev.tether.core.CloseReason;
import dev.tether.core.Mux;
import dev.tether.core.MuxEvent;
import dev.tether.http2.frame.Frame;
import dev.tether.http2.frame.GoAwayFrame;
import dev.tether.http2.frame.HeadersFrame;
import dev.tether.http2.frame.RstStreamFrame;
import dev.tether.http2.frame.Setting;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Http2MuxTest {
    final RecordingMuxListener engine = new RecordingMuxListener();
    final Http2Mux mux = new Http2Mux(engine, Http2Config.defaults());
    final Wire server = new Wire();

    void fromServer(Wire w) {
        mux.onBytes(w.take());
    }

    Http2Stream open(long lease) throws Exception {
        Http2Stream s = mux.attach(lease);
        s.sendHeaders(Wire.REQUEST, true);
        return s;
    }

    @Test
    void isMultiplexedAndReadyOnThePeersFirstSettingsWithTheLocalCapUntilThen() throws Exception {
        // R47: the local cap applies until the peer's SETTINGS arrive.
        assertThat(mux.multiplexed()).isTrue();
        assertThat(mux.ready()).isFalse();
        assertThat(mux.availableStreams()).isEqualTo(100);
        assertThat(mux.connection().pendingOutbound()).isPositive();
        fromServer(server.settings(new Setting(Setting.MAX_CONCURRENT_STREAMS, 10)));
        assertThat(mux.ready()).isTrue();
        assertThat(engine.events).containsExactly(MuxEvent.READY);
        assertThat(mux.availableStreams()).isEqualTo(10);
        fromServer(server.settings(new Setting(Setting.MAX_CONCURRENT_STREAMS, 1000)));
        assertThat(mux.availableStreams()).isEqualTo(100);
        assertThat(engine.events).containsExactly(MuxEvent.READY, MuxEvent.CAPACITY_CHANGED);
    }

    @Test
    void settingsLoweredBelowTheOpenCountGiveANegativeCountAndKeepTheConnection() throws Exception {
        // R46, R49: limit − open may be negative; the connection is not closed for it.
        fromServer(server.settings());
        for (int i = 0; i < 5; i++) {
            open(10 + i);
        }
        assertThat(mux.usedStreams()).isEqualTo(5);
        assertThat(mux.availableStreams()).isEqualTo(95);
        fromServer(server.settings(new Setting(Setting.MAX_CONCURRENT_STREAMS, 2)));
        assertThat(mux.availableStreams()).isEqualTo(-3);
        assertThat(mux.unusableReason()).isNull();
        assertThat(engine.events).endsWith(MuxEvent.CAPACITY_CHANGED);
        fromServer(server.settings(new Setting(Setting.MAX_CONCURRENT_STREAMS, 0)));
        assertThat(mux.availableStreams()).isEqualTo(-5);
        assertThat(mux.reusable()).isTrue();
    }

    @Test
    void goAwayReceivedMakesTheConnectionUnusable() throws Exception {
        // R46, R64: GOAWAY received: no new stream, reported as GOAWAY.
        fromServer(server.settings());
        Http2Stream a = open(1);
        fromServer(server.frame(new GoAwayFrame(a.id(), 0, ByteBuffer.allocate(0))));
        assertThat(engine.events).endsWith(MuxEvent.GOAWAY);
        assertThat(mux.availableStreams()).isZero();
        assertThat(mux.unusableReason()).isEqualTo(CloseReason.GOAWAY);
        assertThat(mux.usedStreams()).isEqualTo(1);
    }

    @Test
    void goAwaySentMakesTheConnectionUnusable() throws Exception {
        // R46: GOAWAY sent counts as well.
        fromServer(server.settings());
        mux.connection().goAway(ErrorCode.NO_ERROR);
        assertThat(mux.availableStreams()).isZero();
        assertThat(mux.unusableReason()).isEqualTo(CloseReason.GOAWAY);
    }

    @Test
    void streamIdsAreCountedExactlyUpTo2To31Minus1() throws Exception {
        // R48, T39: last opened id 2^31-5 reports 2; after ids 2^31-3 and 2^31-1 it reports 0.
        fromServer(server.settings());
        mux.connection().nextStreamId(Integer.MAX_VALUE - 2);
        assertThat(mux.availableStreams()).isEqualTo(2);
        Http2Stream a = mux.attach(1);
        assertThat(mux.availableStreams()).isEqualTo(1);
        a.sendHeaders(Wire.REQUEST, true);
        assertThat(a.id()).isEqualTo(Integer.MAX_VALUE - 2);
        assertThat(mux.availableStreams()).isEqualTo(1);
        Http2Stream b = open(2);
        assertThat(b.id()).isEqualTo(Integer.MAX_VALUE);
        assertThat(mux.availableStreams()).isZero();
        assertThat(mux.unusableReason()).isEqualTo(CloseReason.MAX_REUSE);
        assertThat(mux.connection().streamsLeft()).isZero();
    }

    @Test
    void refusedStreamsAndStreamsAboveGoAwayAreNotProcessed() throws Exception {
        // R71: REFUSED_STREAM, or an id above a received GOAWAY's last-stream-id => NOT_PROCESSED.
        fromServer(server.settings());
        Http2Stream refused = open(5);
        Http2Stream answered = open(6);
        Http2Stream above = open(7);
        fromServer(server.frame(new RstStreamFrame(refused.id(), ErrorCode.REFUSED_STREAM.code())));
        fromServer(server.headers(answered.id(), Wire.RESPONSE, false));
        fromServer(server.frame(new GoAwayFrame(answered.id(), 0, ByteBuffer.allocate(0))));
        assertThat(mux.detach(refused)).isEqualTo(Mux.NOT_PROCESSED);
        assertThat(mux.detach(above)).isEqualTo(Mux.NOT_PROCESSED);
        assertThat(mux.detach(answered)).isEqualTo(Mux.RESPONSE_STARTED);
    }

    @Test
    void detachResetsAStreamStillInFlightAndRecyclesItsHandle() throws Exception {
        // R39: detach of an in-flight stream aborts it; attach + detach reuse pooled handles.
        fromServer(server.settings());
        Http2Stream a = open(1);
        int id = a.id();
        Wire.sent(mux.connection());
        assertThat(mux.detach(a)).isZero();
        List<Frame> sent = Wire.sent(mux.connection());
        assertThat(sent).containsExactly(new RstStreamFrame(id, ErrorCode.CANCEL.code()));
        assertThat(mux.usedStreams()).isZero();
        assertThat(mux.attach(2)).isSameAs(a);
        assertThat(a.id()).isZero();
    }

    @Test
    void reportsEachFinalResponseHeadWithItsChallenges() throws Exception {
        // R28-R30: the engine sees status and WWW-Authenticate / Proxy-Authenticate values.
        fromServer(server.settings());
        Http2Stream a = open(1);
        fromServer(server.headers(a.id(), List.of(Header.of(":status", "100")), false));
        fromServer(server.headers(a.id(), List.of(Header.of(":status", "401"),
                Header.of("www-authenticate", "NTLM"), Header.of("www-authenticate", "Negotiate")), true));
        assertThat(engine.heads).containsExactly("1 401 www=[NTLM, Negotiate] proxy=[]");
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.closed()).isTrue();
        assertThat(mux.detach(a)).isEqualTo(Mux.RESPONSE_STARTED);
        // R41: the only exchange so far was the first.
        assertThat(mux.firstExchange()).isTrue();
        mux.detach(open(2));
        assertThat(mux.firstExchange()).isFalse();
    }

    @Test
    void aStreamClosedByThePeerFreesItsSlotAndReportsCapacityChanged() throws Exception {
        // R46: usedStreams = open streams; a close by the peer changes capacity outside attach/detach.
        fromServer(server.settings(new Setting(Setting.MAX_CONCURRENT_STREAMS, 1)));
        Http2Stream a = open(1);
        assertThat(mux.availableStreams()).isZero();
        fromServer(server.headers(a.id(), Wire.RESPONSE, true));
        assertThat(a.closed()).isTrue();
        assertThat(mux.usedStreams()).isZero();
        assertThat(mux.availableStreams()).isEqualTo(1);
        assertThat(engine.events).endsWith(MuxEvent.CAPACITY_CHANGED);
        assertThat(mux.detach(a)).isEqualTo(Mux.RESPONSE_STARTED);
        assertThat(mux.availableStreams()).isEqualTo(1);
    }

    @Test
    void peerCloseAndConnectionErrorsAreReported() throws Exception {
        // R62: peer close and errors make the connection unusable.
        fromServer(server.settings());
        mux.onEndOfInput();
        assertThat(engine.events).endsWith(MuxEvent.PEER_CLOSED);
        assertThat(mux.unusableReason()).isEqualTo(CloseReason.PEER_CLOSED);
        RecordingMuxListener e2 = new RecordingMuxListener();
        Http2Mux m2 = new Http2Mux(e2, Http2Config.defaults());
        m2.onBytes(new Wire().settings().raw(0x8, 0, 0, new byte[] {0, 0, 0, 0}).take());
        assertThat(e2.events).endsWith(MuxEvent.ERROR);
        assertThat(m2.unusableReason()).isEqualTo(CloseReason.ERROR);
        assertThat(m2.availableStreams()).isZero();
        List<Frame> out = Wire.sent(m2.connection());
        assertThat(out.get(out.size() - 1)).isInstanceOf(GoAwayFrame.class);
    }

    @Test
    void streamsOfTheMuxCarryTheRequestToThePeer() throws Exception {
        fromServer(server.settings());
        Wire.sent(mux.connection());
        Http2Stream a = mux.attach(1);
        a.sendHeaders(Wire.REQUEST, false);
        a.sendData(ByteBuffer.wrap(new byte[] {1, 2, 3}), true);
        List<Frame> sent = Wire.sent(mux.connection());
        assertThat(sent.get(0)).isInstanceOf(HeadersFrame.class);
        assertThat(sent).hasSize(2);
        assertThat(mux.stream(a.id())).isSameAs(a);
    }

    @Test
    void handlesDetachInAnyOrderAndADetachedHandleCannotBeDetachedAgain() throws Exception {
        // R46: used = handles not yet sent + our open streams, kept as counts (O(1) attach and detach).
        fromServer(server.settings());
        Http2Stream a = mux.attach(1);
        Http2Stream b = open(2);
        Http2Stream c = mux.attach(3);
        assertThat(mux.usedStreams()).isEqualTo(3);
        assertThat(mux.availableStreams()).isEqualTo(97);
        mux.detach(a);                                   // the last handle takes a's place
        assertThat(mux.usedStreams()).isEqualTo(2);
        assertThatThrownBy(() -> mux.detach(a)).isInstanceOf(IllegalStateException.class);
        mux.detach(c);
        mux.detach(b);                                   // still open: reset (CANCEL), so it closes
        assertThat(mux.usedStreams()).isZero();
        assertThat(mux.availableStreams()).isEqualTo(100);
        assertThatThrownBy(() -> new Http2Mux(engine, Http2Config.defaults()).detach(b))
                .isInstanceOf(IllegalStateException.class);
    }
}
