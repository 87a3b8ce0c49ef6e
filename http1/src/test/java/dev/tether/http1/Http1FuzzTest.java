package dev.tether.http1;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded mutation fuzzing over valid messages: flip, insert, delete and duplicate bytes, splice two
 * messages, and feed the result at random splits. Only success or an {@link Http1Exception} (never
 * {@code INTERNAL}) may come out, and input storage never exceeds the configured bound. A failure
 * prints the seed and the input; {@code -Dtether.fuzz.inputs=N} raises the count.
 */
class Http1FuzzTest {
    private static final int INPUTS = Integer.getInteger("tether.fuzz.inputs", 200_000);
    private static final long SEED = Long.getLong("tether.fuzz.seed", 0x7E7E_1_1L);
    private static final Http1Config CONFIG = Http1Config.builder().maxStartLineLength(128)
            .maxHeaderSectionSize(512).maxFieldCount(16).maxChunkExtensionLength(32).maxTrailerSize(128).build();
    private static final byte[] INTERESTING = "\r\n \t:;,=\"\\0aF-+\u0000\u007f\u00ff/".getBytes(StandardCharsets.ISO_8859_1);

    private static final String[] REQUESTS = {
        "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "POST /p?q=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
        "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1;q=\"a b\"\r\nhello\r\n3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi",
        "CONNECT a.test:443 HTTP/1.1\r\nHost: a.test:443\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET http://a.test/x HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        "\r\nPUT /u HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3, 3\r\n\r\nabc",
    };
    private static final String[] RESPONSES = {
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\n0123456789\r\n0\r\nX-Sum: 9\r\n\r\n",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nX-A: b\r\n\r\n",
        "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close",
        "HTTP/1.1 304 Not Modified\r\nContent-Length: 40\r\nETag: \"x\"\r\n\r\n",
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u0081\u0000",
        "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: NTLM\r\nWWW-Authenticate: Negotiate abc\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n1\r\nx\r\n0\r\n\r\n",
    };

    @Test
    void mutatedMessagesYieldOnlySuccessOrHttp1ExceptionWithinMemoryBounds() {
        byte[][] requests = encode(REQUESTS);
        byte[][] responses = encode(RESPONSES);
        SplittableRandom seeds = new SplittableRandom(SEED);
        int rejected = 0;
        for (int n = 0; n < INPUTS; n++) {
            long seed = seeds.nextLong();
            SplittableRandom r = new SplittableRandom(seed);
            boolean request = r.nextBoolean();
            byte[][] corpus = request ? requests : responses;
            byte[] input = mutate(corpus[r.nextInt(corpus.length)], corpus, r);
            try {
                rejected += request ? parseRequests(input, r) : parseResponse(input, r, r.nextInt(4));
            } catch (Throwable t) {
                throw new AssertionError("input #" + n + " seed " + seed + " request=" + request
                        + " bytes=" + HexFormat.of().formatHex(input), t);
            }
        }
        // The mutations must actually hit the rejection paths, or the test proves nothing.
        assertThat(rejected).isBetween(INPUTS / 10, INPUTS - INPUTS / 20);
    }

    @Test
    void unmutatedCorpusParsesWithoutRejection() {
        SplittableRandom r = new SplittableRandom(SEED);
        for (byte[] request : encode(REQUESTS)) {
            assertThat(parseRequests(request, r)).as(new String(request, StandardCharsets.ISO_8859_1)).isZero();
        }
        for (byte[] response : encode(RESPONSES)) {
            String text = new String(response, StandardCharsets.ISO_8859_1);
            assertThat(parseResponse(response, r, text.startsWith("HTTP/1.1 101") ? 3 : 0)).as(text).isZero();
        }
    }

    private static int parseRequests(byte[] input, SplittableRandom r) {
        Http1ServerCodec codec = new Http1ServerCodec(CONFIG);
        Transcript sink = new Transcript();
        Feeder feeder = new Feeder(input.length + 16, r.nextInt(4) == 0);
        try {
            feeder.randomSplits(input, r, 1 + r.nextInt(64), in -> {
                int n = codec.onBytes(in, sink);
                if (codec.requestComplete() && codec.state() == Http1CodecState.BUSY) {
                    answer(codec); // let pipelined requests through
                }
                return n;
            });
            codec.onEndOfInput(sink);
            return 0;
        } catch (Http1Exception e) {
            assertThat(e.reason()).isNotEqualTo(Http1Exception.Reason.INTERNAL);
            assertThat(codec.state()).isEqualTo(Http1CodecState.FAILED);
            return 1;
        } finally {
            assertThat(codec.storageCapacity()).isLessThanOrEqualTo(CONFIG.maxBufferedBytes() + 1);
        }
    }

    private static void answer(Http1ServerCodec codec) {
        codec.startResponse(200, "OK", Http1Fields.of("Content-Length", "0"));
        codec.endResponse();
        codec.pollOutbound(ByteBuffer.allocate(256));
    }

    private static int parseResponse(byte[] input, SplittableRandom r, int kind) {
        Http1ClientCodec codec = new Http1ClientCodec(CONFIG);
        Transcript sink = new Transcript();
        String method = kind == 1 ? "HEAD" : kind == 2 ? "CONNECT" : "GET";
        Http1Fields fields = kind == 3 ? Http1Fields.of("Host", "a", "Upgrade", "websocket", "Connection", "Upgrade")
                : Http1Fields.of("Host", "a:443");
        codec.startRequest(method, kind == 2 ? "a:443" : "/", fields);
        codec.endRequest();
        codec.pollOutbound(ByteBuffer.allocate(256));
        Feeder feeder = new Feeder(input.length + 16, r.nextInt(4) == 0);
        try {
            feeder.randomSplits(input, r, 1 + r.nextInt(64), in -> codec.onBytes(in, sink));
            codec.onEndOfInput(sink);
            return 0;
        } catch (Http1Exception e) {
            assertThat(e.reason()).isNotEqualTo(Http1Exception.Reason.INTERNAL);
            return 1;
        } finally {
            assertThat(codec.storageCapacity()).isLessThanOrEqualTo(CONFIG.maxBufferedBytes() + 1);
        }
    }

    private static byte[] mutate(byte[] base, byte[][] corpus, SplittableRandom r) {
        byte[] b = base;
        int mutations = 1 + r.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            int at = b.length == 0 ? 0 : r.nextInt(b.length);
            switch (r.nextInt(6)) {
                case 0: // flip a bit
                    b = b.clone();
                    if (b.length > 0) {
                        b[at] ^= (byte) (1 << r.nextInt(8));
                    }
                    break;
                case 1: // insert an interesting or random byte
                    b = insert(b, at, new byte[] {r.nextBoolean() ? INTERESTING[r.nextInt(INTERESTING.length)] : (byte) r.nextInt(256)});
                    break;
                case 2: // delete a short range
                    b = delete(b, at, Math.min(b.length - at, 1 + r.nextInt(4)));
                    break;
                case 3: // duplicate a range (repeated lines, doubled fields)
                    int len = Math.min(b.length - at, 1 + r.nextInt(40));
                    b = insert(b, at, Arrays.copyOfRange(b, at, at + len));
                    break;
                case 4: // splice with another message
                    byte[] other = corpus[r.nextInt(corpus.length)];
                    int cut = other.length == 0 ? 0 : r.nextInt(other.length);
                    b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(other, cut, other.length));
                    break;
                default: // replace a byte with an interesting one
                    b = b.clone();
                    if (b.length > 0) {
                        b[at] = INTERESTING[r.nextInt(INTERESTING.length)];
                    }
                    break;
            }
        }
        return b;
    }

    private static byte[] insert(byte[] b, int at, byte[] extra) {
        return concat(concat(Arrays.copyOf(b, at), extra), Arrays.copyOfRange(b, at, b.length));
    }

    private static byte[] delete(byte[] b, int at, int n) {
        return concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at + n, b.length));
    }

    private static byte[] concat(byte[] a, byte[] c) {
        byte[] out = Arrays.copyOf(a, a.length + c.length);
        System.arraycopy(c, 0, out, a.length, c.length);
        return out;
    }

    private static byte[][] encode(String[] messages) {
        byte[][] out = new byte[messages.length][];
        for (int i = 0; i < messages.length; i++) {
            out[i] = messages[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return out;
    }
}
