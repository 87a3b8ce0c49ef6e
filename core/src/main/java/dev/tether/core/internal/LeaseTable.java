package dev.tether.core.internal;

import dev.tether.core.Lease;
import dev.tether.core.annotations.ThreadConfined;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One event loop's lease records and the handles that name them. A record is created once, when the
 * loop has more leases at once than ever before, and is recycled by every later acquire on the loop,
 * so acquire and release allocate nothing; each acquire stamps it with a new handle.
 *
 * <p>A handle is 64 bits: the record's generation in the high 32 and its slot in the low 32, where
 * the slot is {@code index << loopBits | loop} (so the loop, and this table, is read from the handle
 * alone). The generation starts at a random non-zero value per record (a handle of another engine, or
 * a number that is no handle, is refused with probability {@code 1 − 2^-32}) and advances at every
 * recycle, skipping 0, so a handle is valid from its acquire to its release and never again until its
 * record has been recycled 2^32 − 1 times. No handle is 0 ({@link Lease#NONE}).
 *
 * <p>Invariants: {@code slots[i].index == i} for {@code i < size}; a record is on the free list
 * exactly when its status is FREE; a live record's {@code handle} is the one its acquire returned,
 * and a free record's is {@link Lease#NONE}.
 *
 * <p>Thread safety: confined to its loop's thread, like the sessions whose leases it holds.
 */
@ThreadConfined("event loop")
final class LeaseTable {
    final DefaultReuseEngine engine;
    private final int loop;
    private final int loopBits;
    private final long maxIndex;
    private LeaseImpl[] slots = new LeaseImpl[8];
    private int size;
    /** Free records, linked through {@code LeaseImpl.next}. */
    private LeaseImpl free;

    LeaseTable(DefaultReuseEngine engine, int loop, int loopBits) {
        this.engine = engine;
        this.loop = loop;
        this.loopBits = loopBits;
        this.maxIndex = Math.min(Integer.MAX_VALUE - 8, (1L << (32 - loopBits)) - 1);
    }

    /** The number of low slot bits that hold the loop index for {@code loops} loops. */
    static int loopBits(int loops) {
        return 32 - Integer.numberOfLeadingZeros(loops - 1);
    }

    /**
     * A free record for a lease of {@code session}, stamped with a new handle.
     *
     * @throws IllegalStateException if the loop holds more leases at once than a handle can name
     */
    LeaseImpl obtain(SessionImpl session) {
        LeaseImpl l = free;
        if (l == null) {
            l = create();
        } else {
            free = l.next;
            l.next = null;
        }
        l.session = session;
        l.handle = (long) l.generation << 32 | ((long) l.index << loopBits | loop) & 0xFFFF_FFFFL;
        return l;
    }

    private LeaseImpl create() {
        if (size > maxIndex) {
            throw new IllegalStateException("loop " + loop + " holds " + size + " leases at once, the most a handle names");
        }
        if (size == slots.length) {
            slots = Arrays.copyOf(slots, size * 2);
        }
        int generation = ThreadLocalRandom.current().nextInt();
        LeaseImpl l = new LeaseImpl(this, size, generation == 0 ? 1 : generation);
        slots[size++] = l;
        return l;
    }

    /** Ends a lease: its handle turns stale, and the record waits for the next acquire on this loop. */
    void recycle(LeaseImpl lease) {
        lease.clear();
        lease.session = null;
        lease.handle = Lease.NONE;
        int g = lease.generation + 1;
        lease.generation = g == 0 ? 1 : g;
        lease.next = free;
        free = lease;
    }

    /** The live record {@code handle} names, or {@code null} if the handle is stale or not of this table. */
    LeaseImpl find(long handle) {
        long index = (handle & 0xFFFF_FFFFL) >>> loopBits;
        if (index >= size) {
            return null;
        }
        LeaseImpl l = slots[(int) index];
        return l.handle == handle && handle != Lease.NONE ? l : null;
    }

    /** {@code handle} as messages name it: {@code loop:index#generation}. */
    static String describe(long handle, int loopBits) {
        long slot = handle & 0xFFFF_FFFFL;
        return (slot & ((1L << loopBits) - 1)) + ":" + (slot >>> loopBits) + "#" + (handle >>> 32);
    }
}
