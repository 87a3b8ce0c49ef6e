package dev.tether.testkit;

import dev.tether.core.ConnectReason;
import dev.tether.core.Connection;
import dev.tether.core.Lease;
import dev.tether.core.Session;
import dev.tether.core.Target;
import dev.tether.core.annotations.NotThreadSafe;

/**
 * A {@link Lease} with a name and nothing else, enough for a mux tested outside an engine, which only
 * passes its lease back to its listener.
 *
 * <p>Invariants: immutable name; every engine-side accessor returns a neutral value.
 *
 * <p>Thread safety: confined to the test thread.
 */
@NotThreadSafe
public final class FakeLease implements Lease {
    public final String name;

    public FakeLease(String name) {
        this.name = name;
    }

    @Override
    public Session session() {
        return null;
    }

    @Override
    public Target target() {
        return null;
    }

    @Override
    public Connection connection() {
        return null;
    }

    @Override
    public Object stream() {
        return null;
    }

    @Override
    public boolean reused() {
        return false;
    }

    @Override
    public boolean anticipated() {
        return false;
    }

    @Override
    public ConnectReason connectReason() {
        return null;
    }

    @Override
    public boolean isPending() {
        return false;
    }

    @Override
    public boolean isActive() {
        return true;
    }

    @Override
    public long acquiredAtNanos() {
        return 0;
    }

    @Override
    public String toString() {
        return name;
    }
}
