package dev.tether.core.sim;

/**
 * A disagreement between the engine and the model, or a broken invariant, at one step of a run.
 * {@link #category} names what disagreed without step-specific numbers, so that shrinking keeps a
 * run failing for the same reason.
 *
 * <p>Thread safety: immutable.
 */
final class SimViolation extends Exception {
    private static final long serialVersionUID = 1L;
    final String category;

    SimViolation(String category, String detail) {
        super(category + ": " + detail, null, false, false);
        this.category = category;
    }

    SimViolation(String category, Throwable cause) {
        super(category + ": " + cause, cause);
        this.category = category;
    }
}
