package dev.tether.core.internal;

import dev.tether.core.Target;

import java.util.concurrent.locks.Lock;

/** Reaches into the engine for tests that must hold one of its locks. */
public final class TestAccess {
    private TestAccess() {
    }

    /**
     * True if the current thread holds any loop lock of the engine that owns {@code connection}: the
     * probe behind the R21/R61 check that no mux is called under an engine lock.
     */
    public static boolean anyLoopLockHeldByCurrentThread(dev.tether.core.Connection connection) {
        for (TargetPool pool : ((Conn) connection).engine.targets()) {
            for (LoopPool loop : pool.loops) {
                if (loop.lock.isHeldByCurrentThread()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The lock of {@code target}'s pool on {@code loop}. */
    public static Lock loopLock(Target target, int loop) {
        return ((TargetPool) target).loops[loop].lock;
    }
}
