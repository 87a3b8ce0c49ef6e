package dev.tether.http1;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server codec's responses say what happens to the connection (RFC 9112 §9.3, §9.6, Appendix
 * C.2.2, §6.1), asserted on the bytes it writes.
 */
class Http1ConnectionOptionsTest {
    private final Http1ServerCodec codec = new Http1ServerCodec();

    /** Feeds one request, answers it with {@code fields} and {@code body}, returns the response bytes. */
    private String answer(String request, Http1Fields fields, String body) throws Http1Exception {
        codec.onBytes(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)), new Transcript());
        codec.startResponse(200, "OK", fields);
        ByteBuffer out = ByteBuffer.allocate(4096);
        codec.pollOutbound(out);
        if (!body.isEmpty()) {
            codec.encodeBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.US_ASCII)), out);
        }
        codec.endResponse();
        codec.pollOutbound(out);
        return new String(out.array(), 0, out.position(), StandardCharsets.US_ASCII);
    }

    @Test
    void aResponseToARequestThatSaidCloseSaysCloseToo() throws Exception {
        String r = answer("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", Http1Fields.of("Content-Length", "2"), "ok");
        assertThat(r).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        assertThat(codec.state()).isEqualTo(Http1CodecState.CLOSED);
        assertThat(codec.clientCloses()).as("the client said it sends nothing more").isTrue();
    }

    @Test
    void aResponseThatAlreadySaysCloseSaysItOnce() throws Exception {
        String r = answer("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                Http1Fields.of("Content-Length", "0", "connection", "close"), "");
        assertThat(r).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nconnection: close\r\n\r\n");
    }

    @Test
    void anHttp10RequestWithoutKeepAliveIsAnsweredWithClose() throws Exception {
        String r = answer("GET / HTTP/1.0\r\n\r\n", Http1Fields.of("Content-Length", "2"), "ok");
        assertThat(r).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        assertThat(codec.state()).isEqualTo(Http1CodecState.CLOSED);
        assertThat(codec.clientCloses()).as("an HTTP/1.0 client without keep-alive closes").isTrue();
    }

    @Test
    void anHonouredHttp10KeepAliveIsAnsweredWithKeepAlive() throws Exception {
        String r = answer("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", Http1Fields.of("Content-Length", "2"), "ok");
        assertThat(r).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok");
        assertThat(codec.state()).isEqualTo(Http1CodecState.IDLE);
    }

    @Test
    void aPersistentHttp11ExchangeAddsNoConnectionField() throws Exception {
        String r = answer("GET / HTTP/1.1\r\nHost: x\r\n\r\n", Http1Fields.of("Content-Length", "2"), "ok");
        assertThat(r).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertThat(codec.state()).isEqualTo(Http1CodecState.IDLE);
        assertThat(codec.clientCloses()).isFalse();
    }

    @Test
    void aBodyDelimitedByCloseSaysClose() throws Exception {
        String r = answer("GET / HTTP/1.1\r\nHost: x\r\n\r\n", Http1Fields.EMPTY, "all of it");
        assertThat(r).isEqualTo("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it");
        assertThat(codec.state()).isEqualTo(Http1CodecState.CLOSED);
        assertThat(codec.clientCloses()).as("the server closes; the client may have sent more").isFalse();
    }

    /** RFC 9112 §6.1: no Transfer-Encoding to an HTTP/1.0 client; the body ends when the connection does. */
    @Test
    void aChunkedBodyToAnHttp10KeepAliveRequestIsSentRawAndTheConnectionCloses() throws Exception {
        String r = answer("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
                Http1Fields.of("Content-Type", "text/plain", "Transfer-Encoding", "chunked"), "raw");
        assertThat(r).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nraw");
        assertThat(codec.state()).isEqualTo(Http1CodecState.CLOSED);
    }

    @Test
    void anInterimResponseCarriesNoConnectionOption() throws Exception {
        codec.onBytes(ByteBuffer.wrap(("POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nExpect: 100-continue\r\n"
                + "Content-Length: 1\r\n\r\n").getBytes(StandardCharsets.US_ASCII)), new Transcript());
        codec.startResponse(100, "Continue", Http1Fields.EMPTY);
        ByteBuffer out = ByteBuffer.allocate(256);
        codec.pollOutbound(out);
        assertThat(new String(out.array(), 0, out.position(), StandardCharsets.US_ASCII))
                .isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
    }
}
