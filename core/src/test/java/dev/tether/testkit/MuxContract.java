package dev.tether.testkit;

import dev.tether.core.Connection;
import dev.tether.core.ConnectionState;
import dev.tether.core.Lease;
import dev.tether.core.Mux;
import dev.tether.core.MuxListener;
import dev.tether.core.Outcome;
import dev.tether.core.ReleaseResult;
import dev.tether.core.RequestTraits;
import dev.tether.core.ReuseEngine;
import dev.tether.core.ReusePolicy;
import dev.tether.core.Session;
import dev.tether.core.Stream;
import dev.tether.core.Target;
import dev.tether.core.TargetConfig;
import dev.tether.core.Transport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every {@link Mux} keeps with the engine (core's {@code Mux} Javadoc, docs/behaviour.md
 * §1, R39–R46). Each implementation (the fake, HTTP/1, HTTP/2) extends it and says how to create a
 * ready mux, complete an exchange and make the peer close. One contract, every implementation.
 *
 * <p>Thread safety: each test runs on one thread.
 */
public abstract class MuxContract<S extends Stream> {
    private long leases;

    /** A mux on a connection whose transport and handshake completed, reporting to {@code listener}. */
    protected abstract Mux<S> newReadyMux(MuxListener listener) throws Exception;

    /** Drives the exchange of {@code stream} to a complete, reusable response. */
    protected abstract void completeExchange(Mux<S> mux, S stream) throws Exception;

    /** The type of the mux's streams. */
    protected abstract Class<S> streamType();

    /** Makes the peer close the connection, as the host would report it. */
    protected abstract void peerCloses(Mux<S> mux) throws Exception;

    /** A new lease handle for attaching outside an engine. */
    protected long lease() {
        return ++leases;
    }

    @Test
    void multiplexedNeverChangesAndReadyNeverGoesBack() throws Exception {
        Mux<S> mux = newReadyMux(new RecordingMuxListener());
        boolean multiplexed = mux.multiplexed();
        assertThat(mux.ready()).isTrue();
        S s = mux.attach(lease());
        completeExchange(mux, s);
        mux.detach(s);
        assertThat(mux.multiplexed()).isEqualTo(multiplexed);
        assertThat(mux.ready()).isTrue();
    }

    @Test
    void attachUsesASlotAndDetachOfACompleteExchangeGivesItBack() throws Exception {
        // R39, R45, R46
        Mux<S> mux = newReadyMux(new RecordingMuxListener());
        int available = mux.availableStreams();
        assertThat(available).isPositive();
        assertThat(mux.usedStreams()).isZero();
        S s = mux.attach(lease());
        assertThat(s).isNotNull();
        assertThat(s.lease()).as("the stream names its lease").isNotEqualTo(Lease.NONE);
        assertThat(mux.usedStreams()).isEqualTo(1);
        assertThat(mux.availableStreams()).isEqualTo(available - 1);
        completeExchange(mux, s);
        int flags = mux.detach(s);
        assertThat(flags & Mux.RESPONSE_STARTED).isNotZero();
        assertThat(flags & Mux.NOT_PROCESSED).isZero();
        assertThat(mux.usedStreams()).isZero();
        assertThat(mux.unusableReason()).isNull();
        assertThat(mux.reusable()).isTrue();
        assertThat(mux.availableStreams()).isEqualTo(available);
    }

    @Test
    void aPeerCloseMakesTheConnectionUnusableForGood() throws Exception {
        // R40, R62
        RecordingMuxListener listener = new RecordingMuxListener();
        Mux<S> mux = newReadyMux(listener);
        peerCloses(mux);
        assertThat(mux.unusableReason()).isNotNull();
        assertThat(mux.reusable()).isFalse();
        assertThat(mux.availableStreams()).isLessThanOrEqualTo(0);
        assertThat(listener.events).contains(dev.tether.core.MuxEvent.PEER_CLOSED);
        assertThat(mux.unusableReason()).isNotNull();
    }

    @Test
    void anExchangeDetachedBeforeItsResponseReportsNoResponseByte() throws Exception {
        // R71
        Mux<S> mux = newReadyMux(new RecordingMuxListener());
        S s = mux.attach(lease());
        int flags = mux.detach(s);
        assertThat(flags & Mux.RESPONSE_STARTED).isZero();
    }

    @Test
    void firstExchangeIsReportedForTheFirstExchangeOnly() throws Exception {
        // R41
        Mux<S> mux = newReadyMux(new RecordingMuxListener());
        S first = mux.attach(lease());
        completeExchange(mux, first);
        mux.detach(first);
        boolean afterFirst = mux.firstExchange();
        S second = mux.attach(lease());
        completeExchange(mux, second);
        mux.detach(second);
        if (!mux.multiplexed()) {
            assertThat(afterFirst).isTrue();
        }
        assertThat(mux.firstExchange()).isFalse();
    }

    @Test
    void underTheEngineAConnectionIsParkedAndReused() throws Exception {
        // R39–R44 end to end with the real engine.
        List<Mux<S>> muxes = new ArrayList<>();
        ReuseEngine engine = ReuseEngine.builder((Connection c) -> {
            Mux<S> m = newReadyMux(c);
            muxes.add(m);
            c.installMux(m);
            return (Transport) () -> { };
        }).build();
        Target t = engine.addTarget(TargetConfig.builder("T").policy(ReusePolicy.SAFE).build());
        Session s = engine.openSession(0);
        for (int i = 0; i < 3; i++) {
            long handle = engine.acquire(s, EngineHarness.key(t), i == 0 ? RequestTraits.FIRST : RequestTraits.NONE, i);
            Lease l = engine.lease(handle);
            assertThat(l.reused()).isEqualTo(i > 0);
            Connection c = l.connection();
            Mux<S> mux = muxes.get(0);
            assertThat(c.mux()).isSameAs(mux);
            S stream = l.stream(streamType());
            assertThat(stream.lease()).isEqualTo(handle);
            completeExchange(mux, stream);
            ReleaseResult r = engine.release(handle, Outcome.COMPLETED, i);
            assertThat(r.kept()).isTrue();
            assertThat(c.state()).isIn(ConnectionState.IDLE, ConnectionState.SAFE);
        }
        assertThat(muxes).hasSize(1);
    }
}
