package dev.tether.benchmarks;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http2.internal.hpack.HeaderListener;
import dev.tether.http2.internal.hpack.HpackDecoder;
import dev.tether.http2.internal.hpack.HpackException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import org.eclipse.jetty.http.MetaData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.RunnerException;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Question: how fast does Tether's HPACK decoder decode real header blocks, beside Netty's and
 * Jetty's? One invocation decodes every story of one encoder's hpack-test-case directory (3,384
 * blocks), each story with a fresh decoder, since a story is one compression context; the score is
 * per block ({@link OperationsPerInvocation}).
 *
 * <p>Each decoder delivers what its API delivers: Tether calls a {@link HeaderListener} per field
 * (name and value {@code String}s, sunk into the {@link Blackhole}); Netty's
 * {@link DefaultHttp2HeadersDecoder} (header validation off, its cheapest setting) builds an
 * {@link Http2Headers}; Jetty's {@link org.eclipse.jetty.http2.hpack.HpackDecoder} builds a
 * {@link MetaData}, and rejects blocks with HTTP/1-only fields ({@code connection}) with a stream
 * error only after the whole block was decoded, so its dynamic table stays in step: such a block is
 * counted, not fatal. Limits are raised so that no decoder refuses a corpus block for size.
 *
 * <p>Invariants: decoders are created inside the measured method (one per story), identically for
 * all three; setup checks that Tether and Netty decode the same number of fields.
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
public class HpackDecodeBenchmark {
    private static final int LIMIT = 1 << 20;

    @Param({"tether", "netty", "jetty"})
    public String decoder;

    @Param({"nghttp2", "go-hpack", "python-hpack"})
    public String encoder;

    private ByteBuffer[][] buffers;
    private ByteBuf[][] nettyBuffers;
    private Blackhole sink;
    private FieldSink tetherSink;

    /**
     * Loads the stories and checks the decoders agree.
     *
     * @param sink JMH's sink, which the Tether listener feeds
     * @throws Exception if a decoder rejects the corpus
     */
    @Setup(Level.Trial)
    public void setUp(Blackhole sink) throws Exception {
        HpackStories stories = HpackStories.load(encoder);
        buffers = new ByteBuffer[stories.storyCount()][];
        nettyBuffers = new ByteBuf[stories.storyCount()][];
        for (int s = 0; s < stories.storyCount(); s++) {
            byte[][] blocks = stories.story(s);
            buffers[s] = new ByteBuffer[blocks.length];
            nettyBuffers[s] = new ByteBuf[blocks.length];
            for (int b = 0; b < blocks.length; b++) {
                buffers[s][b] = ByteBuffer.wrap(blocks[b]);
                nettyBuffers[s][b] = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(blocks[b].clone()));
            }
        }
        this.sink = sink;
        this.tetherSink = new FieldSink(sink);
        long tether = tether();
        long netty = netty();
        if (tether != netty) {
            throw new IllegalStateException("Tether decoded " + tether + " fields, Netty " + netty);
        }
        jetty(); // throws on a session (connection) error
        if (!decoder.equals("tether") && !decoder.equals("netty") && !decoder.equals("jetty")) {
            throw new IllegalArgumentException("unknown decoder: " + decoder);
        }
    }

    /**
     * Decodes every block of the directory with the selected decoder.
     *
     * @return the fields decoded (Tether, Netty) or the blocks decoded (Jetty)
     * @throws Exception never for the corpus
     */
    @Benchmark
    @OperationsPerInvocation(HpackStories.BLOCKS_PER_DIRECTORY)
    public long decodeStories() throws Exception {
        switch (decoder) {
            case "tether":
                return tether();
            case "netty":
                return netty();
            default:
                return jetty();
        }
    }

    private long tether() throws HpackException {
        long before = tetherSink.fields;
        for (ByteBuffer[] story : buffers) {
            HpackDecoder d = new HpackDecoder(4096, LIMIT, LIMIT);
            for (ByteBuffer block : story) {
                block.clear();
                d.decode(block, tetherSink);
            }
        }
        return tetherSink.fields - before;
    }

    private long netty() throws Http2Exception {
        long fields = 0;
        for (ByteBuf[] story : nettyBuffers) {
            DefaultHttp2HeadersDecoder d = new DefaultHttp2HeadersDecoder(false, LIMIT);
            for (ByteBuf block : story) {
                block.readerIndex(0);
                Http2Headers headers = d.decodeHeaders(1, block);
                fields += headers.size();
                sink.consume(headers);
            }
        }
        return fields;
    }

    private long jetty() throws org.eclipse.jetty.http2.hpack.HpackException.SessionException {
        long blocks = 0;
        for (ByteBuffer[] story : buffers) {
            org.eclipse.jetty.http2.hpack.HpackDecoder d = new org.eclipse.jetty.http2.hpack.HpackDecoder(LIMIT, System::nanoTime);
            d.setMaxHeaderListSize(LIMIT);
            for (ByteBuffer block : story) {
                block.clear();
                try {
                    MetaData metaData = d.decode(block);
                    sink.consume(metaData);
                    blocks++;
                } catch (org.eclipse.jetty.http2.hpack.HpackException.StreamException e) {
                    sink.consume(e); // HTTP/1-only field: a stream error, the table is kept in step
                }
            }
        }
        return blocks;
    }

    /**
     * Tether's listener: sinks each field and counts them, in this thread's state only.
     *
     * <p>Thread safety: confined to the benchmark thread.
     */
    @NotThreadSafe
    static final class FieldSink implements HeaderListener {
        private final Blackhole sink;
        long fields;

        FieldSink(Blackhole sink) {
            this.sink = sink;
        }

        @Override
        public void onHeader(String name, String value, boolean neverIndexed) {
            sink.consume(name);
            sink.consume(value);
            fields++;
        }
    }

    /**
     * Runs this benchmark alone.
     *
     * @param args ignored
     * @throws RunnerException if a benchmark failed
     */
    public static void main(String[] args) throws RunnerException {
        Benchmarks.run(HpackDecodeBenchmark.class);
    }
}
