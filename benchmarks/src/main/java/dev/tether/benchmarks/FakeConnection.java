package dev.tether.benchmarks;

import dev.tether.core.CloseReason;
import dev.tether.core.Lease;
import dev.tether.core.Mux;
import dev.tether.core.Stream;
import dev.tether.core.Transport;
import dev.tether.core.annotations.NotThreadSafe;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;

/**
 * The one fake backend connection every pool benchmark pools: an HTTP/1.1-like connection with no
 * socket, one stream at a time, always reusable. It is Tether's {@link Transport}, {@link Mux} and
 * {@link Stream},
 * HttpCore 5's {@link ModalCloseable} and Jetty's pooled object, so that each pool handles the same
 * object and only the pool differs.
 *
 * <p>Invariants: {@code 0 ≤ usedStreams() ≤ 1}; {@link #attach} returns this object as the stream
 * handle and allocates nothing; {@link #firstExchange()} is true only after the first exchange ended;
 * closing only sets a flag.
 *
 * <p>Thread safety: not thread-safe; a pool hands it to one thread at a time, and each pool's
 * hand-over (a lock or a CAS) publishes its fields.
 */
@NotThreadSafe
public final class FakeConnection implements Transport, Mux<FakeConnection>, Stream, ModalCloseable {
    private int open;
    private long lease = Lease.NONE;
    private long exchanges;
    private boolean closed;

    @Override
    public boolean multiplexed() {
        return false;
    }

    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public int availableStreams() {
        return closed ? 0 : 1 - open;
    }

    @Override
    public int usedStreams() {
        return open;
    }

    @Override
    public CloseReason unusableReason() {
        return closed ? CloseReason.PEER_CLOSED : null;
    }

    @Override
    public boolean firstExchange() {
        return exchanges == 1;
    }

    @Override
    public FakeConnection attach(long lease) {
        open++;
        this.lease = lease;
        return this;
    }

    @Override
    public int detach(FakeConnection stream) {
        open--;
        lease = Lease.NONE;
        exchanges++;
        return 0;
    }

    @Override
    public long lease() {
        return lease;
    }

    /** Closes the fake: it reports itself unusable from then on. */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public void close(CloseMode closeMode) {
        closed = true;
    }

    /** {@return true once closed} */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "FakeConnection{open=" + open + ",exchanges=" + exchanges + (closed ? ",closed" : "") + '}';
    }
}
