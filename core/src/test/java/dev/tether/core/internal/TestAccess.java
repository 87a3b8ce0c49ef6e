package dev.tether.core.internal;

import dev.tether.core.Target;

import java.util.concurrent.locks.Lock;

/** Reaches into the engine for tests that must hold one of its locks. */
public final class TestAccess {
    private TestAccess() {
    }

    /** The lock of {@code target}'s pool on {@code loop}. */
    public static Lock loopLock(Target target, int loop) {
        return ((TargetPool) target).loops[loop].lock;
    }
}
