package dev.tether.http1;

import dev.tether.testkit.RecordingMuxListener;

import dev.tether.core.CloseReason;
import dev.tether.core.Mux;
import dev.tether.core.MuxEvent;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTP/1 mux's facts and reports, rule by rule (docs/behaviour.md ids in each test's comment). */
class Http1MuxTest {
    private static final Http1Fields GET = Http1Fields.of("Host", "backend.test");
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private final RecordingMuxListener engine = new RecordingMuxListener();
    private final Http1Mux mux = new Http1Mux(engine);

    @Test
    void reportsReadyOnceWhenTheTransportConnects() {
        // R45 (facts), Mux.ready: false until the transport is up, then true; the mux reports READY itself.
        assertThat(mux.ready()).isFalse();
        mux.transportConnected();
        mux.transportConnected();
        assertThat(mux.ready()).isTrue();
        assertThat(engine.events).containsExactly(MuxEvent.READY);
    }

    @Test
    void carriesOneExchangeAtATime() throws Exception {
        // R45: usedStreams 1 while attached, availableStreams = 1 - usedStreams; never multiplexed.
        mux.transportConnected();
        assertThat(mux.multiplexed()).isFalse();
        assertThat(mux.availableStreams()).isEqualTo(1);
        Http1Exchange ex = mux.attach(1L);
        assertThat(mux.usedStreams()).isEqualTo(1);
        assertThat(mux.availableStreams()).isZero();
        assertThatThrownBy(() -> mux.attach(2L)).isInstanceOf(IllegalStateException.class);
        complete(ex, GET, OK);
        assertThat(mux.detach(ex)).isEqualTo(Mux.RESPONSE_STARTED);
        assertThat(mux.usedStreams()).isZero();
        assertThat(mux.availableStreams()).isEqualTo(1);
        assertThat(mux.unusableReason()).isNull();
    }

    @Test
    void firstExchangeIsTrueOnlyAfterTheFirstExchange() throws Exception {
        // R41: HTTP/1 parks IDLE after its first exchange, SAFE after later ones.
        for (int i = 1; i <= 3; i++) {
            Http1Exchange ex = mux.attach(10 + i);
            complete(ex, GET, OK);
            mux.detach(ex);
            assertThat(mux.firstExchange()).as("after exchange " + i).isEqualTo(i == 1);
            assertThat(mux.reusable()).isTrue();
        }
    }

    @Test
    void connectionCloseFromTheServerMakesItUnusable() throws Exception {
        // R40: keep-alive not agreed (Connection: close in the response).
        Http1Exchange ex = mux.attach(1L);
        complete(ex, GET, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        mux.detach(ex);
        assertThat(mux.unusableReason()).isEqualTo(CloseReason.ERROR);
        assertThat(mux.availableStreams()).isZero();
    }

    @Test
    void connectionCloseFromTheClientMakesItUnusable() throws Exception {
        // R40: keep-alive not agreed (Connection: close in the request).
        Http1Exchange ex = mux.attach(1L);
        complete(ex, Http1Fields.of("Host", "b", "Connection", "close"), OK);
        mux.detach(ex);
        assertThat(mux.unusableReason()).isEqualTo(CloseReason.ERROR);
    }

    @Test
    void http10ResponseWithoutKeepAliveMakesItUnusable() throws Exception {
        // R40: HTTP/1.0 without Connection: keep-alive.
        Http1Exchange ex = mux.attach(1L);
        complete(ex, GET, "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok");
        mux.detach(ex);
        assertThat(mux.unusableReason()).isEqualTo(CloseReason.ERROR);
    }

    @Test
    void http10ResponseWithKeepAliveStaysReusable() throws Exception {
        // R40: HTTP/1.0 with Connection: keep-alive agrees to persist.
        Http1Exchange ex = mux.attach(1L);
        complete(ex, GET, "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok");
        mux.detach(ex);
        assertThat(mux.unusableReason()).isNull();
        assertThat(mux.availableStreams()).isEqualTo(1);
    }

    @Test
    void bytesLeftUnreadAfterTheResponseMakeItUnusable() throws Exception {
        // R40: bytes from the peer left unread after the response; never parsed as a response (R63).
        Http1Exchange ex = mux.attach(1L);
        ByteBuffer in = send(ex, GET, OK + "HTTP/1.1 200 OK\r\n");
        assertThat(ex.responseComplete()).isTrue();
        assertThat(in.remaining()).isEqualTo("HTTP/1.1 200 OK\r\n".length());
        assertThat(engine.events).containsExactly(MuxEvent.UNSOLICITED_BYTES);
        mux.detach(ex);
        assertThat(mux.unusableReason()).isEqualTo(CloseReason.ERROR);
    }

    @Test
    void reportsWwwAuthenticateOf401ThroughTheListener() throws Exception {
        // R29: the mux reports the challenge values; the engine does the NTLM/Negotiate matching.
        Http1Exchange ex = mux.attach(1L);
        complete(ex, GET, "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: NTLM\r\n"
                + "WWW-Authenticate: Negotiate abc, Basic realm=\"x\"\r\nContent-Length: 0\r\n\r\n");
        mux.detach(ex);
        assertThat(engine.heads).containsExactly("1 401 www=[NTLM, Negotiate abc, Basic realm=\"x\"] proxy=[]");
        assertThat(mux.reusable()).isTrue();
    }

    @Test
    void reportsProxyAuthenticateOf407ThroughTheListener() throws Exception {
        // R29: 407 with Proxy-Authenticate.
        Http1Exchange ex = mux.attach(4L);
        complete(ex, GET, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Negotiate\r\nContent-Length: 0\r\n\r\n");
        assertThat(engine.heads).containsExactly("4 407 www=[] proxy=[Negotiate]");
    }

    @Test
    void reportsEveryFinalHeadButNoInterimOne() throws Exception {
        // R29: one report per final response head (interim 100 is not one).
        Http1Exchange ex = mux.attach(1L);
        complete(ex, GET, "HTTP/1.1 100 Continue\r\n\r\n" + OK);
        assertThat(engine.heads).containsExactly("1 200 www=[] proxy=[]");
        assertThat(ex.status()).isEqualTo(200);
    }

    @Test
    void junkBytesWhileIdleAreNotParsedAndMakeItUnusable() throws Exception {
        // R63: bytes on an idle HTTP/1 connection (an unsolicited 408) close it; never parsed.
        Http1Exchange ex = mux.attach(1L);
        complete(ex, GET, OK);
        mux.detach(ex);
        ByteBuffer junk = ascii("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n");
        mux.onBytes(junk);
        assertThat(junk.position()).as("not consumed").isZero();
        assertThat(engine.events).containsExactly(MuxEvent.UNSOLICITED_BYTES);
        assertThat(engine.heads).hasSize(1);
        assertThat(mux.unusableReason()).isEqualTo(CloseReason.ERROR);
        assertThat(mux.availableStreams()).isZero();
        assertThatThrownBy(() -> mux.attach(2L)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void peerCloseWhileIdleReportsPeerClosed() throws Exception {
        // R62: peer close on a parked connection.
        Http1Exchange ex = mux.attach(1L);
        complete(ex, GET, OK);
        mux.detach(ex);
        mux.onEndOfInput();
        assertThat(engine.events).containsExactly(MuxEvent.PEER_CLOSED);
        assertThat(mux.unusableReason()).isEqualTo(CloseReason.PEER_CLOSED);
        assertThat(mux.availableStreams()).isZero();
    }

    @Test
    void peerCloseCompletesACloseDelimitedResponse() throws Exception {
        // R62, R40: the close ends the body; the connection is then unusable (PEER_CLOSED).
        Http1Exchange ex = mux.attach(1L);
        Transcript seen = new Transcript();
        ex.listener(seen);
        send(ex, GET, "HTTP/1.1 200 OK\r\n\r\nuntil close");
        assertThat(ex.responseComplete()).isFalse();
        mux.onEndOfInput();
        assertThat(ex.responseComplete()).isTrue();
        assertThat(seen.text()).endsWith("BODY until close\nEND\n");
        mux.detach(ex);
        assertThat(mux.unusableReason()).isEqualTo(CloseReason.PEER_CLOSED);
    }

    @Test
    void peerCloseMidResponseFailsTheExchange() throws Exception {
        // R62, R40: response incomplete.
        Http1Exchange ex = mux.attach(1L);
        send(ex, GET, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        assertThatThrownBy(mux::onEndOfInput).isInstanceOf(Http1Exception.class)
                .extracting(e -> ((Http1Exception) e).reason()).isEqualTo(Http1Exception.Reason.INCOMPLETE_MESSAGE);
        assertThat(engine.events).containsExactly(MuxEvent.PEER_CLOSED);
        assertThat(mux.detach(ex)).isEqualTo(Mux.RESPONSE_STARTED);
        assertThat(mux.unusableReason()).isEqualTo(CloseReason.PEER_CLOSED);
    }

    @Test
    void detachInFlightAbortsTheExchangeAndMakesItUnusable() throws Exception {
        // R40: aborted exchange; RESPONSE_STARTED tells whether any response byte arrived.
        Http1Exchange ex = mux.attach(1L);
        ex.sendRequest("GET", "/", GET);
        ex.endRequest();
        assertThat(mux.detach(ex)).isZero();
        assertThat(mux.unusableReason()).isEqualTo(CloseReason.ERROR);
    }

    @Test
    void detachBeforeTheRequestEndsMakesItUnusable() throws Exception {
        // R40: request incomplete even though the response completed (early 413).
        Http1Exchange ex = mux.attach(1L);
        ex.sendRequest("POST", "/", Http1Fields.of("Host", "b", "Content-Length", "100"));
        ex.pollOutbound(ByteBuffer.allocate(200));
        mux.onBytes(ascii("HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\n\r\n"));
        assertThat(ex.responseComplete()).isTrue();
        assertThat(mux.detach(ex)).isEqualTo(Mux.RESPONSE_STARTED);
        assertThat(mux.unusableReason()).isEqualTo(CloseReason.ERROR);
    }

    @Test
    void parseErrorReportsErrorAndMakesItUnusable() throws Exception {
        // R40: protocol error.
        Http1Exchange ex = mux.attach(1L);
        assertThatThrownBy(() -> send(ex, GET, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"))
                .isInstanceOf(Http1Exception.class);
        assertThat(engine.events).containsExactly(MuxEvent.ERROR);
        assertThat(mux.unusableReason()).isEqualTo(CloseReason.ERROR);
    }

    @Test
    void transportErrorReportsErrorAndMakesItUnusable() {
        // R62: transport error.
        mux.onTransportError();
        assertThat(engine.events).containsExactly(MuxEvent.ERROR);
        assertThat(mux.unusableReason()).isEqualTo(CloseReason.ERROR);
    }

    @Test
    void upgradeTurnsTheConnectionIntoAnUnusableTunnel() throws Exception {
        // R40: after 101 the connection never carries another HTTP exchange; bytes are tunnel data.
        Http1Exchange ex = mux.attach(1L);
        Transcript seen = new Transcript();
        ex.listener(seen);
        ByteBuffer in = send(ex, Http1Fields.of("Host", "b", "Upgrade", "websocket", "Connection", "Upgrade"),
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\nframe");
        mux.onBytes(in);
        assertThat(seen.text()).endsWith("END\nTUNNEL frame\n");
        assertThat(mux.unusableReason()).isEqualTo(CloseReason.ERROR);
        mux.detach(ex);
        assertThat(mux.availableStreams()).isZero();
    }

    @Test
    void exchangeHandleRejectsUseAfterDetach() {
        Http1Exchange ex = mux.attach(1L);
        mux.detach(ex);
        assertThatThrownBy(() -> ex.sendRequest("GET", "/", GET)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DETACHED");
        assertThatThrownBy(() -> mux.detach(ex)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void attachAndDetachAllocateNothing() {
        // Hot path (CONTRIBUTING.md: hot paths allocate nothing): the exchange handle is preallocated and reused.
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long lease = 1L;
        for (int i = 0; i < 20_000; i++) {
            mux.detach(mux.attach(lease));
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            mux.detach(mux.attach(lease));
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated by 10,000 attach/detach").isLessThan(4_096);
    }

    /** Sends a request without body and feeds the response; returns the input buffer. */
    private ByteBuffer send(Http1Exchange ex, Http1Fields fields, String response) throws Http1Exception {
        ex.sendRequest("GET", "/", fields);
        ex.endRequest();
        ex.pollOutbound(ByteBuffer.allocate(512));
        ByteBuffer in = ascii(response);
        mux.onBytes(in);
        return in;
    }

    private void complete(Http1Exchange ex, Http1Fields fields, String response) throws Http1Exception {
        ByteBuffer in = send(ex, fields, response);
        assertThat(in.hasRemaining()).isFalse();
        assertThat(ex.responseComplete()).isTrue();
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

}
