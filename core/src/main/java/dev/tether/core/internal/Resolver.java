package dev.tether.core.internal;

import dev.tether.core.Lease;
import dev.tether.core.Session;
import dev.tether.core.Target;
import dev.tether.core.annotations.ThreadSafe;

import java.util.Objects;

/**
 * Turns what the host passes in (targets, sessions, lease handles) into the engine's own records,
 * or throws {@link IllegalStateException} naming what is wrong: another engine's object, a removed
 * target, a closed session, a stale or pending lease. Nothing changes when it throws.
 *
 * <p>Invariants: owns the per-loop {@link LeaseTable}s; a handle is resolved only through the table
 * of the loop its low bits name.
 *
 * <p>Thread safety: target and session checks run on any thread; a handle is resolved on its
 * session's loop, whose thread alone touches that loop's table.
 */
@ThreadSafe
public final class Resolver {
    private final DefaultReuseEngine engine;
    private final LeaseTable[] tables;
    private final int loopBits;

    Resolver(DefaultReuseEngine engine, int loops) {
        this.engine = engine;
        this.loopBits = LeaseTable.loopBits(loops);
        this.tables = new LeaseTable[loops];
        for (int i = 0; i < loops; i++) {
            tables[i] = new LeaseTable(engine, i, loopBits);
        }
    }

    /** The lease table of {@code loop}; only that loop's thread may use it. */
    LeaseTable table(int loop) {
        return tables[loop];
    }

    /**
     * A registered target of this engine.
     *
     * @throws IllegalStateException if it is another engine's, or was removed
     */
    public TargetPool target(Target target) {
        Objects.requireNonNull(target, "target");
        if (!(target instanceof TargetPool) || ((TargetPool) target).engine != engine) {
            throw new IllegalStateException("target " + target.name() + " belongs to another engine");
        }
        if (target.isRemoved()) {
            throw new IllegalStateException("target " + target.name() + " was removed");
        }
        return (TargetPool) target;
    }

    /**
     * An open session of this engine.
     *
     * @throws IllegalStateException if it is another engine's, or closed
     */
    public SessionImpl openSession(Session session) {
        Objects.requireNonNull(session, "session");
        if (!(session instanceof SessionImpl) || ((SessionImpl) session).engine != engine) {
            throw new IllegalStateException("session " + session.id() + " belongs to another engine");
        }
        if (session.isClosed()) {
            throw new IllegalStateException("session " + session.id() + " is closed");
        }
        return (SessionImpl) session;
    }

    /**
     * The live lease (active or pending) that {@code handle} names.
     *
     * @throws IllegalStateException naming the handle if it is stale (its lease was released or
     *     failed), another engine's, or no handle at all
     */
    public LeaseImpl lease(long handle) {
        long loop = handle & ((1L << loopBits) - 1);
        LeaseImpl l = loop < tables.length ? tables[(int) loop].find(handle) : null;
        if (l == null) {
            throw new IllegalStateException("lease " + describe(handle) + " is stale: it was released (or is not a "
                    + "lease of this engine); its handle must not be used again");
        }
        return l;
    }

    /**
     * The active lease that {@code handle} names.
     *
     * @throws IllegalStateException as {@link #lease}, or if the lease is still pending
     */
    public LeaseImpl activeLease(long handle) {
        LeaseImpl l = lease(handle);
        if (l.status != LeaseImpl.ACTIVE) {
            throw new IllegalStateException(l.describe() + " is pending: wait for SessionListener.onLeaseReady");
        }
        return l;
    }

    /** {@code handle} as messages name it ({@code loop:index#generation}); {@code NONE} for none. */
    public String describe(long handle) {
        return handle == Lease.NONE ? "NONE" : LeaseTable.describe(handle, loopBits);
    }
}
