package dev.tether.http2;

import dev.tether.core.ConnectReason;
import dev.tether.core.Connection;
import dev.tether.core.Lease;
import dev.tether.core.Session;
import dev.tether.core.Target;
import dev.tether.core.annotations.NotThreadSafe;

/**
 * Test fake lease: a name and nothing else.
 *
 * <p>Invariants: immutable name.
 *
 * <p>Thread safety: test thread only.
 */
@NotThreadSafe
final class FakeLease implements Lease {
    final String name;

    FakeLease(String name) {
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
}
