package dev.tether.examples.proxy;

import dev.tether.core.CloseReason;
import dev.tether.core.Mux;
import dev.tether.core.Stream;
import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.examples.nio.EventLoopGroup;

/**
 * The mux of a backend connection on a plain socket as the engine sees it: the connection's own mux,
 * which reports every fact, plus {@link Mux.Migratable}, so that a loop with nothing parked for a
 * target takes over a connection parked on another loop instead of opening one (docs/behaviour.md
 * R59–R61). Without it a connection serves only sessions of the loop that opened it, and each loop
 * opens connections while another holds idle ones.
 *
 * <p>Invariants: every {@link Mux} call is the wrapped mux's; a migration moves the backend's socket
 * (and with it every later event and task) to the taking loop, or changes nothing.
 *
 * <p>Thread safety: like the wrapped mux, confined to the connection's home loop;
 * {@link #migrateTo} runs on the taking loop, after the engine claimed the connection.
 *
 * @param <S> the stream type
 */
@NotThreadSafe
final class MovableMux<S extends Stream> implements Mux<S>, Mux.Migratable {
    private final Mux<S> mux;
    private final BackendConnection backend;
    private final EventLoopGroup loops;

    MovableMux(Mux<S> mux, BackendConnection backend, EventLoopGroup loops) {
        this.mux = mux;
        this.backend = backend;
        this.loops = loops;
    }

    @Override
    public boolean migrateTo(int toLoop) {
        return backend.moveTo(loops.loop(toLoop));
    }

    @Override
    public boolean multiplexed() {
        return mux.multiplexed();
    }

    @Override
    public boolean ready() {
        return mux.ready();
    }

    @Override
    public int availableStreams() {
        return mux.availableStreams();
    }

    @Override
    public int usedStreams() {
        return mux.usedStreams();
    }

    @Override
    public CloseReason unusableReason() {
        return mux.unusableReason();
    }

    @Override
    public boolean reusable() {
        return mux.reusable();
    }

    @Override
    public boolean firstExchange() {
        return mux.firstExchange();
    }

    @Override
    public S attach(long lease) {
        return mux.attach(lease);
    }

    @Override
    public int detach(S stream) {
        return mux.detach(stream);
    }

    @Override
    public String toString() {
        return "Movable" + mux;
    }
}
