package dev.tether.core;

import dev.tether.core.internal.TestAccess;

import java.util.concurrent.locks.Lock;

/** Test access to a target's per-loop lock, to prove that other loops are only try-locked (R60). */
final class LoopLocks {
    private LoopLocks() {
    }

    static Lock of(Target target, int loop) {
        return TestAccess.loopLock(target, loop);
    }
}
