package dev.tether.benchmarks;

import dev.tether.core.AcquireException;
import dev.tether.core.Outcome;
import dev.tether.core.RequestTraits;
import dev.tether.core.ReuseEngine;
import dev.tether.core.ReuseKey;
import dev.tether.core.ReusePolicy;
import dev.tether.core.Session;
import dev.tether.core.Target;
import dev.tether.core.TargetConfig;
import dev.tether.core.Transport;
import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http2.Http2Config;
import dev.tether.http2.Http2Connection;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.Http2Listener;
import dev.tether.http2.Http2Mux;
import dev.tether.http2.Role;
import org.eclipse.jetty.util.ConcurrentPool;
import org.eclipse.jetty.util.Pool;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.RunnerException;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Question: how long does it take to put one more stream on a shared HTTP/2 connection and take it
 * off again? One op is one acquire plus one release of a stream slot on a connection whose peer
 * allows 100 concurrent streams, {@code held} of them already in use by other requests; at
 * {@code held = 99} the measured acquire is the one that fills the connection (Tether moves it off
 * its AVAILABLE list and back).
 *
 * <p>{@code tether}: the engine ({@link ReusePolicy#ALWAYS}, so the connection is shared by every
 * session) over a real {@link Http2Mux} that has received the peer's SETTINGS; each acquire attaches
 * an {@code Http2Stream} handle, each release detaches it. {@code jetty-concurrent}: Jetty's
 * {@link ConcurrentPool} with one entry and {@code maxMultiplex} 100, as Jetty's multiplex
 * connection pool uses it.
 *
 * <p>Invariants: the measured method touches no shared counter of its own; leases go to a
 * {@link Blackhole}. Single-threaded: a mux is confined to its connection's loop.
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
public class StreamAttachDetachBenchmark {
    static final int MAX_CONCURRENT_STREAMS = 100;

    @Param({"tether", "jetty-concurrent"})
    public String pool;

    @Param({"0", "50", "99"})
    public int held;

    private ReuseEngine engine;
    private Target target;
    private ReuseKey key;
    private Session session;
    private long nowNanos;
    private ConcurrentPool<FakeConnection> jetty;

    /** Opens the shared connection and attaches {@code held} streams to it. */
    @Setup(Level.Trial)
    public void setUp() throws AcquireException {
        if (pool.equals("tether")) {
            setUpTether();
        } else if (pool.equals("jetty-concurrent")) {
            setUpJetty();
        } else {
            throw new IllegalArgumentException("unknown pool: " + pool);
        }
    }

    private void setUpTether() throws AcquireException {
        engine = ReuseEngine.builder(c -> {
            c.installMux(new Http2Mux(c, settledConnection()));
            return (Transport) () -> { };
        }).build();
        target = engine.addTarget(TargetConfig.builder("origin").policy(ReusePolicy.ALWAYS).build());
        key = ReuseKey.builder(target).destination(new InetSocketAddress("127.0.0.1", 9000)).build();
        nowNanos = System.nanoTime();
        Session others = engine.openSession(0);
        engine.release(engine.acquire(others, key, RequestTraits.FIRST, nowNanos), Outcome.COMPLETED, nowNanos);
        for (int i = 0; i < held; i++) {
            engine.acquire(others, key, RequestTraits.NONE, nowNanos); // kept: other requests in flight
        }
        session = engine.openSession(0);
        if (engine.stats(target).open() != 1) {
            throw new IllegalStateException("expected one shared connection: " + engine.stats(target));
        }
    }

    /** A client connection that has read the peer's SETTINGS (MAX_CONCURRENT_STREAMS 100). */
    static Http2Connection settledConnection() {
        Http2Connection conn = new Http2Connection(Role.CLIENT,
                Http2Config.builder().maxConcurrentStreams(MAX_CONCURRENT_STREAMS).build());
        ByteBuffer settings = ByteBuffer.allocate(15);
        settings.put((byte) 0).put((byte) 0).put((byte) 6).put((byte) 0x4).put((byte) 0).putInt(0);
        settings.putShort((short) 0x3).putInt(MAX_CONCURRENT_STREAMS).flip();
        try {
            conn.onBytes(settings, new Http2Listener() { });
        } catch (Http2Exception e) {
            throw new IllegalStateException(e);
        }
        if (!conn.peerSettingsReceived()) {
            throw new IllegalStateException("SETTINGS not applied: " + conn);
        }
        return conn;
    }

    private void setUpJetty() {
        jetty = new ConcurrentPool<>(ConcurrentPool.StrategyType.FIRST, 1, c -> MAX_CONCURRENT_STREAMS);
        Pool.Entry<FakeConnection> entry = jetty.reserve();
        entry.enable(new FakeConnection(), false);
        for (int i = 0; i < held; i++) {
            if (jetty.acquire() == null) {
                throw new IllegalStateException("could not hold stream " + i + ": " + jetty);
            }
        }
    }

    /**
     * Tether: acquires a stream on the shared connection, sinks the lease, releases it.
     *
     * @param sink JMH's sink
     * @throws AcquireException never in steady state
     */
    @Benchmark
    public void attachDetach(Blackhole sink) throws AcquireException {
        if (jetty == null) {
            long lease = engine.acquire(session, key, RequestTraits.NONE, nowNanos);
            sink.consume(lease);
            engine.release(lease, Outcome.COMPLETED, nowNanos);
        } else {
            Pool.Entry<FakeConnection> entry = jetty.acquire();
            sink.consume(entry);
            entry.release();
        }
    }

    /**
     * Runs this benchmark alone.
     *
     * @param args ignored
     * @throws RunnerException if a benchmark failed
     */
    public static void main(String[] args) throws RunnerException {
        Benchmarks.run(StreamAttachDetachBenchmark.class);
    }
}
