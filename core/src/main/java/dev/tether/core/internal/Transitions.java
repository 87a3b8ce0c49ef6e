package dev.tether.core.internal;

import dev.tether.core.ConnectionState;
import dev.tether.core.annotations.ThreadSafe;

import static dev.tether.core.ConnectionState.AVAILABLE;
import static dev.tether.core.ConnectionState.CLOSED;
import static dev.tether.core.ConnectionState.CLOSING;
import static dev.tether.core.ConnectionState.EXCLUSIVE;
import static dev.tether.core.ConnectionState.IDLE;
import static dev.tether.core.ConnectionState.PRIVATE_BUSY;
import static dev.tether.core.ConnectionState.PRIVATE_IDLE;
import static dev.tether.core.ConnectionState.SAFE;
import static dev.tether.core.ConnectionState.SESSION_RESERVED;

/**
 * The legal state transitions of a connection (docs/behaviour.md §1.1), as a table: any transition not
 * listed is a bug, caught by an assertion in {@link LoopPool#moveLocked}.
 *
 * <p>Thread safety: immutable after class initialisation.
 */
@ThreadSafe
final class Transitions {
    private static final int N = ConnectionState.values().length;
    private static final boolean[][] LEGAL = new boolean[N][N];
    private static final boolean[] INITIAL = new boolean[N];

    static {
        initial(EXCLUSIVE, AVAILABLE, SESSION_RESERVED, PRIVATE_BUSY); // R23, R26
        allow(EXCLUSIVE, AVAILABLE);                                   // R42
        allow(AVAILABLE, EXCLUSIVE);                                   // R19, R65
        allow(EXCLUSIVE, SESSION_RESERVED);                            // R27: mux installed after the handshake
        for (ConnectionState busy : new ConnectionState[] {EXCLUSIVE, AVAILABLE, SESSION_RESERVED}) {
            allow(busy, IDLE);                                         // R44, R50
            allow(busy, SAFE);
        }
        allow(EXCLUSIVE, PRIVATE_BUSY);                                // R30
        allow(SESSION_RESERVED, PRIVATE_BUSY);
        allow(PRIVATE_BUSY, PRIVATE_IDLE);                             // R43
        allow(PRIVATE_IDLE, PRIVATE_BUSY);                             // R13
        for (ConnectionState parked : new ConnectionState[] {IDLE, SAFE}) {
            allow(parked, EXCLUSIVE);                                  // R18
            allow(parked, AVAILABLE);
            allow(parked, SESSION_RESERVED);
        }
        for (ConnectionState open : ConnectionState.values()) {
            if (!open.isClosed()) {
                allow(open, CLOSING);                                  // §1.3
                allow(open, CLOSED);
            }
        }
        allow(CLOSING, CLOSED);
    }

    private Transitions() {
    }

    private static void initial(ConnectionState... states) {
        for (ConnectionState s : states) {
            INITIAL[s.ordinal()] = true;
        }
    }

    private static void allow(ConnectionState from, ConnectionState to) {
        LEGAL[from.ordinal()][to.ordinal()] = true;
    }

    /** True if a connection may go from {@code from} ({@code null} for a new one) to {@code to}. */
    static boolean legal(ConnectionState from, ConnectionState to) {
        return from == null ? INITIAL[to.ordinal()] : LEGAL[from.ordinal()][to.ordinal()];
    }
}
