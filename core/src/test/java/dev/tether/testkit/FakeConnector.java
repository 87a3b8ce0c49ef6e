package dev.tether.testkit;

import dev.tether.core.internal.TestAccess;
import dev.tether.core.Connection;
import dev.tether.core.Connector;
import dev.tether.core.Transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A connector that opens fake connections: each gets a {@link FakeTransport} and, unless told to
 * defer, a {@link FakeMux} installed inside {@code connect}, ready at once unless told otherwise.
 *
 * <p>Thread safety: connections are recorded in a concurrent list; settings are for one test thread.
 */
public final class FakeConnector implements Connector {
    /** Which mux to install: h1 by default. */
    public Function<Connection, FakeMux> muxFactory = FakeMux::h1;
    public boolean readyAtOnce = true;
    public boolean deferMux;
    public int refuseNext;
    private final List<Opened> opened = new CopyOnWriteArrayList<>();
    /** Calls into a mux made while the calling thread held an engine lock (R21, R61): must stay empty. */
    public final List<String> muxCallsUnderLock = new CopyOnWriteArrayList<>();
    /** Calls into the muxes of this connector, all checked for a held engine lock. */
    public final java.util.concurrent.atomic.AtomicLong muxCalls = new java.util.concurrent.atomic.AtomicLong();

    /** One connection this connector opened. */
    public static final class Opened {
        public final Connection connection;
        public final FakeTransport transport;
        public FakeMux mux;

        Opened(Connection connection, FakeTransport transport) {
            this.connection = connection;
            this.transport = transport;
        }
    }

    @Override
    public Transport connect(Connection connection) throws Exception {
        if (refuseNext > 0) {
            refuseNext--;
            throw new java.net.ConnectException("refused by the test");
        }
        FakeTransport t = new FakeTransport();
        Opened o = new Opened(connection, t);
        opened.add(o);
        if (!deferMux) {
            installMux(o);
        }
        return t;
    }

    /** Installs the mux of a connection opened with {@link #deferMux} (R27). */
    public FakeMux installMux(Opened o) {
        FakeMux mux = muxFactory.apply(o.connection);
        mux.ready = readyAtOnce;
        mux.loop = o.connection.homeLoop();
        mux.onCall = method -> {
            muxCalls.incrementAndGet();
            if (TestAccess.anyLoopLockHeldByCurrentThread(o.connection)) {
                muxCallsUnderLock.add(method + " on " + o.connection + " from " + caller());
            }
        };
        o.mux = mux;
        o.connection.installMux(mux);
        return mux;
    }

    private static String caller() {
        return StackWalker.getInstance().walk(frames -> frames.skip(3).limit(4)
                .map(f -> f.getClassName().replaceAll(".*\\.", "") + "." + f.getMethodName())
                .reduce((a, b) -> a + " < " + b).orElse("?"));
    }

    /** How many connections were opened so far. */
    public int openedCount() {
        return opened.size();
    }

    /** The {@code i}-th connection opened, counting from 0. */
    public Opened opened(int i) {
        return opened.get(i);
    }

    /** Every connection opened so far, in order. */
    public List<Opened> opened() {
        return new ArrayList<>(opened);
    }

    /** The record of {@code connection}. */
    public Opened of(Connection connection) {
        for (Opened o : opened) {
            if (o.connection == connection) {
                return o;
            }
        }
        throw new IllegalArgumentException("not opened here: " + connection);
    }

    /** The fake mux of {@code connection}. */
    public FakeMux mux(Connection connection) {
        return of(connection).mux;
    }
}
