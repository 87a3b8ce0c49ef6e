package dev.tether.http1;

import dev.tether.http1.Http1Exception.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Malformed and hostile messages, request smuggling patterns included, each with the exact
 * {@link Reason} it must be rejected for, whole and byte at a time.
 */
class Http1MalformedMessageTest {
    private static final Http1Config SMALL = Http1Config.builder().maxStartLineLength(64)
            .maxHeaderSectionSize(256).maxFieldCount(4).maxChunkExtensionLength(16).maxTrailerSize(64).build();
    private static final String POST = "POST / HTTP/1.1\r\nHost: a\r\n";
    private static final String CHUNKED = POST + "Transfer-Encoding: chunked\r\n\r\n";

    static Stream<Arguments> requests() {
        return Stream.of(
                // Smuggling: conflicting framing (RFC 9112 §6.3, §6.1)
                bad("CL then TE", POST + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", Reason.CONTENT_LENGTH_WITH_TRANSFER_ENCODING),
                bad("TE then CL", POST + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", Reason.CONTENT_LENGTH_WITH_TRANSFER_ENCODING),
                bad("TE chunked, identity", POST + "Transfer-Encoding: chunked, identity\r\n\r\n", Reason.INVALID_TRANSFER_ENCODING),
                bad("TE identity", POST + "Transfer-Encoding: identity\r\n\r\n", Reason.INVALID_TRANSFER_ENCODING),
                bad("TE gzip only", POST + "Transfer-Encoding: gzip\r\n\r\n", Reason.INVALID_TRANSFER_ENCODING),
                bad("TE xchunked", POST + "Transfer-Encoding: xchunked\r\n\r\n", Reason.INVALID_TRANSFER_ENCODING),
                bad("TE chunked twice", POST + "Transfer-Encoding: chunked, chunked\r\n\r\n", Reason.INVALID_TRANSFER_ENCODING),
                bad("TE chunked on two lines", POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", Reason.INVALID_TRANSFER_ENCODING),
                bad("TE chunked then gzip line", POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n", Reason.INVALID_TRANSFER_ENCODING),
                bad("TE chunked with a parameter", POST + "Transfer-Encoding: chunked;q=1\r\n\r\n", Reason.INVALID_TRANSFER_ENCODING),
                bad("TE without comma", POST + "Transfer-Encoding: gzip chunked\r\n\r\n", Reason.INVALID_TRANSFER_ENCODING),
                bad("TE with quote junk", POST + "Transfer-Encoding: \"chunked\"\r\n\r\n", Reason.INVALID_TRANSFER_ENCODING),
                bad("Transfer-Encoding : chunked", POST + "Transfer-Encoding : chunked\r\n\r\n", Reason.WHITESPACE_BEFORE_COLON),
                bad("TE value \\rchunked", POST + "Transfer-Encoding: \rchunked\r\n\r\n", Reason.BARE_CR),
                bad("TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", Reason.TRANSFER_ENCODING_IN_HTTP10),
                bad("CL doubled, different", POST + "Content-Length: 5\r\nContent-Length: 6\r\n\r\n", Reason.CONFLICTING_CONTENT_LENGTH),
                bad("CL list, different", POST + "Content-Length: 5, 6\r\n\r\n", Reason.CONFLICTING_CONTENT_LENGTH),
                bad("CL negative", POST + "Content-Length: -5\r\n\r\n", Reason.INVALID_CONTENT_LENGTH),
                bad("CL +5", POST + "Content-Length: +5\r\n\r\n", Reason.INVALID_CONTENT_LENGTH),
                bad("CL 5a", POST + "Content-Length: 5a\r\n\r\n", Reason.INVALID_CONTENT_LENGTH),
                bad("CL hex", POST + "Content-Length: 0x10\r\n\r\n", Reason.INVALID_CONTENT_LENGTH),
                bad("CL empty", POST + "Content-Length:\r\n\r\n", Reason.INVALID_CONTENT_LENGTH),
                bad("CL trailing comma", POST + "Content-Length: 5,\r\n\r\n", Reason.INVALID_CONTENT_LENGTH),
                bad("CL overflow", POST + "Content-Length: 99999999999999999999\r\n\r\n", Reason.INVALID_CONTENT_LENGTH),
                bad("CL inner space", POST + "Content-Length: 1 0\r\n\r\n", Reason.INVALID_CONTENT_LENGTH),
                // Field syntax (RFC 9112 §5, RFC 9110 §5)
                bad("obs-fold", POST + "X-A: a\r\n b\r\n\r\n", Reason.OBS_FOLD),
                bad("whitespace before first field", "GET / HTTP/1.1\r\n Host: a\r\n\r\n", Reason.OBS_FOLD),
                bad("NUL in value", POST + "X-A: a\0b\r\n\r\n", Reason.INVALID_FIELD_VALUE),
                bad("DEL in value", POST + "X-A: a\u007fb\r\n\r\n", Reason.INVALID_FIELD_VALUE),
                bad("NUL in name", POST + "X\0A: b\r\n\r\n", Reason.INVALID_FIELD_NAME),
                bad("bad token in name", POST + "X(A): b\r\n\r\n", Reason.INVALID_FIELD_NAME),
                bad("empty name", POST + ": b\r\n\r\n", Reason.INVALID_FIELD_NAME),
                bad("missing colon", POST + "NoColon\r\n\r\n", Reason.MISSING_COLON),
                bad("bare CR in value", POST + "X-A: a\rb\r\n\r\n", Reason.BARE_CR),
                bad("bare LF ending a field", "GET / HTTP/1.1\r\nHost: a\n\r\n", Reason.BARE_LF),
                bad("bare LF ending the request line", "GET / HTTP/1.1\nHost: a\r\n\r\n", Reason.BARE_LF),
                bad("no Host", "GET / HTTP/1.1\r\nX-A: b\r\n\r\n", Reason.INVALID_HOST),
                bad("two Host", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", Reason.INVALID_HOST),
                // Request line (RFC 9112 §3)
                bad("GET  / HTTP/1.1", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", Reason.INVALID_REQUEST_LINE),
                bad("no version", "GET /\r\nHost: a\r\n\r\n", Reason.INVALID_REQUEST_LINE),
                bad("leading space", " GET / HTTP/1.1\r\nHost: a\r\n\r\n", Reason.INVALID_METHOD),
                bad("bad method token", "G(T / HTTP/1.1\r\nHost: a\r\n\r\n", Reason.INVALID_METHOD),
                bad("trailing space after version", "GET / HTTP/1.1 \r\nHost: a\r\n\r\n", Reason.INVALID_VERSION),
                bad("HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", Reason.INVALID_VERSION),
                bad("HTTP/1.2", "GET / HTTP/1.2\r\nHost: a\r\n\r\n", Reason.INVALID_VERSION),
                bad("lower-case version", "GET / http/1.1\r\nHost: a\r\n\r\n", Reason.INVALID_VERSION),
                bad("angle brackets in target", "GET /<x> HTTP/1.1\r\nHost: a\r\n\r\n", Reason.INVALID_REQUEST_TARGET),
                bad("fragment in target", "GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n", Reason.INVALID_REQUEST_TARGET),
                bad("NUL in target", "GET /a\0 HTTP/1.1\r\nHost: a\r\n\r\n", Reason.INVALID_REQUEST_TARGET),
                bad("asterisk with GET", "GET * HTTP/1.1\r\nHost: a\r\n\r\n", Reason.INVALID_REQUEST_TARGET),
                bad("CONNECT with a path", "CONNECT /x HTTP/1.1\r\nHost: a\r\n\r\n", Reason.INVALID_REQUEST_TARGET),
                bad("CONNECT without port", "CONNECT a.test HTTP/1.1\r\nHost: a\r\n\r\n", Reason.INVALID_REQUEST_TARGET),
                bad("relative target", "GET a/b HTTP/1.1\r\nHost: a\r\n\r\n", Reason.INVALID_REQUEST_TARGET),
                // Chunked framing (RFC 9112 §7.1)
                bad("chunk size not hex", CHUNKED + "zz\r\n", Reason.INVALID_CHUNK_SIZE),
                bad("chunk size negative", CHUNKED + "-5\r\nhello\r\n0\r\n\r\n", Reason.INVALID_CHUNK_SIZE),
                bad("chunk size 0x", CHUNKED + "0x5\r\nhello\r\n0\r\n\r\n", Reason.INVALID_CHUNK_SIZE),
                bad("chunk size empty", CHUNKED + "\r\nhello\r\n", Reason.INVALID_CHUNK_SIZE),
                bad("space after chunk size", CHUNKED + "5 \r\nhello\r\n0\r\n\r\n", Reason.INVALID_CHUNK_SIZE),
                bad("huge chunk size", CHUNKED + "ffffffffffffffffff\r\n", Reason.CHUNK_SIZE_OVERFLOW),
                bad("chunk size 2^63", CHUNKED + "8000000000000000\r\n", Reason.CHUNK_SIZE_OVERFLOW),
                bad("missing CRLF after chunk data", CHUNKED + "5\r\nhelloX\r\n0\r\n\r\n", Reason.MISSING_CHUNK_CRLF),
                bad("chunk data longer than size", CHUNKED + "3\r\nhello\r\n0\r\n\r\n", Reason.MISSING_CHUNK_CRLF),
                bad("bare LF after chunk size", CHUNKED + "5\nhello\r\n0\r\n\r\n", Reason.BARE_LF),
                bad("bare LF after chunk data", CHUNKED + "5\r\nhello\n0\r\n\r\n", Reason.BARE_LF),
                bad("bare CR after chunk size", CHUNKED + "5\rhello\r\n0\r\n\r\n", Reason.BARE_CR),
                bad("empty chunk extension", CHUNKED + "5;\r\nhello\r\n0\r\n\r\n", Reason.INVALID_CHUNK_EXTENSION),
                bad("chunk extension without value", CHUNKED + "5;a=\r\nhello\r\n0\r\n\r\n", Reason.INVALID_CHUNK_EXTENSION),
                bad("unterminated quoted extension", CHUNKED + "5;a=\"x\r\nhello\r\n0\r\n\r\n", Reason.INVALID_CHUNK_EXTENSION),
                bad("NUL in chunk extension", CHUNKED + "5;a\0\r\nhello\r\n0\r\n\r\n", Reason.INVALID_CHUNK_EXTENSION),
                bad("obs-fold in trailers", CHUNKED + "0\r\nX-T: a\r\n b\r\n\r\n", Reason.OBS_FOLD),
                bad("NUL in trailer value", CHUNKED + "0\r\nX-T: a\0\r\n\r\n", Reason.INVALID_FIELD_VALUE),
                // Limits (Http1Config SMALL)
                bad("request line too long", "GET /" + "a".repeat(80) + " HTTP/1.1\r\nHost: a\r\n\r\n", Reason.START_LINE_TOO_LONG),
                bad("request line too long, no CR", "GET /" + "a".repeat(200), Reason.START_LINE_TOO_LONG),
                bad("header section too large", POST + "X-A: " + "b".repeat(300) + "\r\n\r\n", Reason.HEADER_SECTION_TOO_LARGE),
                bad("too many fields", POST + "A: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", Reason.TOO_MANY_FIELDS),
                bad("chunk extension too long", CHUNKED + "5;" + "e".repeat(40) + "\r\nhello\r\n0\r\n\r\n", Reason.CHUNK_EXTENSION_TOO_LONG),
                bad("trailer section too large", CHUNKED + "0\r\nX-T: " + "t".repeat(100) + "\r\n\r\n", Reason.TRAILER_SECTION_TOO_LARGE));
    }

    static Stream<Arguments> responses() {
        String ok = "HTTP/1.1 200 OK\r\n";
        return Stream.of(
                bad("CL with TE", ok + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", Reason.CONTENT_LENGTH_WITH_TRANSFER_ENCODING),
                bad("CL differing", ok + "Content-Length: 5\r\nContent-Length: 7\r\n\r\n", Reason.CONFLICTING_CONTENT_LENGTH),
                bad("CL negative", ok + "Content-Length: -1\r\n\r\n", Reason.INVALID_CONTENT_LENGTH),
                bad("TE chunked twice", ok + "Transfer-Encoding: chunked, chunked\r\n\r\n", Reason.INVALID_TRANSFER_ENCODING),
                bad("TE in HTTP/1.0", "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", Reason.TRANSFER_ENCODING_IN_HTTP10),
                bad("4-digit status", "HTTP/1.1 2000 OK\r\n\r\n", Reason.INVALID_STATUS_LINE),
                bad("2-digit status", "HTTP/1.1 20 OK\r\n\r\n", Reason.INVALID_STATUS_LINE),
                bad("status 099", "HTTP/1.1 099 X\r\n\r\n", Reason.INVALID_STATUS_LINE),
                bad("letters in status", "HTTP/1.1 2x0 OK\r\n\r\n", Reason.INVALID_STATUS_LINE),
                bad("double space", "HTTP/1.1  200 OK\r\n\r\n", Reason.INVALID_STATUS_LINE),
                bad("HTTP/2", "HTTP/2 200 OK\r\n\r\n", Reason.INVALID_STATUS_LINE),
                bad("HTTP/1.3", "HTTP/1.3 200 OK\r\n\r\n", Reason.INVALID_VERSION),
                bad("ICY", "ICY 200 OK\r\n\r\n", Reason.INVALID_STATUS_LINE),
                bad("NUL in reason", "HTTP/1.1 200 O\0K\r\n\r\n", Reason.INVALID_STATUS_LINE),
                bad("101 without Upgrade request", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n", Reason.UNSOLICITED_UPGRADE),
                bad("obs-fold", ok + "X-A: 1\r\n\t2\r\n\r\n", Reason.OBS_FOLD),
                bad("bare LF", "HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n", Reason.BARE_LF),
                bad("malformed chunk", ok + "Transfer-Encoding: chunked\r\n\r\n5\r\nhelloo\r\n", Reason.MISSING_CHUNK_CRLF),
                bad("status line too long", "HTTP/1.1 200 " + "k".repeat(80) + "\r\n\r\n", Reason.START_LINE_TOO_LONG));
    }

    private static Arguments bad(String name, String raw, Reason reason) {
        return Arguments.of(name, raw, reason);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("requests")
    void rejectsMalformedRequestWithExactReason(String name, String raw, Reason reason) {
        Http1Exception whole = parseRequest(raw, false);
        assertThat(whole.reason()).as(name).isEqualTo(reason);
        Http1Exception split = parseRequest(raw, true);
        assertThat(split.reason()).as(name + " byte at a time").isEqualTo(reason);
        assertThat(split.offset()).as("same offset at any split").isEqualTo(whole.offset());
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("responses")
    void rejectsMalformedResponseWithExactReason(String name, String raw, Reason reason) {
        Http1Exception whole = parseResponse(raw, false);
        assertThat(whole.reason()).as(name).isEqualTo(reason);
        Http1Exception split = parseResponse(raw, true);
        assertThat(split.reason()).as(name + " byte at a time").isEqualTo(reason);
        assertThat(split.offset()).as("same offset at any split").isEqualTo(whole.offset());
    }

    @Test
    void reportsTheOffsetOfTheOffendingByteFromTheStartOfTheMessage() {
        assertThat(parseRequest("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", false).offset()).isEqualTo(4);
        assertThat(parseRequest(POST + "X-A: a\0b\r\n\r\n", false).offset()).isEqualTo(POST.length() + 6);
        assertThat(parseRequest(CHUNKED + "5\r\nhelloX", false).offset()).isEqualTo(CHUNKED.length() + 8);
    }

    @Test
    void failedCodecIsTerminalAndSaysWhy() {
        Http1ServerCodec codec = new Http1ServerCodec(SMALL);
        ByteBuffer in = bytes("GET  / HTTP/1.1\r\n\r\n");
        Http1Exception e = catchParse(() -> codec.onBytes(in, new Transcript()));
        assertThat(codec.state()).isEqualTo(Http1CodecState.FAILED);
        assertThat(codec.failure()).isSameAs(e);
        assertThatThrownBy(() -> codec.onBytes(bytes("GET / HTTP/1.1\r\n"), new Transcript()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("FAILED");
    }

    @Test
    void rejectsBytesWhenNoResponseIsExpected() {
        Http1ClientCodec codec = new Http1ClientCodec();
        Http1Exception e = catchParse(() -> codec.onBytes(bytes("HTTP/1.1 200 OK\r\n\r\n"), new Transcript()));
        assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_DATA);
    }

    @Test
    void reportsAnIncompleteResponseAtEndOfInput() throws Exception {
        Http1ClientCodec codec = new Http1ClientCodec();
        codec.startRequest("GET", "/", Http1Fields.of("Host", "a"));
        codec.endRequest();
        codec.pollOutbound(ByteBuffer.allocate(100));
        codec.onBytes(bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"), new Transcript());
        Http1Exception e = catchParse(() -> {
            codec.onEndOfInput(new Transcript());
            return null;
        });
        assertThat(e.reason()).isEqualTo(Reason.INCOMPLETE_MESSAGE);
        assertThat(e.offset()).as("17 + 20 + 2 + 3 bytes consumed").isEqualTo(42);
    }

    @Test
    void turnsAListenerFailureIntoAnInternalError() {
        Http1ServerCodec codec = new Http1ServerCodec();
        Http1Exception e = catchParse(() -> codec.onBytes(bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), head -> {
            throw new IllegalArgumentException("listener bug");
        }));
        assertThat(e.reason()).isEqualTo(Reason.INTERNAL);
        assertThat(e.getCause()).hasMessage("listener bug");
        assertThat(codec.state()).isEqualTo(Http1CodecState.FAILED);
    }

    private static Http1Exception parseRequest(String raw, boolean byteAtATime) {
        Http1ServerCodec codec = new Http1ServerCodec(SMALL);
        return feed(raw, byteAtATime, in -> codec.onBytes(in, new Transcript()));
    }

    private static Http1Exception parseResponse(String raw, boolean byteAtATime) {
        Http1ClientCodec codec = new Http1ClientCodec(SMALL);
        codec.startRequest("GET", "/", Http1Fields.of("Host", "a"));
        codec.endRequest();
        codec.pollOutbound(ByteBuffer.allocate(200));
        return feed(raw, byteAtATime, in -> codec.onBytes(in, new Transcript()));
    }

    private static Http1Exception feed(String raw, boolean byteAtATime, Feeder.Sink sink) {
        byte[] data = raw.getBytes(StandardCharsets.ISO_8859_1);
        Feeder feeder = Feeder.forBytes(data);
        return catchParse(() -> {
            if (byteAtATime) {
                feeder.byteAtATime(data, sink);
            } else {
                feeder.whole(data, sink);
            }
            return 0;
        });
    }

    interface ParseCall {
        Object call() throws Http1Exception;
    }

    private static Http1Exception catchParse(ParseCall call) {
        try {
            call.call();
        } catch (Http1Exception e) {
            return e;
        }
        return fail("accepted: no Http1Exception");
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
