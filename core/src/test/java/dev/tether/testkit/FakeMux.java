package dev.tether.testkit;

import dev.tether.core.CloseReason;
import dev.tether.core.Mux;
import dev.tether.core.MuxEvent;
import dev.tether.core.MuxListener;
import dev.tether.core.Stream;

import java.util.ArrayList;
import java.util.List;

/**
 * A scriptable mux: HTTP/1-like ({@link #h1}) or HTTP/2-like ({@link #h2}). Tests change its facts and
 * decide whether the engine is told ({@link #goAway()} tells it; setting fields does not).
 *
 * <p>Thread safety: not thread safe, like a real mux; the stress test confines each to one thread.
 */
public class FakeMux implements Mux<FakeMux.FakeStream> {
    private final MuxListener listener;
    private final boolean multiplexed;
    /** The local cap, then min(peer limit, local cap). */
    public int limit;
    public boolean ready;
    public CloseReason unusable;
    /** Identifiers left (HTTP/2, R48); effectively unlimited by default. */
    public int streamsLeft = Integer.MAX_VALUE;
    /** When ≥ 0, reported as availableStreams whatever the state (a fact the engine was not told). */
    public int availableOverride = -1;
    /** Run at the start of every {@link #availableStreams()} call: something another thread does meanwhile. */
    public Runnable onAvailableStreams = () -> { };
    public boolean failMigration;
    public int loop;
    /** Told of every call the engine makes into this mux (R21, R61: never under an engine lock); or null. */
    public java.util.function.Consumer<String> onCall;
    private int open;
    private int exchanges;
    private boolean lastWasFirst = true;
    private final List<FakeStream> streams = new ArrayList<>();

    FakeMux(MuxListener listener, boolean multiplexed, int limit) {
        this.listener = listener;
        this.multiplexed = multiplexed;
        this.limit = limit;
    }

    /** An HTTP/1-like mux: one exchange at a time; other loops may take it over. */
    public static FakeMux h1(MuxListener listener) {
        return new Migrating(listener, false, 1);
    }

    /** An HTTP/2-like mux with a local cap of {@code localCap} streams; other loops may take it over. */
    public static FakeMux h2(MuxListener listener, int localCap) {
        return new Migrating(listener, true, localCap);
    }

    /** An HTTP/1-like mux that no other loop may take over (not {@link Mux.Migratable}). */
    public static FakeMux h1Pinned(MuxListener listener) {
        return new FakeMux(listener, false, 1);
    }

    /** An HTTP/2-like mux that no other loop may take over (not {@link Mux.Migratable}). */
    public static FakeMux h2Pinned(MuxListener listener, int localCap) {
        return new FakeMux(listener, true, localCap);
    }

    /** A fake mux that another loop may take over (R59). */
    static final class Migrating extends FakeMux implements Mux.Migratable {
        Migrating(MuxListener listener, boolean multiplexed, int limit) {
            super(listener, multiplexed, limit);
        }

        @Override
        public boolean migrateTo(int toLoop) {
            called("migrateTo");
            if (failMigration) {
                return false;
            }
            loop = toLoop;
            return true;
        }
    }

    void called(String method) {
        if (onCall != null) {
            onCall.accept(method);
        }
    }

    /** One stream handed out by {@link #attach}; never reused, so a test may keep it. */
    public static final class FakeStream implements Stream {
        public final long lease;
        public final int exchange;
        public boolean responseStarted;
        public boolean notProcessed;
        /** An HTTP/1 exchange detached before completion poisons the connection. */
        public boolean complete = true;
        boolean detached;

        FakeStream(long lease, int exchange) {
            this.lease = lease;
            this.exchange = exchange;
        }

        @Override
        public long lease() {
            return detached ? dev.tether.core.Lease.NONE : lease;
        }
    }

    @Override
    public boolean multiplexed() {
        called("multiplexed");
        return multiplexed;
    }

    @Override
    public boolean ready() {
        called("ready");
        return ready;
    }

    @Override
    public int availableStreams() {
        called("availableStreams");
        onAvailableStreams.run();
        if (availableOverride >= 0) {
            return availableOverride;
        }
        if (unusable != null) {
            return 0;
        }
        return multiplexed ? Math.min(limit - open, streamsLeft) : 1 - open;
    }

    @Override
    public int usedStreams() {
        called("usedStreams");
        return open;
    }

    @Override
    public CloseReason unusableReason() {
        called("unusableReason");
        return unusable;
    }

    @Override
    public boolean firstExchange() {
        called("firstExchange");
        return lastWasFirst;
    }

    @Override
    public FakeStream attach(long lease) {
        called("attach");
        if (!multiplexed && open > 0) {
            throw new IllegalStateException("HTTP/1 mux already carries an exchange");
        }
        open++;
        exchanges++;
        if (multiplexed && streamsLeft != Integer.MAX_VALUE) {
            streamsLeft--;
            if (streamsLeft == 0) {
                unusable = CloseReason.MAX_REUSE;
            }
        }
        FakeStream s = new FakeStream(lease, exchanges);
        streams.add(s);
        return s;
    }

    @Override
    public int detach(FakeStream s) {
        called("detach");
        if (s.detached) {
            throw new IllegalStateException("stream detached twice");
        }
        s.detached = true;
        open--;
        lastWasFirst = s.exchange == 1;
        if (!multiplexed && !s.complete && unusable == null) {
            unusable = CloseReason.ERROR;
        }
        return (s.responseStarted ? RESPONSE_STARTED : 0) | (s.notProcessed ? NOT_PROCESSED : 0);
    }

    /** The streams attached so far, in order. */
    public List<FakeStream> streams() {
        return streams;
    }

    /** The handshake completes; the engine is told. */
    public void becomeReady() {
        ready = true;
        listener.onMuxEvent(MuxEvent.READY);
    }

    /** The peer's SETTINGS set the concurrency limit; the engine is told (R47). */
    public void peerSettings(int peerMaxConcurrentStreams, int localCap) {
        limit = Math.min(peerMaxConcurrentStreams, localCap);
        ready = true;
        listener.onMuxEvent(MuxEvent.CAPACITY_CHANGED);
    }

    /** A GOAWAY arrives; the engine is told (R64). */
    public void goAway() {
        unusable = CloseReason.GOAWAY;
        listener.onMuxEvent(MuxEvent.GOAWAY);
    }

    /** The peer closes; the engine is told (R62). */
    public void peerClose() {
        unusable = CloseReason.PEER_CLOSED;
        listener.onMuxEvent(MuxEvent.PEER_CLOSED);
    }

    /** A transport error; the engine is told (R62). */
    public void fail() {
        unusable = CloseReason.ERROR;
        listener.onMuxEvent(MuxEvent.ERROR);
    }

    /** Bytes arrive while idle (HTTP/1, R63); the engine is told. */
    public void unsolicitedBytes() {
        unusable = CloseReason.ERROR;
        listener.onMuxEvent(MuxEvent.UNSOLICITED_BYTES);
    }

    /** The next exchange's response carries {@code Connection: close} or equivalent (R40). */
    public void closeAfterExchange() {
        unusable = CloseReason.ERROR;
    }
}
