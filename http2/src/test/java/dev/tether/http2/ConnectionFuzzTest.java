package dev.tether.http2;

import dev.tether.http2.frame.ContinuationFrame;
import dev.tether.http2.frame.DataFrame;
import dev.tether.http2.frame.GoAwayFrame;
import dev.tether.http2.frame.HeadersFrame;
import dev.tether.http2.frame.PingFrame;
import dev.tether.http2.frame.Priority;
import dev.tether.http2.frame.PriorityFrame;
import dev.tether.http2.frame.RstStreamFrame;
import dev.tether.http2.frame.Setting;
import dev.tether.http2.frame.SettingsFrame;
import dev.tether.http2.frame.UnknownFrame;
import dev.tether.http2.frame.WindowUpdateFrame;
import dev.tether.http2.internal.conn.Preface;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded fuzz: random frames, mutated valid conversations and random splits, in both roles. Only
 * {@link Http2Exception} may escape, and what a connection buffers stays bounded. For every eighth
 * input an oracle checks that the outcome (error code, events, data bytes per stream) is the same
 * whether the bytes arrive in one read or in random reads. A failure prints the seed;
 * {@code -Dfuzz.seed=N} replays one input.
 */
class ConnectionFuzzTest {
    static final int INPUTS = Integer.getInteger("fuzz.inputs", 200_000);
    static final long MAX_PENDING = 4L << 20;
    /** Every this many seeds, the input is also checked against the split-independence oracle. */
    static final int ORACLE_EVERY = 8;

    @Test
    void anyInputYieldsOnlyTypedErrorsWithBoundedMemory() {
        Long only = Long.getLong("fuzz.seed");
        long first = only != null ? only : 1;
        long last = only != null ? only : INPUTS;
        Http2Config config = Http2Config.builder().maxConcurrentStreams(20).build();
        Map<ErrorCode, Integer> errors = new EnumMap<>(ErrorCode.class);
        int accepted = 0;
        int acceptedWithStreams = 0;
        for (long seed = first; seed <= last; seed++) {
            try {
                Outcome split = runOne(seed, config);
                if (split.error() != null) {
                    errors.merge(split.error(), 1, Integer::sum);
                } else {
                    accepted++;
                    acceptedWithStreams += split.headers() > 0 ? 1 : 0;
                }
                if (seed % ORACLE_EVERY == 0 || only != null) {
                    // The oracle: what a connection makes of bytes depends on the bytes, never on
                    // how they were cut into reads.
                    Outcome whole = feed(seed, config, false);
                    Outcome cut = feed(seed, config, true);
                    if (!cut.equals(whole)) {
                        assertThat(cut).as("random reads vs one read").isEqualTo(whole);
                    }
                }
            } catch (Throwable t) {
                throw new AssertionError("fuzz input failed; replay with -Dfuzz.seed=" + seed, t);
            }
        }
        if (only == null) {
            System.out.println("ConnectionFuzzTest: accepted=" + accepted + " (with streams " + acceptedWithStreams
                    + "), errors=" + errors);
            // Both paths were taken in earnest: valid conversations that opened streams were accepted,
            // and the rejections name the errors this input can cause, not one catch-all.
            assertThat(acceptedWithStreams).as("accepted inputs that delivered headers").isGreaterThan(INPUTS / 100);
            assertThat(errors.keySet()).as("error codes seen").contains(ErrorCode.PROTOCOL_ERROR,
                    ErrorCode.FRAME_SIZE_ERROR, ErrorCode.COMPRESSION_ERROR, ErrorCode.FLOW_CONTROL_ERROR);
        }
    }

    /**
     * What the connection made of one input: the error it failed with ({@code null} if none), the
     * events it delivered (data as bytes per stream, since a read may end inside a DATA frame), and
     * whether it ended closed; and, for the random-reads run with polls, how many header blocks arrived.
     *
     * <p>Thread safety: immutable.
     */
    record Outcome(ErrorCode error, List<String> events, Map<Integer, Long> dataBytes, boolean closed, int headers) {
    }

    /** Returns how the connection took the input, fed in random reads with random outbound polls. */
    static Outcome runOne(long seed, Http2Config config) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        Role role = rnd.nextBoolean() ? Role.SERVER : Role.CLIENT;
        Http2Connection c = new Http2Connection(role, config);
        byte[] bytes = input(rnd, role);
        if (role == Role.CLIENT && rnd.nextInt(4) == 0) {
            c.newStream(Wire.REQUEST, rnd.nextBoolean());
        }
        SinkListener l = new SinkListener();
        int pos = 0;
        ByteBuffer sink = ByteBuffer.allocate(8192);
        try {
            while (pos < bytes.length) {
                int n = Math.min(bytes.length - pos, 1 + rnd.nextInt(rnd.nextBoolean() ? 7 : 600));
                c.onBytes(ByteBuffer.wrap(bytes, pos, n), l);
                pos += n;
                if (rnd.nextInt(3) == 0) {
                    sink.clear();
                    c.pollOutbound(sink);
                }
                assertThat((long) c.pendingOutbound()).isLessThan(MAX_PENDING);
            }
        } catch (Http2Exception e) {
            assertThat(c.state()).isEqualTo(Http2Connection.State.CLOSED);
            assertThat(e.errorCode()).isNotNull();
            if (e.errorCode() == ErrorCode.INTERNAL_ERROR) {
                throw new AssertionError("internal error", e);
            }
            return new Outcome(e.errorCode(), List.of(), Map.of(), true, l.headers);
        }
        return new Outcome(null, List.of(), Map.of(), false, l.headers);
    }

    /**
     * The same input as {@link #runOne}, never polling outbound: in one read, or in random reads
     * (from an independent random source), recording what was delivered.
     */
    static Outcome feed(long seed, Http2Config config, boolean randomReads) throws Http2Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        Role role = rnd.nextBoolean() ? Role.SERVER : Role.CLIENT;
        Http2Connection c = new Http2Connection(role, config);
        byte[] bytes = input(rnd, role);
        if (role == Role.CLIENT && rnd.nextInt(4) == 0) {
            c.newStream(Wire.REQUEST, rnd.nextBoolean());
        }
        SplittableRandom reads = new SplittableRandom(~seed);
        DigestListener l = new DigestListener();
        ErrorCode error = null;
        try {
            for (int pos = 0; pos < bytes.length; ) {
                int n = randomReads ? Math.min(bytes.length - pos, 1 + reads.nextInt(reads.nextBoolean() ? 7 : 600))
                        : bytes.length;
                c.onBytes(ByteBuffer.wrap(bytes, pos, n), l);
                pos += n;
            }
        } catch (Http2Exception e) {
            error = e.errorCode();
        }
        return new Outcome(error, error == null ? l.events : List.of(), error == null ? l.dataBytes : Map.of(),
                c.state() == Http2Connection.State.CLOSED, 0);
    }

    private static byte[] input(SplittableRandom rnd, Role role) {
        ByteBuffer in = role == Role.SERVER ? conversation(rnd, true) : conversation(rnd, false);
        byte[] bytes = new byte[in.remaining()];
        in.get(bytes);
        mutate(rnd, bytes);
        return bytes;
    }

    /** A plausible conversation from the peer, built from valid frames. */
    static ByteBuffer conversation(SplittableRandom rnd, boolean toServer) {
        Wire w = new Wire();
        if (toServer) {
            w.magic();
        }
        w.settings(new Setting(Setting.INITIAL_WINDOW_SIZE, rnd.nextInt(1 << 20)));
        int frames = 1 + rnd.nextInt(12);
        for (int i = 0; i < frames; i++) {
            int id = 1 + 2 * rnd.nextInt(6);
            if (!toServer && rnd.nextInt(3) == 0) {
                id = 1;
            }
            randomFrame(rnd, w, id, toServer);
        }
        return w.take();
    }

    static void randomFrame(SplittableRandom rnd, Wire w, int id, boolean toServer) {
        switch (rnd.nextInt(14)) {
            case 0, 1, 2 -> w.headers(id, toServer ? Wire.REQUEST : Wire.RESPONSE, rnd.nextBoolean());
            case 3, 4 -> w.frame(new DataFrame(id, ByteBuffer.allocate(rnd.nextInt(300)), rnd.nextBoolean(),
                    rnd.nextInt(4) == 0 ? rnd.nextInt(256) : -1));
            case 5 -> w.frame(new RstStreamFrame(id, rnd.nextInt(16)));
            case 6 -> w.frame(new WindowUpdateFrame(rnd.nextInt(3) == 0 ? 0 : id, 1 + rnd.nextInt(Integer.MAX_VALUE)));
            case 7 -> w.frame(new PingFrame(rnd.nextBoolean(), rnd.nextLong()));
            case 8 -> w.frame(new PriorityFrame(id, new Priority(rnd.nextInt(8), rnd.nextBoolean(), 1 + rnd.nextInt(256))));
            case 9 -> w.frame(new SettingsFrame(rnd.nextBoolean(), List.of()));
            case 10 -> w.frame(new GoAwayFrame(rnd.nextInt(20), rnd.nextInt(14), ByteBuffer.allocate(rnd.nextInt(20))));
            case 11 -> {
                ByteBuffer block = w.block(Wire.REQUEST);
                int cut = rnd.nextInt(block.remaining() + 1);
                w.frame(new HeadersFrame(id, block.slice(0, cut), false, false, -1, null));
                w.frame(new ContinuationFrame(id, block.slice(cut, block.remaining() - cut), true));
            }
            case 12 -> w.frame(new UnknownFrame(0x20 + rnd.nextInt(200), rnd.nextInt(256), id,
                    ByteBuffer.allocate(rnd.nextInt(40))));
            default -> {
                byte[] junk = new byte[rnd.nextInt(30)];
                rnd.nextBytes(junk);
                w.raw(rnd.nextInt(12), rnd.nextInt(256), rnd.nextInt(3) == 0 ? 0 : id, junk);
            }
        }
    }

    /** Flips, inserts or truncates a few bytes (sometimes none), sparing the preface most of the time. */
    static void mutate(SplittableRandom rnd, byte[] b) {
        int flips = rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(4);
        int from = rnd.nextInt(8) == 0 ? 0 : Math.min(b.length, Preface.MAGIC.length);
        for (int i = 0; i < flips && b.length > from; i++) {
            int at = from + rnd.nextInt(b.length - from);
            b[at] = rnd.nextInt(4) == 0 ? (byte) rnd.nextInt(256) : (byte) (b[at] ^ (1 << rnd.nextInt(8)));
        }
    }

    /** Records every event but DATA, whose bytes it sums per stream (a read may end inside a frame). */
    static final class DigestListener extends RecordingListener {
        final Map<Integer, Long> dataBytes = new TreeMap<>();

        @Override
        public void onHeaders(int streamId, List<Header> headers, boolean endStream) {
            events.add("headers " + streamId + " " + headers + (endStream ? " end" : ""));
        }

        @Override
        public void onTrailers(int streamId, List<Header> trailers) {
            events.add("trailers " + streamId + " " + trailers);
        }

        @Override
        public void onData(int streamId, ByteBuffer data, boolean endStream) {
            dataBytes.merge(streamId, (long) data.remaining(), Long::sum);
            if (endStream) {
                events.add("data end " + streamId);
            }
        }
    }

    /** Keeps nothing but a count of header blocks, so memory is the connection's own. */
    static final class SinkListener extends RecordingListener {
        int headers;

        @Override
        public void onHeaders(int streamId, List<Header> headers, boolean endStream) {
            this.headers++;
        }

        @Override
        public void onTrailers(int streamId, List<Header> trailers) {
        }

        @Override
        public void onData(int streamId, ByteBuffer data, boolean endStream) {
        }
    }
}
