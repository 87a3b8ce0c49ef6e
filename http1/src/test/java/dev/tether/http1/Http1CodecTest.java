package dev.tether.http1;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the codecs accept and how they frame it, by example (the rejections are in the table test). */
class Http1CodecTest {
    private static final String POST = "POST / HTTP/1.1\r\nHost: a\r\n";

    @Test
    void acceptsChunkExtensionsOfEveryGrammaticalShape() throws Exception {
        String raw = POST + "Transfer-Encoding: chunked\r\n\r\n"
                + "3;a\r\nabc\r\n"
                + "2 ;b=tok;c=\"q \\\" x\"\r\nde\r\n"
                + "1; d = 1\r\nf\r\n0;last\r\nX-T: 1\r\n\r\n";
        assertThat(request(raw)).endsWith("BODY abcdef\nTRAILERS Http1Fields{X-T: 1}\nEND\n");
    }

    @Test
    void acceptsEqualRepeatedContentLengths() throws Exception {
        assertThat(request(POST + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc")).endsWith("BODY abc\nEND\n");
        assertThat(request(POST + "Content-Length: 3, 3 ,3\r\n\r\nabc")).endsWith("BODY abc\nEND\n");
    }

    @Test
    void ignoresEmptyLinesBeforeTheRequestLine() throws Exception {
        assertThat(request("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n")).startsWith("REQ GET / HTTP/1.1");
    }

    @Test
    void acceptsEveryRequestTargetForm() throws Exception {
        assertThat(request("GET http://a.test/x?y HTTP/1.1\r\nHost: a.test\r\n\r\n")).startsWith("REQ GET http://a.test/x?y");
        assertThat(request("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n")).startsWith("REQ OPTIONS *");
        assertThat(request("CONNECT a.test:443 HTTP/1.1\r\nHost: a.test:443\r\n\r\n")).startsWith("REQ CONNECT a.test:443");
    }

    @Test
    void acceptsObsTextInFieldValuesAndTrimsWhitespace() throws Exception {
        assertThat(request("GET / HTTP/1.1\r\nHost: a\r\nX-Name: \t caf\u00e9 \t\r\n\r\n")).contains("X-Name: caf\u00e9}");
    }

    @Test
    void headViewAnswersWithoutCopyingUntilAsked() throws Exception {
        Http1ServerCodec codec = new Http1ServerCodec();
        Http1Head[] seen = new Http1Head[1];
        codec.onBytes(ascii("GET /p HTTP/1.1\r\nHost: a\r\nX-A: 1\r\nx-a: 2\r\nContent-Length: 0\r\n\r\n"), head -> {
            assertThat(head.method()).isSameAs("GET");
            assertThat(head.target()).isEqualTo("/p");
            assertThat(head.targetEquals("/p")).isTrue();
            assertThat(head.targetEquals("/P")).isFalse(); // the target compares case-sensitively
            assertThat(head.targetEquals("/p/")).isFalse();
            assertThat(head.fieldCount()).isEqualTo(4);
            assertThat(head.nameEquals(1, "x-A")).isTrue();
            assertThat(head.valueEquals(1, "1")).isTrue();
            assertThat(head.valueEquals(0, "A")).isFalse(); // values compare case-sensitively
            assertThat(head.valueEquals(0, "a")).isTrue();
            assertThat(head.valueEquals(2, "22")).isFalse();
            assertThat(head.values("X-A")).containsExactly("1", "2");
            assertThat(head.value("missing")).isNull();
            assertThat(head.contentLength()).isZero();
            assertThat(head.keepAlive()).isTrue();
            assertThat(head.status()).isZero();
            seen[0] = head;
        });
        assertThat(seen[0]).isNotNull();
    }

    @Test
    void acceptsAStatusLineWithoutReasonPhrase() throws Exception {
        assertThat(response("GET", "HTTP/1.1 204\r\n\r\n")).isEqualTo("RES HTTP/1.1 204  Http1Fields{}\nEND\n");
    }

    @Test
    void readsAResponseUntilCloseWhenChunkedIsNotTheFinalCoding() throws Exception {
        Http1ClientCodec codec = client("GET");
        Transcript t = new Transcript();
        codec.onBytes(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nraw bytes"), t);
        codec.onEndOfInput(t);
        assertThat(t.text()).endsWith("BODY raw bytes\nEND\n");
        assertThat(codec.state()).isEqualTo(Http1CodecState.CLOSED);
    }

    @Test
    void hasNoBodyInResponsesToHeadWhateverTheFraming() throws Exception {
        assertThat(response("HEAD", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")).endsWith("chunked}\nEND\n");
    }

    @Test
    void serverConsumesOnePipelinedRequestAtATime() throws Exception {
        Http1ServerCodec codec = new Http1ServerCodec();
        Transcript t = new Transcript();
        ByteBuffer in = ascii("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n");
        codec.onBytes(in, t);
        assertThat(codec.onBytes(in, t)).as("paused until the response ends").isZero();
        codec.startResponse(200, "OK", Http1Fields.of("Content-Length", "0"));
        codec.endResponse();
        codec.pollOutbound(ByteBuffer.allocate(100));
        assertThat(codec.state()).isEqualTo(Http1CodecState.IDLE);
        codec.onBytes(in, t);
        assertThat(t.completed).isEqualTo(2);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void http10RequestWithoutKeepAliveClosesAfterTheResponse() throws Exception {
        Http1ServerCodec codec = new Http1ServerCodec();
        codec.onBytes(ascii("GET / HTTP/1.0\r\n\r\n"), new Transcript());
        codec.startResponse(200, "OK", Http1Fields.of("Content-Length", "0"));
        codec.endResponse();
        codec.pollOutbound(ByteBuffer.allocate(100));
        assertThat(codec.state()).isEqualTo(Http1CodecState.CLOSED);
    }

    @Test
    void bodySlicesAreReadOnlyViewsOfTheInputNotCopies() throws Exception {
        Http1ServerCodec codec = new Http1ServerCodec();
        byte[] raw = (POST + "Content-Length: 4\r\n\r\nbody").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer in = ByteBuffer.allocateDirect(raw.length).put(raw).flip();
        boolean[] checked = new boolean[1];
        codec.onBytes(in, new Http1Listener() {
            @Override
            public void onHead(Http1Head head) {
            }

            @Override
            public void onBody(ByteBuffer data) {
                assertThat(data.isReadOnly()).isTrue();
                assertThat(data.isDirect()).as("a view of the direct input, not a heap copy").isTrue();
                assertThat(data.position()).isEqualTo(raw.length - 4);
                assertThat(data.remaining()).isEqualTo(4);
                checked[0] = true;
            }
        });
        assertThat(checked[0]).isTrue();
    }

    @Test
    void rejectsHostMisuseWithAnExceptionNamingTheState() {
        Http1ClientCodec codec = new Http1ClientCodec();
        codec.startRequest("POST", "/", Http1Fields.of("Host", "a", "Content-Length", "3"));
        assertThatThrownBy(() -> codec.startRequest("GET", "/", Http1Fields.of("Host", "a")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("BUSY");
        assertThatThrownBy(() -> codec.encodeBody(ascii("toolong"), ByteBuffer.allocate(100)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Content-Length");
        assertThatThrownBy(codec::endRequest).isInstanceOf(IllegalStateException.class).hasMessageContaining("3 bytes missing");
        Http1ServerCodec server = new Http1ServerCodec();
        assertThatThrownBy(() -> server.startResponse(200, "OK", Http1Fields.EMPTY)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesToSendContradictoryFraming() {
        Http1ClientCodec codec = new Http1ClientCodec();
        assertThatThrownBy(() -> codec.startRequest("POST", "/", Http1Fields.of("Host", "a", "Content-Length", "3",
                "Transfer-Encoding", "chunked"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.startRequest("GET", "/", Http1Fields.EMPTY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Host");
        assertThatThrownBy(() -> codec.startRequest("GET", "/a b", Http1Fields.of("Host", "a")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(codec.state()).isEqualTo(Http1CodecState.IDLE);
    }

    private static String request(String raw) throws Http1Exception {
        Http1ServerCodec codec = new Http1ServerCodec();
        Transcript t = new Transcript();
        byte[] data = raw.getBytes(StandardCharsets.ISO_8859_1);
        Feeder.forBytes(data).byteAtATime(data, in -> codec.onBytes(in, t));
        return t.text();
    }

    private static Http1ClientCodec client(String method) {
        Http1ClientCodec codec = new Http1ClientCodec();
        codec.startRequest(method, "/", Http1Fields.of("Host", "a"));
        codec.endRequest();
        codec.pollOutbound(ByteBuffer.allocate(100));
        return codec;
    }

    private static String response(String method, String raw) throws Http1Exception {
        Http1ClientCodec codec = client(method);
        Transcript t = new Transcript();
        ByteBuffer in = ascii(raw);
        codec.onBytes(in, t);
        assertThat(in.hasRemaining()).isFalse();
        return t.text();
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
