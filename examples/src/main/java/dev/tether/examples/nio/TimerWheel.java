package dev.tether.examples.nio;

import dev.tether.core.NanoClock;
import dev.tether.core.annotations.ThreadConfined;

/**
 * The timers of one {@link EventLoop}: a hierarchical timing wheel with 1 ms ticks, in which arming,
 * re-arming and cancelling a timer are O(1) and allocate nothing, and a cancelled timer is unlinked at
 * once, so nothing keeps its task (and the connection behind it) reachable. (The idea is the
 * hierarchical wheel of Varghese and Lauck, as in the Linux kernel's timers and Kafka's purgatory;
 * Netty's {@code HashedWheelTimer} and Jetty's {@code CyclicTimeouts} solve the same problem.)
 *
 * <p>Layout: {@value #LEVELS} levels of {@value #SLOTS} slots; level {@code L} slot {@code s} holds,
 * in an intrusive doubly linked list, the timers whose deadline tick agrees with {@code currentTick}
 * on every 6-bit digit above {@code L} and has digit {@code s} at {@code L}. A timer sits at the level
 * of the highest digit in which its deadline differs from {@code currentTick}; when time reaches the
 * start of its slot, the slot's timers move down (or run, at level 0). A bitmap per level says which
 * slots are occupied, so the next deadline is found in O({@value #LEVELS}) without walking timers.
 *
 * <p>Invariants: every armed timer is in exactly one list (a slot, or the due list), and a disarmed
 * one in none; at level {@code L} every occupied slot's digit is greater than {@code currentTick}'s
 * digit at {@code L} (so slots run in time order and none is skipped); the timers of a slot at level 0
 * are due exactly at its start; a timer runs at most once per arming, not before its deadline.
 *
 * <p>Thread safety: confined to its loop's thread.
 */
@ThreadConfined("event loop")
final class TimerWheel {
    static final int SLOT_BITS = 6;
    static final int SLOTS = 1 << SLOT_BITS;
    /** 60 bits of 1 ms ticks: any delay a {@code long} of nanoseconds can express fits. */
    static final int LEVELS = 10;
    static final long TICK_NANOS = 1_000_000;
    /** The index in {@code heads} of the list of timers that are due and have not run yet. */
    private static final int DUE = LEVELS * SLOTS;

    private final NanoClock clock;
    private final long originNanos;
    /** Every timer due at or before this tick has been moved to the due list or run. */
    private long currentTick;
    /** List heads by {@code level * SLOTS + slot}, then the due list. */
    private final EventLoop.Timer[] heads = new EventLoop.Timer[LEVELS * SLOTS + 1];
    /** Bit {@code s} of {@code occupied[L]} is set when level {@code L} slot {@code s} is not empty. */
    private final long[] occupied = new long[LEVELS];
    private int size;

    TimerWheel(NanoClock clock) {
        this.clock = clock;
        this.originNanos = clock.nanoTime();
    }

    /** The clock the wheel reads when a timer is armed. */
    NanoClock clock() {
        return clock;
    }

    /** How many timers are armed. */
    int size() {
        return size;
    }

    /**
     * Arms {@code t} to run once {@code delayNanos} have passed, replacing any earlier arming.
     *
     * @param t a timer of this wheel
     * @param delayNanos the delay; ≤ 0 runs it at the next {@link #runDue}
     */
    void arm(EventLoop.Timer t, long delayNanos) {
        if (t.slot >= 0) {
            unlink(t);
        } else {
            size++;
        }
        long deadline = clock.nanoTime() - originNanos + Math.max(0, delayNanos);
        // Rounded up: a timer never runs before its deadline.
        t.deadlineTick = Math.max(0, (deadline + TICK_NANOS - 1) / TICK_NANOS);
        place(t);
    }

    /**
     * Disarms {@code t} and unlinks it: the wheel keeps no reference to it. Does nothing if it is not
     * armed.
     *
     * @param t a timer of this wheel
     */
    void cancel(EventLoop.Timer t) {
        if (t.slot >= 0) {
            unlink(t);
            size--;
        }
    }

    /**
     * Runs every timer whose deadline passed, in the order of their deadline ticks (in no promised
     * order within one tick), including timers armed meanwhile with no delay.
     *
     * @param nowNanos the current time of {@link #clock()}
     * @param runner runs each task; it must not throw
     */
    void runDue(long nowNanos, java.util.function.Consumer<Runnable> runner) {
        long nowTick = Math.max(currentTick, (nowNanos - originNanos) / TICK_NANOS);
        while (true) {
            EventLoop.Timer t = heads[DUE];
            if (t != null) {
                unlink(t); // a task may cancel or re-arm any timer, including the due ones after it
                size--;
                runner.accept(t.task);
                continue;
            }
            int level = lowestOccupiedLevel();
            if (level < 0) {
                currentTick = nowTick;
                return;
            }
            long start = slotStart(level);
            if (start > nowTick) {
                currentTick = nowTick; // below every occupied slot's start: the invariant holds
                return;
            }
            currentTick = start;
            expire(level, (int) (start >>> (level * SLOT_BITS)) & (SLOTS - 1));
        }
    }

    /**
     * Nanoseconds from {@code nowNanos} until the next timer may be due: 0 if one is due now, −1 if
     * none is armed. A timer far away is reported at the start of its slot, earlier than its deadline;
     * {@link #runDue} then moves it closer.
     *
     * @param nowNanos the current time of {@link #clock()}
     * @return the wait, or −1
     */
    long nanosToNext(long nowNanos) {
        if (heads[DUE] != null) {
            return 0;
        }
        int level = lowestOccupiedLevel();
        if (level < 0) {
            return -1;
        }
        return Math.max(0, slotStart(level) * TICK_NANOS - (nowNanos - originNanos));
    }

    /** Moves the timers of a slot whose start is {@code currentTick}: due ones to the due list, the rest down. */
    private void expire(int level, int slot) {
        int index = level * SLOTS + slot;
        EventLoop.Timer t = heads[index];
        heads[index] = null;
        occupied[level] &= ~(1L << slot);
        while (t != null) {
            EventLoop.Timer next = t.next;
            t.prev = null;
            t.next = null;
            t.slot = -1;
            place(t);
            t = next;
        }
    }

    /** Links {@code t} into the list its deadline belongs to, relative to {@code currentTick}. */
    private void place(EventLoop.Timer t) {
        long d = t.deadlineTick;
        if (d <= currentTick) {
            link(t, DUE);
            return;
        }
        int level = (63 - Long.numberOfLeadingZeros(d ^ currentTick)) / SLOT_BITS;
        int slot = (int) (d >>> (level * SLOT_BITS)) & (SLOTS - 1);
        link(t, level * SLOTS + slot);
        occupied[level] |= 1L << slot;
    }

    /** Appends {@code t} to list {@code index}. */
    private void link(EventLoop.Timer t, int index) {
        EventLoop.Timer head = heads[index];
        t.slot = index;
        t.next = null;
        if (head == null) {
            t.prev = t; // the head's prev is the tail
            heads[index] = t;
        } else {
            EventLoop.Timer tail = head.prev;
            tail.next = t;
            t.prev = tail;
            head.prev = t;
        }
    }

    private void unlink(EventLoop.Timer t) {
        int index = t.slot;
        EventLoop.Timer head = heads[index];
        if (t == head) {
            EventLoop.Timer next = t.next;
            heads[index] = next;
            if (next != null) {
                next.prev = t.prev;
            } else if (index != DUE) {
                occupied[index / SLOTS] &= ~(1L << (index % SLOTS));
            }
        } else {
            t.prev.next = t.next;
            if (t.next != null) {
                t.next.prev = t.prev;
            } else {
                head.prev = t.prev; // t was the tail
            }
        }
        t.prev = null;
        t.next = null;
        t.slot = -1;
    }

    private int lowestOccupiedLevel() {
        for (int level = 0; level < LEVELS; level++) {
            if (occupied[level] != 0) {
                return level;
            }
        }
        return -1;
    }

    /** The tick at which the first occupied slot of {@code level} starts. */
    private long slotStart(int level) {
        int shift = level * SLOT_BITS;
        long above = currentTick >>> (shift + SLOT_BITS) << (shift + SLOT_BITS);
        return above | (long) Long.numberOfTrailingZeros(occupied[level]) << shift;
    }

    @Override
    public String toString() {
        return "TimerWheel{armed=" + size + ",tick=" + currentTick + "}";
    }
}
