package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

/**
 * A source of monotonic nanoseconds. The engine takes time as a parameter on every host call; it
 * reads its clock only for events that carry no time ({@link MuxListener#onMuxEvent}). Tests inject a
 * fake one.
 *
 * <p>Thread safety: implementations must be safe to call from any thread.
 */
@ThreadSafe
@FunctionalInterface
public interface NanoClock {
    /** {@link System#nanoTime()}. */
    NanoClock SYSTEM = System::nanoTime;

    /** The current time in nanoseconds, in an arbitrary but fixed origin. */
    long nanoTime();
}
