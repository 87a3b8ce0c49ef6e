package dev.tether.http2;

import dev.tether.http2.frame.DataFrame;
import dev.tether.http2.frame.Frame;
import dev.tether.http2.frame.GoAwayFrame;
import dev.tether.http2.frame.RstStreamFrame;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * RFC 9113 §8.1.1: a message whose {@code content-length} disagrees with its DATA is malformed, a
 * stream error PROTOCOL_ERROR: that stream is reset, the connection and its other streams go on.
 * And no exception text on the wire: a GOAWAY for an unexpected failure carries no debug data.
 */
class ContentLengthTest {
    private static List<Header> post(String... lengths) {
        List<Header> h = new ArrayList<>(List.of(Header.of(":method", "POST"), Header.of(":scheme", "http"),
                Header.of(":path", "/"), Header.of(":authority", "localhost")));
        for (String l : lengths) {
            h.add(Header.of("content-length", l));
        }
        return h;
    }

    /** A server that got the client preface, then {@code w}; returns what it reported. */
    private static RecordingListener serve(Http2Connection server, Wire w) throws Http2Exception {
        RecordingListener l = new RecordingListener();
        new Wire().magic().settings().to(server, l);
        w.to(server, l);
        return l;
    }

    private static Http2Connection server() {
        return new Http2Connection(Role.SERVER, Http2Config.defaults());
    }

    private static void assertResetOnlyStream(Http2Connection server, RecordingListener l, int id) throws Exception {
        assertThat(l.events).contains("reset " + id + " PROTOCOL_ERROR local");
        assertThat(server.state()).isEqualTo(Http2Connection.State.OPEN);
        assertThat(Wire.sent(server)).anySatisfy(f -> assertThat(f).isInstanceOfSatisfying(RstStreamFrame.class,
                r -> assertThat(r.streamId()).isEqualTo(id))).noneMatch(f -> f instanceof GoAwayFrame);
    }

    @Test
    void moreDataThanTheContentLengthResetsOnlyThatStream() throws Exception {
        Http2Connection s = server();
        RecordingListener l = serve(s, new Wire().headers(1, post("5"), false).data(1, "0123456789", true)
                .headers(3, post("2"), false).data(3, "ok", true));
        assertResetOnlyStream(s, l, 1);
        assertThat(l.events).doesNotContain("data 1 10 end").contains("data 3 2 end");
        assertThat(l.body.toString()).as("the excess never reached the host").isEqualTo("ok");
    }

    @Test
    void lessDataThanTheContentLengthAtTheEndResetsTheStream() throws Exception {
        Http2Connection s = server();
        RecordingListener l = serve(s, new Wire().headers(1, post("5"), false).data(1, "012", false)
                .data(1, "3", true));
        assertResetOnlyStream(s, l, 1);
        assertThat(l.events).contains("data 1 3").doesNotContain("data 1 1 end");
    }

    @Test
    void aContentLengthOnAHeadThatEndsTheStreamResetsIt() throws Exception {
        Http2Connection s = server();
        assertResetOnlyStream(s, serve(s, new Wire().headers(1, post("5"), true)), 1);
    }

    @Test
    void trailersEndingShortOfTheContentLengthResetTheStream() throws Exception {
        Http2Connection s = server();
        assertResetOnlyStream(s, serve(s, new Wire().headers(1, post("5"), false).data(1, "012", false)
                .headers(1, Wire.TRAILERS, true)), 1);
    }

    @Test
    void differingOrInvalidContentLengthsResetTheStreamAndEqualOnesAreAccepted() throws Exception {
        for (String[] bad : new String[][] {{"5", "6"}, {"+5"}, {"5, 5"}, {""}, {"0x5"}}) {
            Http2Connection s = server();
            assertResetOnlyStream(s, serve(s, new Wire().headers(1, post(bad), false).data(1, "01234", true)), 1);
        }
        Http2Connection s = server();
        RecordingListener l = serve(s, new Wire().headers(1, post("5", "5"), false).data(1, "01234", true));
        assertThat(l.events).contains("data 1 5 end").noneMatch(e -> e.startsWith("reset"));
    }

    @Test
    void paddingDoesNotCountTowardsTheContentLength() throws Exception {
        Http2Connection s = server();
        RecordingListener l = serve(s, new Wire().headers(1, post("5"), false)
                .frame(new DataFrame(1, ByteBuffer.wrap("01234".getBytes()), true, 20)));
        assertThat(l.events).noneMatch(e -> e.startsWith("reset"));
        assertThat(l.body.toString()).isEqualTo("01234");
    }

    @Test
    void aClientChecksResponsesButNotTheLengthOfAResponseToHeadOrOfA304() throws Exception {
        Pair p = new Pair();
        int head = p.client.newStream(List.of(Header.of(":method", "HEAD"), Header.of(":scheme", "http"),
                Header.of(":path", "/"), Header.of(":authority", "a")), true);
        int notModified = p.client.newStream(Wire.REQUEST, true);
        int bad = p.client.newStream(Wire.REQUEST, true);
        p.pump();
        p.server.sendHeaders(head, List.of(Header.of(":status", "200"), Header.of("content-length", "100")), true);
        p.server.sendHeaders(notModified, List.of(Header.of(":status", "304"), Header.of("content-length", "100")),
                true);
        p.server.sendHeaders(bad, List.of(Header.of(":status", "200"), Header.of("content-length", "100")), false);
        p.server.sendData(bad, ByteBuffer.wrap("short".getBytes()), true);
        p.pump();
        assertThat(p.clientEvents.events).contains("headers " + head + " end", "headers " + notModified + " end",
                "reset " + bad + " PROTOCOL_ERROR local");
        assertThat(p.client.state()).isEqualTo(Http2Connection.State.OPEN);
    }

    @Test
    void anUnexpectedFailureSendsGoAwayWithoutItsExceptionText() throws Exception {
        Http2Connection s = server();
        new Wire().magic().settings().to(s, new RecordingListener());
        Wire.sent(s);
        RecordingListener throwing = new RecordingListener() {
            @Override
            public void onHeaders(int streamId, List<Header> headers, boolean endStream) {
                throw new IllegalStateException("secret detail of the host");
            }
        };
        Http2Exception e = catchThrowableOfType(Http2Exception.class,
                () -> new Wire().headers(1, Wire.REQUEST, true).to(s, throwing));
        assertThat(e.errorCode()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(e.getCause()).hasMessage("secret detail of the host"); // kept for the host's log
        List<Frame> out = Wire.sent(s);
        assertThat(out.get(out.size() - 1)).isInstanceOfSatisfying(GoAwayFrame.class,
                g -> assertThat(g.debugData().remaining()).isZero());
    }

    @Test
    void aProtocolErrorSendsGoAwayWithTheCodecsOwnDescription() throws Exception {
        Http2Connection s = server();
        new Wire().magic().settings().to(s, new RecordingListener());
        Wire.sent(s);
        catchThrowableOfType(Http2Exception.class, () -> new Wire().raw(0x5, 0x4, 1, new byte[4]).to(s,
                new RecordingListener()));
        List<Frame> out = Wire.sent(s);
        assertThat(out.get(out.size() - 1)).isInstanceOfSatisfying(GoAwayFrame.class, g -> assertThat(
                java.nio.charset.StandardCharsets.US_ASCII.decode(g.debugData()).toString())
                .startsWith("PROTOCOL_ERROR").contains("PUSH_PROMISE").doesNotContain("Exception"));
    }
}
