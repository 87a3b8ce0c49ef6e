package dev.tether.http1;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Encode with one role, decode with the other, compare: whole and twice on one codec pair (proves
 * reset), byte at a time, and at seeded random split points (the seed is in every failure message).
 */
class Http1RoundTripTest {
    private static final int SEEDS = 60;

    enum Split { WHOLE, BYTE, RANDOM }

    static List<ExchangeSpec> specs() {
        Http1Fields host = Http1Fields.of("Host", "example.test");
        Http1Fields none = Http1Fields.EMPTY;
        String big = "0123456789abcdef".repeat(700);
        return List.of(
                ExchangeSpec.builder("GET, Content-Length response")
                        .response(200, "OK", Http1Fields.of("Content-Length", "11", "Content-Type", "text/plain"), "hello world", none).build(),
                ExchangeSpec.builder("POST Content-Length, chunked response with trailers")
                        .request("POST", "/upload?x=1", Http1Fields.of("Host", "example.test", "Content-Length", "5"), "abcde", none)
                        .response(200, "OK", Http1Fields.of("Transfer-Encoding", "chunked"), big, Http1Fields.of("X-Checksum", "abc123")).build(),
                ExchangeSpec.builder("POST chunked with trailers, 201 empty")
                        .request("POST", "/items", Http1Fields.of("Host", "example.test", "Transfer-Encoding", "chunked"), big,
                                Http1Fields.of("X-Trailer-One", "1", "X-Trailer-Two", "two words"))
                        .response(201, "Created", Http1Fields.of("Content-Length", "0", "Location", "/items/7"), "", none).build(),
                ExchangeSpec.builder("HEAD with Content-Length, no body")
                        .request("HEAD", "/big", host, "", none)
                        .response(200, "OK", Http1Fields.of("Content-Length", "1234"), "", none).build(),
                ExchangeSpec.builder("204 No Content")
                        .response(204, "No Content", Http1Fields.of("X-Id", "5"), "", none).build(),
                ExchangeSpec.builder("304 Not Modified with Content-Length")
                        .response(304, "Not Modified", Http1Fields.of("Content-Length", "50", "ETag", "\"v1\""), "", none).build(),
                ExchangeSpec.builder("close-delimited response")
                        .response(200, "OK", Http1Fields.of("Content-Type", "text/plain"), big, none).closeDelimited().build(),
                ExchangeSpec.builder("Expect 100-continue, two interim heads")
                        .request("PUT", "/doc", Http1Fields.of("Host", "example.test", "Expect", "100-continue", "Content-Length", "4"), "data", none)
                        .interims(2)
                        .response(200, "OK", Http1Fields.of("Content-Length", "2"), "ok", none).build(),
                ExchangeSpec.builder("101 Switching Protocols then tunnel")
                        .request("GET", "/chat", Http1Fields.of("Host", "example.test", "Connection", "Upgrade", "Upgrade", "websocket"), "", none)
                        .response(101, "Switching Protocols", Http1Fields.of("Connection", "Upgrade", "Upgrade", "websocket"), "", none)
                        .tunnel("\u0081\u0004ping", "\u0081\u0004pong").build(),
                ExchangeSpec.builder("CONNECT then tunnel")
                        .request("CONNECT", "example.test:443", Http1Fields.of("Host", "example.test:443"), "", none)
                        .response(200, "Connection Established", none, "", none)
                        .tunnel("\u0016\u0003\u0001client hello", "\u0016\u0003\u0003server hello").build(),
                ExchangeSpec.builder("Connection: close request")
                        .request("GET", "/", Http1Fields.of("Host", "example.test", "Connection", "close"), "", none)
                        .response(200, "OK", Http1Fields.of("Content-Length", "3", "Connection", "close"), "bye", none).build());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void roundTripsWholeTwiceOnOneCodecPair(ExchangeSpec spec) throws Exception {
        Http1ClientCodec client = new Http1ClientCodec();
        Http1ServerCodec server = new Http1ServerCodec();
        run(spec, client, server, Split.WHOLE, new SplittableRandom(1), false);
        boolean reusable = client.state() == Http1CodecState.IDLE;
        assertThat(server.state() == Http1CodecState.IDLE).as("server agrees on reuse").isEqualTo(reusable);
        assertThat(reusable).as("reusable").isEqualTo(!spec.closeDelimited && !spec.tunnel()
                && !spec.requestFields.contains("Connection"));
        if (reusable) {
            run(spec, client, server, Split.WHOLE, new SplittableRandom(2), false);
            assertThat(client.state()).isEqualTo(Http1CodecState.IDLE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void roundTripsByteAtATime(ExchangeSpec spec) throws Exception {
        run(spec, new Http1ClientCodec(), new Http1ServerCodec(), Split.BYTE, new SplittableRandom(3), true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void roundTripsAtSeededRandomSplits(ExchangeSpec spec) throws Exception {
        for (long seed = 1; seed <= SEEDS; seed++) {
            try {
                run(spec, new Http1ClientCodec(), new Http1ServerCodec(), Split.RANDOM, new SplittableRandom(seed), seed % 2 == 0);
            } catch (AssertionError | Exception e) {
                throw new AssertionError("seed " + seed + " (replay with new SplittableRandom(" + seed + "))", e);
            }
        }
    }

    private static void run(ExchangeSpec spec, Http1ClientCodec client, Http1ServerCodec server, Split split,
                            SplittableRandom random, boolean direct) throws Exception {
        Transcript serverSeen = new Transcript();
        Transcript clientSeen = new Transcript();
        byte[] request = encodeRequest(client, spec, random);
        feed(request, in -> server.onBytes(in, serverSeen), split, random, direct);
        feed(encodeResponse(server, spec, random), in -> client.onBytes(in, clientSeen), split, random, direct);
        if (spec.closeDelimited) {
            assertThat(server.state()).isEqualTo(Http1CodecState.CLOSED);
            client.onEndOfInput(clientSeen);
        }
        if (spec.tunnel()) {
            assertThat(client.state()).isEqualTo(Http1CodecState.TUNNEL);
            assertThat(server.state()).isEqualTo(Http1CodecState.TUNNEL);
            feed(encodeBody(spec.tunnelUp, random, client::encodeBody), in -> server.onBytes(in, serverSeen), split, random, direct);
            feed(encodeBody(spec.tunnelDown, random, server::encodeBody), in -> client.onBytes(in, clientSeen), split, random, direct);
        }
        assertThat(serverSeen.text()).isEqualTo(spec.expectedServerTranscript());
        assertThat(clientSeen.text()).isEqualTo(spec.expectedClientTranscript());
    }

    private static void feed(byte[] data, Feeder.Sink sink, Split split, SplittableRandom random, boolean direct)
            throws Http1Exception {
        Feeder feeder = new Feeder(data.length + 16, direct);
        switch (split) {
            case WHOLE:
                feeder.whole(data, sink);
                break;
            case BYTE:
                feeder.byteAtATime(data, sink);
                break;
            default:
                feeder.randomSplits(data, random, 1 + random.nextInt(300), sink);
                break;
        }
        assertThat(feeder.leftover()).as("bytes left unconsumed").isZero();
    }

    interface BodyEncoder {
        int encode(ByteBuffer src, ByteBuffer out);
    }

    interface Poller {
        int poll(ByteBuffer out);
    }

    static byte[] encodeRequest(Http1ClientCodec client, ExchangeSpec spec, SplittableRandom random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.startRequest(spec.method, spec.target, spec.requestFields);
        drain(client::pollOutbound, random, out);
        out.writeBytes(encodeBody(spec.requestBody, random, client::encodeBody));
        client.endRequest(spec.requestTrailers);
        drain(client::pollOutbound, random, out);
        return out.toByteArray();
    }

    static byte[] encodeResponse(Http1ServerCodec server, ExchangeSpec spec, SplittableRandom random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < spec.interims; i++) {
            server.startResponse(100, "Continue", Http1Fields.EMPTY);
        }
        server.startResponse(spec.status, spec.reason, spec.responseFields);
        drain(server::pollOutbound, random, out);
        out.writeBytes(encodeBody(spec.responseBody, random, server::encodeBody));
        server.endResponse(spec.responseTrailers);
        drain(server::pollOutbound, random, out);
        return out.toByteArray();
    }

    static byte[] encodeBody(byte[] body, SplittableRandom random, BodyEncoder encoder) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer src = ByteBuffer.wrap(body);
        ByteBuffer buf = ByteBuffer.allocate(8 + random.nextInt(120));
        int guard = 0;
        while (src.hasRemaining()) {
            buf.clear();
            encoder.encode(src, buf);
            buf.flip();
            out.write(buf.array(), 0, buf.limit());
            assertThat(++guard).as("encodeBody makes progress").isLessThan(1_000_000);
        }
        return out.toByteArray();
    }

    private static void drain(Poller poller, SplittableRandom random, ByteArrayOutputStream out) {
        ByteBuffer buf = ByteBuffer.allocate(1 + random.nextInt(64));
        while (true) {
            buf.clear();
            int n = poller.poll(buf);
            if (n == 0) {
                return;
            }
            out.write(buf.array(), 0, n);
        }
    }
}
