package dev.tether.http2.internal.stream;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Http2Exception.Scope;
import dev.tether.http2.StreamState;

/**
 * One cell of the stream state table: the next state, or the error the pair yields.
 *
 * <p>Invariants: exactly one of {@code next} and {@code error} is non-null, unless the cell is host
 * misuse ({@code misuse} true, both null). Errors carry their §5.1 scope.
 *
 * <p>Thread safety: immutable.
 *
 * @param next the state after the event, or {@code null}
 * @param error the error code of a rejected receive, or {@code null}
 * @param scope the scope of that error, or {@code null}
 * @param misuse true when a send is not allowed in the state (host misuse)
 */
@ThreadSafe
public record Transition(StreamState next, ErrorCode error, Scope scope, boolean misuse) {
    static Transition to(StreamState next) {
        return new Transition(next, null, null, false);
    }

    static Transition fail(ErrorCode code, Scope scope) {
        return new Transition(null, code, scope, false);
    }

    static Transition hostMisuse() {
        return new Transition(null, null, null, true);
    }

    /** {@return true if the event is allowed} */
    public boolean allowed() {
        return next != null;
    }
}
