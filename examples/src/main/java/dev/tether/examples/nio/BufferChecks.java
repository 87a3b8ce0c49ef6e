package dev.tether.examples.nio;

import dev.tether.core.annotations.ThreadConfined;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The ownership checks of a {@link BufferPool}, on only when assertions are (tests, never production):
 * a buffer released that is not lent (released twice, or foreign) fails at once, and a released
 * buffer is filled with a poison byte that must still be there when it is lent again, so that a
 * borrower who writes into a buffer after releasing it (and thereby into another connection's bytes)
 * is caught at the next acquire, with the first bytes written in the message; so is one who moved its
 * position or limit after the release (the next borrower would then send bytes nobody wrote).
 *
 * <p>Invariants: {@code lent} holds exactly the buffers acquired and not released; every free buffer
 * holds only {@link #POISON} bytes.
 *
 * <p>Thread safety: confined to its pool's loop thread.
 */
@ThreadConfined("event loop")
final class BufferChecks {
    /** What a free buffer holds, everywhere. */
    static final byte POISON = (byte) 0xA5;

    private final Set<ByteBuffer> lent = Collections.newSetFromMap(new IdentityHashMap<>());
    /** A free buffer's expected content. */
    private final byte[] poisoned;

    private BufferChecks(int bufferSize) {
        poisoned = new byte[bufferSize];
        Arrays.fill(poisoned, POISON);
    }

    /**
     * Checks for a pool of {@code bufferSize} buffers when assertions are on, else {@code null}.
     *
     * @param bufferSize the pool's buffer capacity
     * @return the checks, or {@code null}
     */
    static BufferChecks ifAssertionsOn(int bufferSize) {
        boolean on = false;
        assert on = true; // deliberately a side effect: true only with -ea
        return on ? new BufferChecks(bufferSize) : null;
    }

    /**
     * {@code b} is being lent: it must be new, or free and untouched since its release.
     *
     * @param b the buffer
     * @param fresh it was just allocated (all zeros), not taken from the free list
     * @return true
     */
    boolean lent(ByteBuffer b, boolean fresh) {
        if (b.position() != 0 || b.limit() != b.capacity()) {
            throw new AssertionError("a released buffer was moved after its release (position or limit): " + b);
        }
        int written = fresh ? -1 : Arrays.mismatch(b.array(), poisoned);
        if (written >= 0) {
            throw new AssertionError("a released buffer was written after its release, at byte " + written
                    + ": " + printable(b.array(), written));
        }
        if (!lent.add(b)) {
            throw new AssertionError("a buffer lent twice: " + b);
        }
        return true;
    }

    /** {@code b} is being released: it must be lent; it is poisoned. */
    boolean returned(ByteBuffer b) {
        if (!lent.remove(b)) {
            throw new AssertionError("a buffer released that is not lent (released twice?): " + b);
        }
        Arrays.fill(b.array(), POISON);
        return true;
    }

    private static String printable(byte[] a, int from) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < Math.min(a.length, from + 48); i++) {
            int c = a[i] & 0xff;
            s.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return s.toString();
    }
}
