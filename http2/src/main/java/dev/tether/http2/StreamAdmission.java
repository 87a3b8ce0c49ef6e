package dev.tether.http2;

import dev.tether.core.annotations.NotThreadSafe;

/**
 * One connection's share of its target's {@link StreamBudget} (docs/behaviour.md D12): how many
 * streams its mux admits at once (the ramp's window) and over its life, and what it tells the budget
 * about the peer. Without a budget it admits anything (R47 as written) and reports nothing.
 *
 * <p>Invariants: {@code lifetime} is fixed when the connection is created; {@code window} only grows,
 * and never past the peer's limit once it started below it; the budget hears at most once how the
 * connection ended (a GOAWAY that left streams unprocessed, or its lifetime reached cleanly).
 *
 * <p>Thread safety: confined to the connection's thread, like its mux.
 */
@NotThreadSafe
final class StreamAdmission {
    private final StreamBudget budget;
    /** Streams the connection may ever attach. */
    final int lifetime;
    /** Streams it admits at once. */
    private int window;
    /** Our first stream's id, 0 before one was sent. */
    private int firstId;
    private boolean reported;

    StreamAdmission(StreamBudget budget) {
        this.budget = budget;
        this.lifetime = budget == null ? Integer.MAX_VALUE : budget.perConnection();
        this.window = budget == null ? Integer.MAX_VALUE : budget.window();
    }

    /** {@return R47's {@code limit} capped by the window} */
    long cap(long limit) {
        return Math.min(window, limit);
    }

    /** {@return true once {@code attached} streams used up the connection's lifetime} */
    boolean spent(long attached) {
        return attached >= lifetime;
    }

    /** A stream of ours got its id. */
    void allocated(int id) {
        if (firstId == 0) {
            firstId = id;
        }
    }

    /** A final response head arrived: the window grows by one, up to R47's {@code limit}. */
    void answered(long limit) {
        if (budget != null && window < limit) {
            window++;
            budget.windowGrew(window);
        }
    }

    /**
     * GOAWAY received: when it is NO_ERROR and leaves some of the {@code attached} streams
     * unprocessed, the streams it accepted are what the peer takes.
     */
    void goAway(int lastStreamId, ErrorCode code, long attached) {
        int taken = firstId == 0 || lastStreamId < firstId ? 0 : (lastStreamId - firstId) / 2 + 1;
        if (budget != null && !reported && code == ErrorCode.NO_ERROR && taken > 0 && taken < attached) {
            reported = true;
            budget.refusedAfter(taken);
        }
    }

    /** The last attached stream was detached, {@code attached} in all; no GOAWAY if {@code clean}. */
    void idle(long attached, boolean clean) {
        if (budget != null && !reported && clean && spent(attached)) {
            reported = true;
            budget.reachedCleanly(lifetime);
        }
    }
}
