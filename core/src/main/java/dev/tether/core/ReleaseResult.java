package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

/**
 * What {@link ReuseEngine#release} did with the connection: the state it left it in (or
 * {@link ConnectionState#CLOSED} with a {@link CloseReason}), and for a failed exchange its
 * {@link FailureClass}. Instances are interned, so returning one allocates nothing.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public final class ReleaseResult {
    private static final ConnectionState[] STATES = ConnectionState.values();
    private static final CloseReason[] REASONS = CloseReason.values();
    private static final FailureClass[] FAILURES = FailureClass.values();
    private static final ReleaseResult[] TABLE = table();

    private final ConnectionState state;
    private final CloseReason closeReason;
    private final FailureClass failureClass;

    private ReleaseResult(ConnectionState state, CloseReason closeReason, FailureClass failureClass) {
        this.state = state;
        this.closeReason = closeReason;
        this.failureClass = failureClass;
    }

    private static ReleaseResult[] table() {
        ReleaseResult[] t = new ReleaseResult[STATES.length * (REASONS.length + 1) * (FAILURES.length + 1)];
        for (int s = 0; s < STATES.length; s++) {
            for (int r = 0; r <= REASONS.length; r++) {
                for (int f = 0; f <= FAILURES.length; f++) {
                    t[index(s, r, f)] = new ReleaseResult(STATES[s],
                            r == 0 ? null : REASONS[r - 1], f == 0 ? null : FAILURES[f - 1]);
                }
            }
        }
        return t;
    }

    private static int index(int state, int reason, int failure) {
        return (state * (REASONS.length + 1) + reason) * (FAILURES.length + 1) + failure;
    }

    /**
     * Returns the interned result.
     *
     * @param state the connection's state after the release
     * @param closeReason why it closed, or {@code null} when it stays open
     * @param failureClass the class of a failed exchange, or {@code null}
     * @return the result
     */
    public static ReleaseResult of(ConnectionState state, CloseReason closeReason, FailureClass failureClass) {
        return TABLE[index(state.ordinal(), closeReason == null ? 0 : closeReason.ordinal() + 1,
                failureClass == null ? 0 : failureClass.ordinal() + 1)];
    }

    /** The connection's state after the release; {@link ConnectionState#CLOSED} if it was closed. */
    public ConnectionState state() {
        return state;
    }

    /** Why the connection closed, or {@code null} if it stays open. */
    public CloseReason closeReason() {
        return closeReason;
    }

    /** The failure class of a failed exchange (R71), or {@code null}. */
    public FailureClass failureClass() {
        return failureClass;
    }

    /** True if the connection stays open. */
    public boolean kept() {
        return closeReason == null;
    }

    @Override
    public String toString() {
        return "ReleaseResult{" + state + (closeReason == null ? "" : ", closed " + closeReason)
                + (failureClass == null ? "" : ", failure " + failureClass) + '}';
    }
}
