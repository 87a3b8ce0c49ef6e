package dev.tether.benchmarks;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http1.Http1Config;
import dev.tether.http1.Http1Head;
import dev.tether.http1.Http1Listener;
import dev.tether.http1.internal.parser.HeadView;
import dev.tether.http1.internal.parser.MessageParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.ReferenceCountUtil;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.RunnerException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Question: how fast does Tether parse an HTTP/1.1 response head, beside Netty's
 * {@link HttpResponseDecoder} (on an {@link EmbeddedChannel}, as Netty applications run it) and
 * Jetty's {@link HttpParser}? One op parses one complete response (head, {@code Content-Length: 0})
 * with a parser that is reused from message to message, and hands the consumer the status and every
 * field's name and value as {@code String}s, which is what the peers deliver.
 *
 * <p>{@code response}: {@code nginx} is nginx 1.22's head for a static file (8 fields);
 * {@code api} is a larger API gateway response (20 fields, with cookies and security headers).
 *
 * <p>Invariants: every parser must complete the message in one call; setup checks it; results go to
 * a {@link Blackhole}.
 *
 * <p>Thread safety: one JMH thread ({@link Scope#Thread}).
 */
@NotThreadSafe
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class Http1ParseBenchmark {
    static final String NGINX = "HTTP/1.1 200 OK\r\n"
            + "Server: nginx/1.22.1\r\n"
            + "Date: Tue, 14 Jan 2025 10:21:33 GMT\r\n"
            + "Content-Type: text/html\r\n"
            + "Content-Length: 0\r\n"
            + "Last-Modified: Mon, 13 Jan 2025 08:00:00 GMT\r\n"
            + "Connection: keep-alive\r\n"
            + "ETag: \"6784c880-267\"\r\n"
            + "Accept-Ranges: bytes\r\n"
            + "\r\n";
    static final String API = "HTTP/1.1 200 OK\r\n"
            + "Date: Tue, 14 Jan 2025 10:21:33 GMT\r\n"
            + "Content-Type: application/json; charset=utf-8\r\n"
            + "Content-Length: 0\r\n"
            + "Connection: keep-alive\r\n"
            + "Cache-Control: private, no-cache, no-store, must-revalidate, max-age=0\r\n"
            + "Pragma: no-cache\r\n"
            + "Expires: Thu, 01 Jan 1970 00:00:00 GMT\r\n"
            + "Vary: Accept-Encoding, Origin\r\n"
            + "Strict-Transport-Security: max-age=63072000; includeSubDomains; preload\r\n"
            + "X-Content-Type-Options: nosniff\r\n"
            + "X-Frame-Options: DENY\r\n"
            + "Content-Security-Policy: default-src 'self'; img-src 'self' data:; frame-ancestors 'none'\r\n"
            + "Referrer-Policy: strict-origin-when-cross-origin\r\n"
            + "X-Request-Id: 7f3c2a9e-41b5-4d7e-9a0c-3e2f1b6d8c45\r\n"
            + "X-RateLimit-Limit: 1000\r\n"
            + "X-RateLimit-Remaining: 998\r\n"
            + "Set-Cookie: session=eyJ1c2VyIjoiNDIiLCJleHAiOjE3MzY4NTI0OTN9.c2lnbmF0dXJl; Path=/; HttpOnly; Secure; SameSite=Lax\r\n"
            + "Set-Cookie: csrf=5b1e0c7d9f2a4e6b8d0c1a3f5e7b9d2c; Path=/; Secure; SameSite=Strict\r\n"
            + "ETag: W/\"a1b2c3d4e5f6\"\r\n"
            + "Server: envoy\r\n"
            + "\r\n";

    @Param({"tether", "netty", "jetty"})
    public String parser;

    @Param({"nginx", "api"})
    public String response;

    private ByteBuffer bytes;
    private ByteBuf nettyBytes;
    private MessageParser tether;
    private TetherSink tetherSink;
    private EmbeddedChannel netty;
    private HttpParser jetty;
    private JettySink jettySink;
    private Blackhole sink;

    /**
     * Builds the parser and checks that it completes the message.
     *
     * @param sink JMH's sink
     * @throws Exception if a parser rejects the response
     */
    @Setup(Level.Trial)
    public void setUp(Blackhole sink) throws Exception {
        byte[] raw = (response.equals("api") ? API : NGINX).getBytes(StandardCharsets.ISO_8859_1);
        this.sink = sink;
        bytes = ByteBuffer.wrap(raw);
        nettyBytes = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(raw.clone()));
        switch (parser) {
            case "tether":
                tether = new MessageParser(Http1Config.DEFAULTS, false);
                tetherSink = new TetherSink(sink);
                break;
            case "netty":
                netty = new EmbeddedChannel(new HttpResponseDecoder());
                break;
            case "jetty":
                jettySink = new JettySink(sink);
                jetty = new HttpParser(jettySink);
                break;
            default:
                throw new IllegalArgumentException("unknown parser: " + parser);
        }
        if (parse() < 2) {
            throw new IllegalStateException(parser + " did not deliver the response");
        }
    }

    /** Closes Netty's channel. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (netty != null) {
            netty.finishAndReleaseAll();
        }
    }

    /**
     * Parses the response once.
     *
     * @return a count of what was delivered (so setup can check it)
     * @throws Exception never for these responses
     */
    @Benchmark
    public int parse() throws Exception {
        if (tether != null) {
            bytes.clear();
            tether.start(HeadView.Method.GET, false);
            if (!tether.parse(bytes, tetherSink)) {
                throw new IllegalStateException("Tether: message incomplete");
            }
            return tetherSink.fields;
        }
        if (netty != null) {
            nettyBytes.readerIndex(0);
            netty.writeInbound(nettyBytes);
            int messages = 0;
            for (Object m = netty.readInbound(); m != null; m = netty.readInbound()) {
                sink.consume(m);
                ReferenceCountUtil.release(m);
                messages++;
            }
            return messages;
        }
        bytes.clear();
        jetty.reset();
        if (!jetty.parseNext(bytes)) {
            throw new IllegalStateException("Jetty: message incomplete");
        }
        return jettySink.fields;
    }

    /**
     * Tether's consumer: the status and every field as strings.
     *
     * <p>Thread safety: confined to the benchmark thread.
     */
    @NotThreadSafe
    static final class TetherSink implements Http1Listener {
        private final Blackhole sink;
        int fields;

        TetherSink(Blackhole sink) {
            this.sink = sink;
        }

        @Override
        public void onHead(Http1Head head) {
            sink.consume(head.status());
            sink.consume(head.reasonPhrase());
            int n = head.fieldCount();
            for (int i = 0; i < n; i++) {
                sink.consume(head.fieldName(i));
                sink.consume(head.fieldValue(i));
            }
            fields = n;
        }
    }

    /**
     * Jetty's consumer: the status and every field as strings; stops at the end of the message.
     *
     * <p>Thread safety: confined to the benchmark thread.
     */
    @NotThreadSafe
    static final class JettySink implements HttpParser.ResponseHandler {
        private final Blackhole sink;
        int fields;

        JettySink(Blackhole sink) {
            this.sink = sink;
        }

        @Override
        public void startResponse(HttpVersion version, int status, String reason) {
            sink.consume(status);
            sink.consume(reason);
            fields = 0;
        }

        @Override
        public void parsedHeader(HttpField field) {
            sink.consume(field.getName());
            sink.consume(field.getValue());
            fields++;
        }

        @Override
        public boolean headerComplete() {
            return false;
        }

        @Override
        public boolean content(ByteBuffer content) {
            return false;
        }

        @Override
        public boolean contentComplete() {
            return false;
        }

        @Override
        public boolean messageComplete() {
            return true;
        }

        @Override
        public void earlyEOF() {
            throw new IllegalStateException("early EOF");
        }

        @Override
        public void badMessage(HttpException failure) {
            throw new IllegalStateException("bad message", (Throwable) failure);
        }
    }

    /**
     * Runs this benchmark alone.
     *
     * @param args ignored
     * @throws RunnerException if a benchmark failed
     */
    public static void main(String[] args) throws RunnerException {
        Benchmarks.run(Http1ParseBenchmark.class);
    }
}
