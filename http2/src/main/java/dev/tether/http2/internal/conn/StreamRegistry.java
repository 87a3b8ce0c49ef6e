package dev.tether.http2.internal.conn;

import dev.tether.core.annotations.NotThreadSafe;

/**
 * The active streams of a connection, by id (open addressing, no boxing), plus a ring of recently
 * closed ids that remembers how each closed (RFC 9113 §5.1 closed-stream bookkeeping).
 *
 * <p>Invariants: holds exactly the streams that are neither idle nor closed; {@link #localCount()}
 * and {@link #remoteCount()} count them by initiator; the table is at most half full; the ring
 * keeps the last {@value #RING} closed ids.
 *
 * <p>Thread safety: confined to its connection's thread.
 */
@NotThreadSafe
public final class StreamRegistry {
    /** How a stream closed, for frames that arrive afterwards. */
    public enum ClosedHow {
        /** We sent RST_STREAM: frames in flight are ignored (§5.1). */
        RESET_SENT,
        /** The peer sent RST_STREAM: further frames are a stream error STREAM_CLOSED. */
        RESET_RECEIVED,
        /** The peer had ended its side: further frames are a connection error STREAM_CLOSED. */
        END_STREAM_RECEIVED,
        /** Not remembered (closed long ago, or never opened). */
        UNKNOWN
    }

    static final int RING = 128;
    private H2Stream[] slots = new H2Stream[16];
    private int size;
    private int localCount;
    private int remoteCount;
    private final int[] ringIds = new int[RING];
    private final ClosedHow[] ringHow = new ClosedHow[RING];
    private int ringNext;

    /** {@return the number of active streams} */
    public int size() {
        return size;
    }

    /** {@return active streams we initiated} */
    public int localCount() {
        return localCount;
    }

    /** {@return active streams the peer initiated} */
    public int remoteCount() {
        return remoteCount;
    }

    /**
     * Finds an active stream.
     *
     * @param id the stream id
     * @return the stream, or {@code null} if idle or closed
     */
    public H2Stream get(int id) {
        H2Stream[] s = slots;
        int mask = s.length - 1;
        for (int i = hash(id) & mask; ; i = (i + 1) & mask) {
            H2Stream e = s[i];
            if (e == null || e.id == id) {
                return e;
            }
        }
    }

    void put(H2Stream stream) {
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        insert(slots, stream);
        size++;
        if (stream.local) {
            localCount++;
        } else {
            remoteCount++;
        }
    }

    void remove(H2Stream stream, ClosedHow how) {
        H2Stream[] s = slots;
        int mask = s.length - 1;
        int i = hash(stream.id) & mask;
        while (s[i] != stream) {
            if (s[i] == null) {
                return;
            }
            i = (i + 1) & mask;
        }
        s[i] = null;
        size--;
        if (stream.local) {
            localCount--;
        } else {
            remoteCount--;
        }
        // Backward-shift deletion keeps probe chains intact.
        for (int j = (i + 1) & mask; s[j] != null; j = (j + 1) & mask) {
            H2Stream e = s[j];
            s[j] = null;
            insert(s, e);
        }
        remember(stream.id, how);
    }

    void remember(int id, ClosedHow how) {
        ringIds[ringNext] = id;
        ringHow[ringNext] = how;
        ringNext = (ringNext + 1) % RING;
    }

    /**
     * Tells how a recently closed stream closed.
     *
     * @param id the stream id
     * @return how it closed, or {@link ClosedHow#UNKNOWN}
     */
    public ClosedHow closedHow(int id) {
        for (int k = 0; k < RING; k++) {
            if (ringIds[k] == id && ringHow[k] != null) {
                return ringHow[k];
            }
        }
        return ClosedHow.UNKNOWN;
    }

    /**
     * The slot array for allocation-free iteration: skip {@code null}s; do not add or remove while
     * iterating (collect first).
     *
     * @return the slots
     */
    H2Stream[] slots() {
        return slots;
    }

    private void grow() {
        H2Stream[] old = slots;
        H2Stream[] bigger = new H2Stream[old.length * 2];
        for (H2Stream e : old) {
            if (e != null) {
                insert(bigger, e);
            }
        }
        slots = bigger;
    }

    private static void insert(H2Stream[] s, H2Stream stream) {
        int mask = s.length - 1;
        int i = hash(stream.id) & mask;
        while (s[i] != null) {
            i = (i + 1) & mask;
        }
        s[i] = stream;
    }

    private static int hash(int id) {
        return (id >>> 1) * 0x9E3779B9 >>> 7;
    }
}
